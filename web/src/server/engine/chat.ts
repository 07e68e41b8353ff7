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

const ofWorkflow = (workflowId: string) => ({ path: { workflow_id: workflowId } });
const session = (id: string) => ({ path: { session_id: id } });

/** GET /api/v1/workflows/{id}/chat-sessions: most recently active first. */
export function listSessions(engine: EngineClient, workflowId: string, params: { cursor?: string | null; limit?: number } = {}, signal?: AbortSignal) {
  return engine.GET("/api/v1/workflows/{workflow_id}/chat-sessions", {
    params: { ...ofWorkflow(workflowId), query: { cursor: params.cursor || undefined, limit: params.limit } },
    signal,
  });
}

/** POST /api/v1/workflows/{id}/chat-sessions: 201 with the new session ("New chat" unless titled). */
export function createSession(engine: EngineClient, workflowId: string, title?: string | null) {
  const body: Schemas["ChatSessionCreate"] = title ? { title } : {};
  return engine.POST("/api/v1/workflows/{workflow_id}/chat-sessions", { params: ofWorkflow(workflowId), body });
}

/** GET /api/v1/chat-sessions/{id}. */
export function getSession(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/chat-sessions/{session_id}", { params: session(id), signal });
}

/** PATCH /api/v1/chat-sessions/{id}: a new title. */
export function renameSession(engine: EngineClient, id: string, title: string) {
  return engine.PATCH("/api/v1/chat-sessions/{session_id}", { params: session(id), body: { title } });
}

/** DELETE /api/v1/chat-sessions/{id}: the session and its messages (their runs stay). */
export async function deleteSession(engine: EngineClient, id: string) {
  await engine.DELETE("/api/v1/chat-sessions/{session_id}", { params: session(id) });
  return { ok: true as const };
}

/** GET /api/v1/chat-sessions/{id}/messages: oldest first, each reply as its run says it is now. */
export function listMessages(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/chat-sessions/{session_id}/messages", { params: session(id), signal });
}

/** POST /api/v1/chat-sessions/{id}/messages: 202 with the user message, the pending reply and its run. */
export function sendMessage(engine: EngineClient, id: string, content: string) {
  return engine.POST("/api/v1/chat-sessions/{session_id}/messages", { params: session(id), body: { content } });
}
