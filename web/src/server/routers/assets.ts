/** assets.*: the user's files (the Assets page; previews in the run inspector). */
import { z } from "zod";

import { deleteAsset, getAsset, listAssets } from "@/server/engine/assets";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const assetKind = z.enum(["image", "audio", "video", "text", "other"]);

export const assetsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ runId: z.uuid().optional(), kind: assetKind.optional(), cursor: z.string().max(500).optional() }))
    .query(({ ctx, input, signal }) => listAssets(ctx.engine, input, signal)),
  get: protectedProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input, signal }) => getAsset(ctx.engine, input.id, signal)),
  delete: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    await deleteAsset(ctx.engine, input.id);
    return { id: input.id };
  }),
});
