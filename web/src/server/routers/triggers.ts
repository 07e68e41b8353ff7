/** triggers.*: a workflow's schedules and webhooks (the editor's Triggers panel). */
import { z } from "zod";

import * as engine from "@/server/engine/triggers";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

const workflowId = z.uuid();
const triggerId = z.uuid();
const inputs = z.record(z.string(), z.unknown());
const headerName = z.string().trim().regex(/^[A-Za-z0-9-]+$/, "Letters, digits and dashes only.").max(100);

export const scheduleInput = z.strictObject({
  workflowId,
  cron: z.string().trim().min(1, "Write a cron expression.").max(200),
  timezone: z.string().trim().min(1).max(64),
  name: z.string().trim().max(200).default(""),
  inputs: inputs.default({}),
  missed: z.enum(["skip", "run_once"]).default("skip"),
});

export const webhookInput = z.strictObject({
  workflowId,
  name: z.string().trim().max(200).default(""),
  mapping: z.record(z.string(), z.string().max(10_000)).default({}),
  responseMode: z.enum(["async", "wait"]).default("async"),
  hmacSecret: z.string().min(8, "At least 8 characters.").max(500).nullish(),
  hmacHeader: headerName.nullish(),
  timestampHeader: headerName.nullish(),
});

/** A schedule's edit (PATCH): only the fields named change; the engine checks the cron and the inputs. */
export const scheduleUpdateInput = z.strictObject({
  id: triggerId,
  name: z.string().trim().max(200).optional(),
  cron: z.string().trim().min(1, "Write a cron expression.").max(200).optional(),
  timezone: z.string().trim().min(1).max(64).optional(),
  inputs: inputs.optional(),
  missed: z.enum(["skip", "run_once"]).optional(),
  maxConsecutiveFailures: z.int().min(1).max(1000).optional(),
});

/**
 * A webhook's edit (PATCH): only the fields named change, and its URL never does. `hmacSecret`
 * absent keeps the secret, a string replaces it, null stops verifying signatures (the engine then
 * forgets the signature header too).
 */
export const webhookUpdateInput = z.strictObject({
  id: triggerId,
  name: z.string().trim().max(200).optional(),
  mapping: z.record(z.string(), z.string().max(10_000)).optional(),
  responseMode: z.enum(["async", "wait"]).optional(),
  waitTimeoutS: z.int().min(1).max(300).optional(),
  hmacSecret: z.string().min(8, "At least 8 characters.").max(500).nullable().optional(),
  hmacHeader: headerName.min(1).nullable().optional(),
  hmacAlgorithm: z.enum(["sha256", "sha1"]).optional(),
  timestampHeader: headerName.min(1).nullable().optional(),
  timestampToleranceS: z.int().min(1).max(86_400).optional(),
  maxBodyBytes: z.int().min(1).max(10 * 1024 * 1024).optional(),
  rateLimitPerMinute: z.int().min(1).max(100_000).optional(),
});

export const triggersRouter = createTRPCRouter({
  schedules: protectedProcedure.input(z.object({ workflowId })).query(({ ctx, input, signal }) => engine.listSchedules(ctx.engine, input.workflowId, signal)),

  createSchedule: protectedProcedure.input(scheduleInput).mutation(({ ctx, input }) =>
    engine.createSchedule(ctx.engine, input.workflowId, {
      cron: input.cron,
      timezone: input.timezone,
      name: input.name,
      inputs: input.inputs,
      missed: input.missed,
    }),
  ),

  setSchedulePaused: protectedProcedure
    .input(z.strictObject({ id: triggerId, paused: z.boolean() }))
    .mutation(({ ctx, input }) => engine.updateSchedule(ctx.engine, input.id, { paused: input.paused })),

  /** Edits a schedule; the engine answers it with its next fires. */
  updateSchedule: protectedProcedure.input(scheduleUpdateInput).mutation(({ ctx, input: { id, maxConsecutiveFailures, ...same } }) =>
    // A field left out is undefined here and absent from the JSON sent (PATCH semantics).
    engine.updateSchedule(ctx.engine, id, { ...same, max_consecutive_failures: maxConsecutiveFailures }),
  ),

  deleteSchedule: protectedProcedure.input(z.strictObject({ id: triggerId })).mutation(async ({ ctx, input }) => {
    await engine.deleteSchedule(ctx.engine, input.id);
    return { id: input.id };
  }),

  /** The next fires of a cron expression (the form shows them while it is typed). */
  previewCron: protectedProcedure
    .input(z.object({ cron: z.string().trim().min(1).max(200), timezone: z.string().trim().min(1).max(64) }))
    .query(({ ctx, input, signal }) => engine.previewCron(ctx.engine, input.cron, input.timezone, signal)),

  webhooks: protectedProcedure.input(z.object({ workflowId })).query(({ ctx, input, signal }) => engine.listWebhooks(ctx.engine, input.workflowId, signal)),

  /** Answers the webhook with its URL: the only time the URL is shown. */
  createWebhook: protectedProcedure.input(webhookInput).mutation(({ ctx, input }) =>
    engine.createWebhook(ctx.engine, input.workflowId, {
      name: input.name,
      mapping: input.mapping,
      response_mode: input.responseMode,
      hmac_secret: input.hmacSecret || null,
      hmac_header: input.hmacSecret ? input.hmacHeader || "X-Signature" : null,
      timestamp_header: input.hmacSecret ? input.timestampHeader || null : null,
    }),
  ),

  setWebhookEnabled: protectedProcedure
    .input(z.strictObject({ id: triggerId, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => engine.updateWebhook(ctx.engine, input.id, { enabled: input.enabled })),

  /** Edits a webhook in place: the same URL, the fields named changed. */
  updateWebhook: protectedProcedure.input(webhookUpdateInput).mutation(({ ctx, input }) =>
    // A field left out is undefined here and absent from the JSON sent; null is sent as null.
    engine.updateWebhook(ctx.engine, input.id, {
      name: input.name,
      mapping: input.mapping,
      response_mode: input.responseMode,
      wait_timeout_s: input.waitTimeoutS,
      hmac_secret: input.hmacSecret,
      hmac_header: input.hmacHeader,
      hmac_algorithm: input.hmacAlgorithm,
      timestamp_header: input.timestampHeader,
      timestamp_tolerance_s: input.timestampToleranceS,
      max_body_bytes: input.maxBodyBytes,
      rate_limit_per_minute: input.rateLimitPerMinute,
    }),
  ),

  deleteWebhook: protectedProcedure.input(z.strictObject({ id: triggerId })).mutation(async ({ ctx, input }) => {
    await engine.deleteWebhook(ctx.engine, input.id);
    return { id: input.id };
  }),

  webhookCalls: protectedProcedure.input(z.object({ id: triggerId })).query(({ ctx, input, signal }) => engine.listWebhookCalls(ctx.engine, input.id, signal)),

  /** What the webhook's mapping makes of a sample payload (starts nothing). */
  testWebhook: protectedProcedure
    .input(z.strictObject({ id: triggerId, body: z.unknown(), query: z.record(z.string(), z.string()).default({}) }))
    .mutation(({ ctx, input }) => engine.testWebhook(ctx.engine, input.id, { body: input.body ?? null, query: input.query })),
});
