/** credentials.*: the user's saved model-provider keys (Settings → Model credentials). */
import { z } from "zod";

import {
  createCredential,
  deleteCredential,
  listCredentials,
  listModelProviders,
  setCredentialLimits,
} from "@/server/engine/credentials";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const credentialProvider = z.enum(["openai", "anthropic", "google", "groq", "mistral", "openai_compatible"]);

export const credentialInput = z
  .object({
    provider: credentialProvider,
    label: z.string().trim().min(1, "Give the key a label.").max(100),
    apiKey: z.string().trim().max(8192).default(""),
    baseUrl: z.string().trim().max(2048).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.provider === "openai_compatible") {
      if (!value.baseUrl) ctx.addIssue({ code: "custom", path: ["baseUrl"], message: "An OpenAI-compatible endpoint needs its base URL." });
    } else if (!value.apiKey) {
      ctx.addIssue({ code: "custom", path: ["apiKey"], message: "Paste the provider's API key." });
    }
  });

export const credentialsRouter = createTRPCRouter({
  /** Saved keys: provider, label, base URL, hint, created. Never the key. */
  list: protectedProcedure.query(({ ctx, signal }) => listCredentials(ctx.engine, signal)),

  /** The providers an agent can use (for the provider select). */
  providers: protectedProcedure.query(({ ctx, signal }) => listModelProviders(ctx.engine, signal)),

  /** Save a key; the engine encrypts it. Answers the saved credential, without the key. */
  create: protectedProcedure.input(credentialInput).mutation(({ ctx, input }) =>
    createCredential(ctx.engine, {
      provider: input.provider,
      label: input.label,
      api_key: input.apiKey,
      base_url: input.provider === "openai_compatible" ? input.baseUrl : null,
    }),
  ),

  /** The owner's own per-minute limits on a key, shared by every worker (null: the operator's default). */
  setLimits: protectedProcedure
    .input(
      z.object({
        id: z.uuid(),
        requestsPerMinute: z.number().int().min(1).max(1_000_000).nullable(),
        tokensPerMinute: z.number().int().min(1).max(1_000_000_000).nullable(),
      }),
    )
    .mutation(({ ctx, input }) =>
      setCredentialLimits(ctx.engine, input.id, { requests_per_minute: input.requestsPerMinute, tokens_per_minute: input.tokensPerMinute }),
    ),

  delete: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await deleteCredential(ctx.engine, input.id);
      return { id: input.id };
    }),
});
