/** apiKeys.*: the user's personal API keys (Settings → API keys) and what the run-from-code snippet needs. */
import { z } from "zod";

import { env } from "@/env";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/engine/access";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const apiKeyScope = z.enum(["runs:write", "runs:read", "workflows:write"]);

export const apiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(100),
  scopes: z.array(apiKeyScope).min(1, "Choose at least one scope.").max(3),
  /** An ISO date-time in the future, or none (the key does not expire). */
  expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
});

export const apiKeysRouter = createTRPCRouter({
  /** Keys: name, prefix, scopes, expiry, last use, revoked. Never the key. */
  list: protectedProcedure.query(({ ctx, signal }) => listApiKeys(ctx.engine, signal)),

  /** A new key: the answer carries the whole key, shown this once. */
  create: protectedProcedure
    .input(apiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx.engine, { name: input.name, scopes: input.scopes, expires_at: input.expiresAt })),

  revoke: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => revokeApiKey(ctx.engine, input.id)),

  /** Where scripts reach the engine (for the snippet). */
  engineUrl: protectedProcedure.query(() => ({ url: env().publicEngineUrl })),
});
