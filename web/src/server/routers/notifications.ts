/** notifications.*: the bell (unread count, inbox, mark read). Approving from a notification is `runs.decide`. */
import { z } from "zod";

import * as engine from "@/server/engine/triggers";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const notificationsRouter = createTRPCRouter({
  unread: protectedProcedure.query(({ ctx, signal }) => engine.unreadNotifications(ctx.engine, signal)),

  list: protectedProcedure
    .input(z.object({ unread: z.boolean().optional(), cursor: z.string().max(1000).nullish(), limit: z.number().int().min(1).max(100).optional() }).default({}))
    .query(({ ctx, input, signal }) => engine.listNotifications(ctx.engine, input, signal)),

  /** These notifications read (all unread ones when `ids` is null). */
  markRead: protectedProcedure
    .input(z.strictObject({ ids: z.array(z.uuid()).max(500).nullable() }))
    .mutation(({ ctx, input }) => engine.markNotificationsRead(ctx.engine, input.ids)),
});
