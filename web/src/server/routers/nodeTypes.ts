/**
 * nodeTypes.*: the node catalog the editor builds its palette and config forms from, and the
 * operator's limits per run its workflow settings show as defaults and ceilings.
 */
import { getOperatorLimits, listNodeTypes } from "@/server/engine/workflows";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const nodeTypesRouter = createTRPCRouter({
  /** Every node type (each version): label, category, icon, ports, config JSON Schema, default config. */
  list: protectedProcedure.query(({ ctx, signal }) => listNodeTypes(ctx.engine, signal)),
  /** This server's budgets and concurrency per run (`GET /api/v1/limits`). */
  limits: protectedProcedure.query(({ ctx, signal }) => getOperatorLimits(ctx.engine, signal)),
});
