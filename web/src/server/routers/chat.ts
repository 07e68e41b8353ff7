/**
 * chat.*: the BFF over the engine's chat endpoints (a workflow's chat sessions and messages).
 * Procedures validate input with zod and call one function of `@/server/engine/chat`. A reply's
 * tokens stream through `runs.events` (the message names its run), approvals go through
 * `runs.decide` and a failed reply is retried with `runs.retry`: a chat's runs are ordinary runs.
 */
import { z } from "zod";

import * as engine from "@/server/engine/chat";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

import { workflowId } from "./runs";

export const sessionId = z.guid({ message: "Not a chat session id." });
/** The engine's limits: a title 1..200 characters, a message 1..20,000 (neither blank). */
export const title = z.string().trim().min(1, "Give the chat a name.").max(200, "At most 200 characters.");
export const content = z
  .string()
  .max(20_000, "A message is at most 20,000 characters.")
  .refine((text) => text.trim().length > 0, "Write a message first.");

/** Not strict: tRPC's infinite queries add `cursor` and `direction`. */
export const sessionsInput = z.object({
  workflowId,
  cursor: z.string().max(1000).nullish(),
  limit: z.number().int().min(1).max(100).optional(),
});

export const chatRouter = createTRPCRouter({
  sessions: protectedProcedure
    .input(sessionsInput)
    .query(({ ctx, input, signal }) => engine.listSessions(ctx.engine, input.workflowId, { cursor: input.cursor, limit: input.limit }, signal)),

  session: protectedProcedure.input(z.object({ id: sessionId })).query(({ ctx, input, signal }) => engine.getSession(ctx.engine, input.id, signal)),

  create: protectedProcedure
    .input(z.strictObject({ workflowId, title: title.nullish() }))
    .mutation(({ ctx, input }) => engine.createSession(ctx.engine, input.workflowId, input.title)),

  rename: protectedProcedure
    .input(z.strictObject({ id: sessionId, title }))
    .mutation(({ ctx, input }) => engine.renameSession(ctx.engine, input.id, input.title)),

  delete: protectedProcedure.input(z.object({ id: sessionId })).mutation(({ ctx, input }) => engine.deleteSession(ctx.engine, input.id)),

  messages: protectedProcedure.input(z.object({ id: sessionId })).query(({ ctx, input, signal }) => engine.listMessages(ctx.engine, input.id, signal)),

  send: protectedProcedure
    .input(z.strictObject({ id: sessionId, content }))
    .mutation(({ ctx, input }) => engine.sendMessage(ctx.engine, input.id, input.content)),
});
