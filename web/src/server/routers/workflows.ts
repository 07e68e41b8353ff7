/**
 * workflows.*: the BFF over the engine's workflow endpoints. Procedures validate
 * input with zod and call one function of `@/server/engine/workflows` (house rule 4).
 * A stale `basedOnVersion` is a CONFLICT whose `data.currentVersion` is the engine's
 * current version (see `engineErrorData` in `@/server/trpc/errors`).
 */
import { z } from "zod";

import * as engine from "@/server/engine/workflows";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

/** The engine's limits, checked here so a bad input fails before the engine is called. */
const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;
const EXPORT_FORMAT = "orrery.workflow-export/v1";

export const workflowId = z.guid({ message: "Not a workflow id." });
export const workflowName = z.string().trim().min(1, "A workflow needs a name.").max(MAX_NAME);
export const workflowDescription = z.string().max(MAX_DESCRIPTION);
export const templateSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "Not a template slug.");
/** A workflow document. Its shape is the engine's to judge: it answers every problem at once. */
export const specInput = z.record(z.string(), z.unknown());

export const listInput = z
  .object({
    q: z.string().max(MAX_NAME).optional(),
    cursor: z.string().max(1000).nullish(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .default({});

export const createInput = z.union([
  z.strictObject({ name: workflowName, description: workflowDescription.optional(), spec: specInput }),
  z.strictObject({ template: templateSlug, name: workflowName.optional(), description: workflowDescription.optional() }),
]);

export const updateInput = z
  .strictObject({
    id: workflowId,
    name: workflowName.optional(),
    description: workflowDescription.optional(),
    spec: specInput.optional(),
    basedOnVersion: z.number().int().min(1).optional(),
  })
  .refine((input) => input.spec === undefined || input.basedOnVersion !== undefined, {
    message: "Saving a spec needs basedOnVersion: the current_version the edit started from.",
    path: ["basedOnVersion"],
  });

export const importInput = z.object({
  document: z.object({
    format: z.literal(EXPORT_FORMAT, { message: `Not an Orrery export (format must be "${EXPORT_FORMAT}").` }),
    name: workflowName,
    description: workflowDescription.optional(),
    exported_at: z.string().nullish(),
    spec: specInput,
  }),
});

const byId = z.object({ id: workflowId });

export const workflowsRouter = createTRPCRouter({
  /** A page of the user's workflows, most recently edited first; `q` searches names. */
  list: protectedProcedure
    .input(listInput)
    .query(({ ctx, input, signal }) => engine.listWorkflows(ctx.engine, input, signal)),

  /** One workflow with its current spec, `current_version` and `problems`. */
  get: protectedProcedure.input(byId).query(({ ctx, input, signal }) => engine.getWorkflow(ctx.engine, input.id, signal)),

  /** From a spec (`name` required) or a template slug (`name` optional). */
  create: protectedProcedure.input(createInput).mutation(({ ctx, input }) => engine.createWorkflow(ctx.engine, input)),

  /** Rename and/or save a spec (a changed spec makes a new version). */
  update: protectedProcedure
    .input(updateInput)
    .mutation(({ ctx, input: { id, ...fields } }) => engine.updateWorkflow(ctx.engine, id, fields)),

  delete: protectedProcedure.input(byId).mutation(({ ctx, input }) => engine.deleteWorkflow(ctx.engine, input.id)),

  duplicate: protectedProcedure.input(byId).mutation(({ ctx, input }) => engine.duplicateWorkflow(ctx.engine, input.id)),

  /** The self-contained export document (what `import` takes back). */
  export: protectedProcedure.input(byId).query(({ ctx, input, signal }) => engine.exportWorkflow(ctx.engine, input.id, signal)),

  import: protectedProcedure.input(importInput).mutation(({ ctx, input }) => engine.importWorkflow(ctx.engine, input.document)),

  /**
   * Every problem of a document, valid or not. A mutation although it changes nothing:
   * a document (up to 1 MiB) does not fit in a GET query string.
   */
  validate: protectedProcedure
    .input(z.object({ spec: specInput, workflowId: workflowId.nullish() }))
    .mutation(({ ctx, input, signal }) => engine.validateSpec(ctx.engine, input.spec, signal, input.workflowId)),

  /** Version history, newest first. */
  versions: protectedProcedure.input(byId).query(({ ctx, input, signal }) => engine.listVersions(ctx.engine, input.id, signal)),

  /** One version's spec. */
  version: protectedProcedure
    .input(z.object({ id: workflowId, version: z.number().int().min(1) }))
    .query(({ ctx, input, signal }) => engine.getVersion(ctx.engine, input.id, input.version, signal)),
});
