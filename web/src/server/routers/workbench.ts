/**
 * workbench.*: the BFF over the engine's workbench endpoints (test one node, pins, forks).
 * Procedures validate input with zod and call one function of `@/server/engine/workbench`.
 */
import { z } from "zod";

import * as engine from "@/server/engine/workbench";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

import { nodeId, runId, workflowId } from "./runs";

const outputs = z.record(nodeId, z.unknown()).default({});
const inputs = z.record(z.string(), z.unknown()).nullish();
const version = z.number().int().min(1).nullish();

export const testNodeInput = z.strictObject({
  workflowId,
  nodeId,
  inputs,
  outputs,
  version,
});
export const forkInput = z.strictObject({
  runId,
  fromNode: nodeId,
  inputs,
  outputs,
  version,
});
export const pinInput = z.strictObject({
  workflowId,
  nodeId,
  output: z.unknown(),
});

export const workbenchRouter = createTRPCRouter({
  /** Runs one node as a run of kind `test`; its upstream is seeded (edits, pins, the last run). */
  testNode: protectedProcedure.input(testNodeInput).mutation(({ ctx, input }) => engine.testNode(ctx.engine, input)),

  /** Re-runs a finished run from a step, reusing the rest, as a new run linked to it. */
  fork: protectedProcedure.input(forkInput).mutation(({ ctx, input }) => engine.forkRun(ctx.engine, input)),

  pins: protectedProcedure.input(z.object({ workflowId })).query(({ ctx, input, signal }) => engine.listPins(ctx.engine, input.workflowId, signal)),

  pin: protectedProcedure.input(pinInput).mutation(({ ctx, input }) => engine.pinOutput(ctx.engine, input.workflowId, input.nodeId, input.output ?? null)),

  unpin: protectedProcedure
    .input(z.object({ workflowId, nodeId }))
    .mutation(({ ctx, input }) => engine.unpinOutput(ctx.engine, input.workflowId, input.nodeId)),
});
