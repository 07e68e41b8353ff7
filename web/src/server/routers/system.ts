import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/trpc/init";
import { engineHealth } from "@/server/services/health";

export const systemRouter = createTRPCRouter({
  /** The engine's health; status "down" when it does not answer. */
  health: publicProcedure.query(({ ctx, signal }) => engineHealth(ctx.engine, signal)),

  /** Who is signed in, from the verified claims. */
  me: protectedProcedure.query(({ ctx }) => ({
    id: ctx.session.claims.sub,
    email: typeof ctx.session.claims.email === "string" ? ctx.session.claims.email : null,
  })),
});
