/** notifications.*: the bell (unread count, inbox, mark read). Approving from a notification is `runs.decide`. */
import { z } from "zod";

import * as engine from "@/server/engine/triggers";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const notificationsRouter = createTRPCRouter({
  unread: protectedProcedure.query(({ ctx, signal }) => engine.unreadNotifications(ctx.engine, signal)),

  list: protectedProcedure
    .input(z.object({ unread: z.boolean().optional(), cursor: z.string().max(1000).nullish(), limit: z.number().int().min(1).max(100).optional() }).default({}))
    .query(({ ctx, input, signal }) => engine.listNotifications(ctx.engine, input, signal)),

  /** Where notifications also go: a signed webhook, an email address (when the engine can send mail). */
  settings: protectedProcedure.query(({ ctx, signal }) => engine.getNotificationSettings(ctx.engine, signal)),

  /** A field left out stays as it is; null clears it. */
  saveSettings: protectedProcedure
    .input(
      z.strictObject({
        webhook_url: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
        webhook_secret: z.string().min(16, "At least 16 characters").max(500).nullable().optional(),
        email: z.email().max(320).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => engine.saveNotificationSettings(ctx.engine, input)),

  /** These notifications read (all unread ones when `ids` is null). */
  markRead: protectedProcedure
    .input(z.strictObject({ ids: z.array(z.uuid()).max(500).nullable() }))
    .mutation(({ ctx, input }) => engine.markNotificationsRead(ctx.engine, input.ids)),
});
