/** secrets.*: the user's named secrets (Settings → Secrets): names only; values go one way, to the engine. */
import { z } from "zod";

import { deleteSecret, listSecrets, putSecret } from "@/server/engine/access";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const secretName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "Letters, digits and _, not starting with a digit (e.g. SLACK_TOKEN).");

export const secretsRouter = createTRPCRouter({
  /** Names with when they were added and last replaced. Never a value. */
  list: protectedProcedure.query(({ ctx, signal }) => listSecrets(ctx.engine, signal)),

  /** Add a secret or replace its value. */
  put: protectedProcedure
    .input(z.object({ name: secretName, value: z.string().min(4, "A secret is at least 4 characters.").max(65_536) }))
    .mutation(({ ctx, input }) => putSecret(ctx.engine, input.name, input.value)),

  delete: protectedProcedure.input(z.object({ name: secretName })).mutation(async ({ ctx, input }) => {
    await deleteSecret(ctx.engine, input.name);
    return { name: input.name };
  }),
});
