/**
 * planner.*: a workflow drafted from a sentence, and a change proposed from an instruction.
 * Mutations (they compute, and may call a provider), though neither saves anything.
 */
import { z } from "zod";

import * as engine from "@/server/engine/planner";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

import { workflowId } from "./workflows";

/** The engine's limits, checked here so a bad input fails before the engine is called. */
const MAX_DESCRIPTION = 2000;
const MAX_INSTRUCTION = 1000;

export const planInput = z.strictObject({
  description: z.string().trim().min(1, "Describe what the workflow should do.").max(MAX_DESCRIPTION),
  credentialId: z.guid({ message: "Not a credential id." }).nullish(),
  model: z.string().trim().min(1).max(200).nullish(),
});

export const refineInput = z.strictObject({
  id: workflowId,
  instruction: z.string().trim().min(1, "Say what to change.").max(MAX_INSTRUCTION),
  credentialId: z.guid({ message: "Not a credential id." }).nullish(),
  model: z.string().trim().min(1).max(200).nullish(),
});

export const plannerRouter = createTRPCRouter({
  /** A valid draft (document, a note per node, the planner's label), not saved. */
  plan: protectedProcedure.input(planInput).mutation(({ ctx, input }) => engine.planWorkflow(ctx.engine, input)),

  /** A proposed document for a saved workflow, with what it adds, removes and changes. */
  refine: protectedProcedure
    .input(refineInput)
    .mutation(({ ctx, input }) =>
      engine.refineWorkflow(ctx.engine, input.id, input.instruction, { credentialId: input.credentialId, model: input.model }),
    ),
});
