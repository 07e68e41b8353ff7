/**
 * runs.*: the BFF over the engine's run endpoints. Procedures validate input with zod
 * and call one function of `@/server/engine/runs` (house rule 4).
 *
 * `runs.events` relays the engine's SSE stream as a tRPC v11 subscription: durable
 * events are yielded as `tracked(String(seq), event)`, so `httpSubscriptionLink`
 * reconnects with the last id it saw and the engine resumes right after it;
 * `step.delta` (live only, no seq) is yielded untracked, a step's tokens merged over
 * `DELTA_WINDOW_MS`. `signal` reaches the engine fetch, so a closed tab frees the
 * engine's reader. Over HTTP, /api/trpc/runs.events is answered by the live-run hub
 * (server/live: one engine read per run for every viewer) in the same wire format; this
 * procedure gives the client its types, serves server-side callers, and is what the hub's
 * input schema (`eventsInput`) and event mapping (`liveRunEvents`, `subscriptionValue`) are
 * shared with.
 */
import { z } from "zod";

import { EngineError } from "@/server/engine/errors";
import * as engine from "@/server/engine/runs";
import { DELTA_WINDOW_MS, liveRunEvents, subscriptionValue } from "@/server/live/run-stream";
import { toTRPCError } from "@/server/trpc/errors";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const runId = z.guid({ message: "Not a run id." });
export const workflowId = z.guid({ message: "Not a workflow id." });
/** Node ids: letters, digits and `_`, not starting with a digit (the workflow document's rule). */
export const nodeId = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "Not a node id.");
export const runStatus = z.enum(engine.RUN_STATUSES);
/** A durable event id (the run's `seq`), as the client sends it back to resume. */
export const eventId = z.string().regex(/^\d{1,15}$/, "Not an event id.");

export const startInput = z.strictObject({
  workflowId,
  inputs: z.record(z.string(), z.unknown()).default({}),
  version: z.number().int().min(1).nullish(),
  /** Makes a double-submitted start create one run. */
  idempotencyKey: z.string().min(8).max(200).optional(),
});

/** Not strict: tRPC's infinite queries add `cursor` and `direction`. */
export const listInput = z
  .object({
    workflowId: workflowId.nullish(),
    status: runStatus.nullish(),
    /** A run's child runs (its sub-workflow steps'). */
    parentRunId: runId.nullish(),
    /** What started the runs: the app, an API key, a webhook, a schedule. */
    trigger: z.enum(["manual", "api", "webhook", "schedule"]).nullish(),
    /** Normal runs, node tests or forks. */
    kind: z.enum(["run", "test", "fork"]).nullish(),
    /** A run's forks. */
    forkedFrom: runId.nullish(),
    cursor: z.string().max(1000).nullish(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .default({});

export const decideInput = z.strictObject({
  runId,
  nodeId,
  approved: z.boolean(),
  comment: z.string().max(4000).nullish(),
  /** An edited output (approved only, when the approval allows edits). */
  output: z.unknown().optional(),
  /** For an approval inside a map or loop: its iteration (`scenes[3]`), as its step's `scope` says. */
  scope: z.string().min(1).max(1000).nullish(),
});

/** The most items one retry names (the engine's map limit is 1,000 by default). */
export const MAX_RETRY_ITEMS = 10_000;

export const retryInput = z.strictObject({
  runId,
  fromNode: nodeId.nullish(),
  /** With a container as `fromNode`: only these items (0-based), or every failed one. */
  items: z
    .union([z.array(z.number().int().min(0, "An item index is 0 or more.")).min(1).max(MAX_RETRY_ITEMS), z.literal("failed")])
    .nullish(),
});

export const eventsInput = z.object({
  runId,
  /** Set by the page (the run's `last_event_seq` it already shows) and by httpSubscriptionLink on reconnect. */
  lastEventId: eventId.nullish(),
});

export { DELTA_WINDOW_MS };

export const runsRouter = createTRPCRouter({
  start: protectedProcedure.input(startInput).mutation(({ ctx, input }) => engine.startRun(ctx.engine, input)),

  list: protectedProcedure.input(listInput).query(({ ctx, input, signal }) => engine.listRuns(ctx.engine, input, signal)),

  get: protectedProcedure.input(z.object({ id: runId })).query(({ ctx, input, signal }) => engine.getRun(ctx.engine, input.id, signal)),

  spec: protectedProcedure.input(z.object({ id: runId })).query(({ ctx, input, signal }) => engine.getRunSpec(ctx.engine, input.id, signal)),

  /** The workflow's name, current version and input declarations (the start-run dialog's form). */
  launchInfo: protectedProcedure
    .input(z.object({ workflowId }))
    .query(({ ctx, input, signal }) => engine.getRunnableWorkflow(ctx.engine, input.workflowId, signal)),

  cancel: protectedProcedure.input(z.object({ id: runId })).mutation(({ ctx, input }) => engine.cancelRun(ctx.engine, input.id)),

  decide: protectedProcedure.input(decideInput).mutation(({ ctx, input }) => engine.decideStep(ctx.engine, input)),

  retry: protectedProcedure.input(retryInput).mutation(({ ctx, input }) => engine.retryRun(ctx.engine, input.runId, input.fromNode, input.items)),

  events: protectedProcedure.input(eventsInput).subscription(async function* ({ ctx, input, signal }) {
    const after = input.lastEventId ? Number(input.lastEventId) : null;
    try {
      for await (const message of liveRunEvents(ctx.engine, input.runId, { after, signal })) yield subscriptionValue(message);
    } catch (error) {
      // The error middleware sees only the resolver's return; errors while streaming are mapped here.
      if (error instanceof EngineError) throw toTRPCError(error);
      throw error;
    }
  }),
});
