/** nodeTypes.*: the node catalog the editor builds its palette and config forms from. */
import { listNodeTypes } from "@/server/engine/workflows";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const nodeTypesRouter = createTRPCRouter({
  /** Every node type (each version): label, category, icon, ports, config JSON Schema, default config. */
  list: protectedProcedure.query(({ ctx, signal }) => listNodeTypes(ctx.engine, signal)),
});
