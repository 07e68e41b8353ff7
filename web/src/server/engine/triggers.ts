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

const id = encodeURIComponent;

export const listSchedules = (engine: EngineClient, workflowId: string, signal?: AbortSignal) =>
  engine.request<ScheduleRead[]>(`/api/v1/workflows/${id(workflowId)}/schedules`, { signal });

/** Fields with a default on the engine may be left out (the generated type lists them all). */
export const createSchedule = (engine: EngineClient, workflowId: string, body: Partial<ScheduleCreate> & Pick<ScheduleCreate, "cron">) =>
  engine.request<ScheduleRead>(`/api/v1/workflows/${id(workflowId)}/schedules`, { method: "POST", body });

export const updateSchedule = (engine: EngineClient, scheduleId: string, body: Partial<ScheduleUpdate>) =>
  engine.request<ScheduleRead>(`/api/v1/schedules/${id(scheduleId)}`, { method: "PATCH", body });

export const deleteSchedule = async (engine: EngineClient, scheduleId: string) => {
  await engine.request<unknown>(`/api/v1/schedules/${id(scheduleId)}`, { method: "DELETE" });
};

export const previewCron = (engine: EngineClient, cron: string, timezone: string, signal?: AbortSignal) =>
  engine.request<CronFires>("/api/v1/schedules/preview", { method: "POST", body: { cron, timezone }, signal });

export const listWebhooks = (engine: EngineClient, workflowId: string, signal?: AbortSignal) =>
  engine.request<WebhookRead[]>(`/api/v1/workflows/${id(workflowId)}/webhooks`, { signal });

export const createWebhook = (engine: EngineClient, workflowId: string, body: Partial<WebhookCreate>) =>
  engine.request<WebhookCreated>(`/api/v1/workflows/${id(workflowId)}/webhooks`, { method: "POST", body });

export const updateWebhook = (engine: EngineClient, webhookId: string, body: Partial<WebhookUpdate>) =>
  engine.request<WebhookRead>(`/api/v1/webhooks/${id(webhookId)}`, { method: "PATCH", body });

export const deleteWebhook = async (engine: EngineClient, webhookId: string) => {
  await engine.request<unknown>(`/api/v1/webhooks/${id(webhookId)}`, { method: "DELETE" });
};

export const listWebhookCalls = (engine: EngineClient, webhookId: string, signal?: AbortSignal) =>
  engine.request<WebhookCallRead[]>(`/api/v1/webhooks/${id(webhookId)}/calls`, { signal });

export const testWebhook = (engine: EngineClient, webhookId: string, body: { body?: unknown; query?: Record<string, string>; headers?: Record<string, string> }) =>
  engine.request<HookTestResult>(`/api/v1/webhooks/${id(webhookId)}/test`, { method: "POST", body });

export const listNotifications = (engine: EngineClient, params: { unread?: boolean; cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
  engine.request<NotificationPage>("/api/v1/notifications", {
    query: { unread: params.unread || undefined, cursor: params.cursor || undefined, limit: params.limit },
    signal,
  });

export const unreadNotifications = (engine: EngineClient, signal?: AbortSignal) => engine.request<Unread>("/api/v1/notifications/unread", { signal });

export const markNotificationsRead = (engine: EngineClient, ids: string[] | null) =>
  engine.request<Unread>("/api/v1/notifications/read", { method: "POST", body: ids ? { ids } : {} });

export const getNotificationSettings = (engine: EngineClient, signal?: AbortSignal) =>
  engine.request<NotificationSettingsRead>("/api/v1/notification-settings", { signal });

export const saveNotificationSettings = (engine: EngineClient, body: NotificationSettingsUpdate) =>
  engine.request<NotificationSettingsRead>("/api/v1/notification-settings", { method: "PUT", body });
