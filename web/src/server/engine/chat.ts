/**
 * Typed calls to the engine's chat endpoints (engine/src/orrery/api/chat.py): a workflow's chat
 * sessions and their messages. Sending a message starts an ordinary run; its tokens are that
 * run's events (`runs.events`), so nothing here streams.
 */
import type { EngineClient } from "./client";
import type { components } from "@/lib/contracts/generated/openapi";

type Schemas = components["schemas"];

export type ChatSessionRead = Schemas["ChatSessionRead"];
export type ChatSessionPage = Schemas["ChatSessionPage"];
export type ChatMessageRead = Schemas["ChatMessageRead"];
export type ChatTurn = Schemas["ChatTurn"];

const sessionsOf = (workflowId: string) => `/api/v1/workflows/${encodeURIComponent(workflowId)}/chat-sessions`;
const sessionPath = (id: string, rest = "") => `/api/v1/chat-sessions/${encodeURIComponent(id)}${rest}`;

/** GET /api/v1/workflows/{id}/chat-sessions: most recently active first. */
export function listSessions(engine: EngineClient, workflowId: string, params: { cursor?: string | null; limit?: number } = {}, signal?: AbortSignal) {
  return engine.request<ChatSessionPage>(sessionsOf(workflowId), { query: { cursor: params.cursor, limit: params.limit }, signal });
}

/** POST /api/v1/workflows/{id}/chat-sessions: 201 with the new session ("New chat" unless titled). */
export function createSession(engine: EngineClient, workflowId: string, title?: string | null) {
  const body: Schemas["ChatSessionCreate"] = title ? { title } : {};
  return engine.request<ChatSessionRead>(sessionsOf(workflowId), { method: "POST", body });
}

/** GET /api/v1/chat-sessions/{id}. */
export function getSession(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.request<ChatSessionRead>(sessionPath(id), { signal });
}

/** PATCH /api/v1/chat-sessions/{id}: a new title. */
export function renameSession(engine: EngineClient, id: string, title: string) {
  const body: Schemas["ChatSessionUpdate"] = { title };
  return engine.request<ChatSessionRead>(sessionPath(id), { method: "PATCH", body });
}

/** DELETE /api/v1/chat-sessions/{id}: the session and its messages (their runs stay). */
export async function deleteSession(engine: EngineClient, id: string) {
  await engine.request<null>(sessionPath(id), { method: "DELETE" });
  return { ok: true as const };
}

/** GET /api/v1/chat-sessions/{id}/messages: oldest first, each reply as its run says it is now. */
export function listMessages(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.request<ChatMessageRead[]>(sessionPath(id, "/messages"), { signal });
}

/** POST /api/v1/chat-sessions/{id}/messages: 202 with the user message, the pending reply and its run. */
export function sendMessage(engine: EngineClient, id: string, content: string) {
  const body: Schemas["ChatMessageCreate"] = { content };
  return engine.request<ChatTurn>(sessionPath(id, "/messages"), { method: "POST", body });
}
