/**
 * Typed calls to the engine's trigger endpoints (engine/src/orrery/api/schedules.py, webhooks.py)
 * and its notifications (api/notifications.py). A webhook's URL (its secret token) comes back
 * once, from `createWebhook`; nothing else carries it.
 */
import type { EngineClient } from "./client";
import type { components } from "@/lib/contracts/generated/openapi";

type Schemas = components["schemas"];

export type ScheduleRead = Schemas["ScheduleRead"];
export type ScheduleCreate = Schemas["ScheduleCreate"];
export type ScheduleUpdate = Schemas["ScheduleUpdate"];
export type CronFires = Schemas["CronFires"];
export type WebhookRead = Schemas["WebhookRead"];
export type WebhookCreate = Schemas["WebhookCreate"];
export type WebhookCreated = Schemas["WebhookCreated"];
export type WebhookUpdate = Schemas["WebhookUpdate"];
export type WebhookCallRead = Schemas["WebhookCallRead"];
export type HookTestResult = Schemas["HookTestResult"];
export type NotificationPage = Schemas["NotificationPage"];
export type Unread = Schemas["Unread"];
export type NotificationSettingsRead = Schemas["NotificationSettingsRead"];
export type NotificationSettingsUpdate = Schemas["NotificationSettingsUpdate"];

const workflow = (id: string) => ({ path: { workflow_id: id } });
const schedule = (id: string) => ({ path: { schedule_id: id } });
const webhook = (id: string) => ({ path: { webhook_id: id } });

export const listSchedules = (engine: EngineClient, workflowId: string, signal?: AbortSignal) =>
  engine.GET("/api/v1/workflows/{workflow_id}/schedules", { params: workflow(workflowId), signal });

/** Fields with a default on the engine may be left out. */
export const createSchedule = (engine: EngineClient, workflowId: string, body: ScheduleCreate) =>
  engine.POST("/api/v1/workflows/{workflow_id}/schedules", { params: workflow(workflowId), body });

export const updateSchedule = (engine: EngineClient, scheduleId: string, body: ScheduleUpdate) =>
  engine.PATCH("/api/v1/schedules/{schedule_id}", { params: schedule(scheduleId), body });

export const deleteSchedule = async (engine: EngineClient, scheduleId: string) => {
  await engine.DELETE("/api/v1/schedules/{schedule_id}", { params: schedule(scheduleId) });
};

export const previewCron = (engine: EngineClient, cron: string, timezone: string, signal?: AbortSignal) =>
  engine.POST("/api/v1/schedules/preview", { body: { cron, timezone }, signal });

export const listWebhooks = (engine: EngineClient, workflowId: string, signal?: AbortSignal) =>
  engine.GET("/api/v1/workflows/{workflow_id}/webhooks", { params: workflow(workflowId), signal });

export const createWebhook = (engine: EngineClient, workflowId: string, body: WebhookCreate) =>
  engine.POST("/api/v1/workflows/{workflow_id}/webhooks", { params: workflow(workflowId), body });

export const updateWebhook = (engine: EngineClient, webhookId: string, body: WebhookUpdate) =>
  engine.PATCH("/api/v1/webhooks/{webhook_id}", { params: webhook(webhookId), body });

export const deleteWebhook = async (engine: EngineClient, webhookId: string) => {
  await engine.DELETE("/api/v1/webhooks/{webhook_id}", { params: webhook(webhookId) });
};

export const listWebhookCalls = (engine: EngineClient, webhookId: string, signal?: AbortSignal) =>
  engine.GET("/api/v1/webhooks/{webhook_id}/calls", { params: webhook(webhookId), signal });

export const testWebhook = (engine: EngineClient, webhookId: string, body: Schemas["HookTest"]) =>
  engine.POST("/api/v1/webhooks/{webhook_id}/test", { params: webhook(webhookId), body });

export const listNotifications = (engine: EngineClient, params: { unread?: boolean; cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
  engine.GET("/api/v1/notifications", {
    params: { query: { unread: params.unread || undefined, cursor: params.cursor || undefined, limit: params.limit } },
    signal,
  });

export const unreadNotifications = (engine: EngineClient, signal?: AbortSignal) => engine.GET("/api/v1/notifications/unread", { signal });

export const markNotificationsRead = (engine: EngineClient, ids: string[] | null) =>
  engine.POST("/api/v1/notifications/read", { body: ids ? { ids } : {} });

export const getNotificationSettings = (engine: EngineClient, signal?: AbortSignal) => engine.GET("/api/v1/notification-settings", { signal });

export const saveNotificationSettings = (engine: EngineClient, body: NotificationSettingsUpdate) =>
  engine.PUT("/api/v1/notification-settings", { body });
