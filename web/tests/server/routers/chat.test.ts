import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { fakeEngine as fakeEngineServer, type Respond } from "../fake-engine";

/** The engine stood in for (../fake-engine), with a caller signed in as the test user. */
function fakeEngine(respond?: Respond) {
  const engine = fakeEngineServer(respond);
  return { calls: engine.calls, caller: engine.caller() };
}

const WORKFLOW = "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b";
const SESSION = "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("chat", () => {
  it("starts, lists, renames and deletes a workflow's sessions at the engine's paths", async () => {
    // Given an engine that answers every call
    const engine = fakeEngine((call) => (call.method === "DELETE" ? new Response(null, { status: 204 }) : Response.json({ items: [] })));
    // When the user starts a chat, lists them, renames one and deletes it
    await engine.caller.chat.create({ workflowId: WORKFLOW });
    await engine.caller.chat.sessions({ workflowId: WORKFLOW });
    await engine.caller.chat.rename({ id: SESSION, title: "  Trip plans " });
    await expect(engine.caller.chat.delete({ id: SESSION })).resolves.toEqual({ ok: true });
    // Then the engine got each, the title trimmed
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
      ["POST", `/api/v1/workflows/${WORKFLOW}/chat-sessions`, {}],
      ["GET", `/api/v1/workflows/${WORKFLOW}/chat-sessions`, undefined],
      ["PATCH", `/api/v1/chat-sessions/${SESSION}`, { title: "Trip plans" }],
      ["DELETE", `/api/v1/chat-sessions/${SESSION}`, undefined],
    ]);
  });

  it("sends a message as written and returns the turn (the user message, the pending reply, its run)", async () => {
    const turn = { user: { id: "u" }, assistant: { id: "a", status: "pending" }, run_id: "r", events_url: "/api/v1/runs/r/events" };
    const engine = fakeEngine(() => Response.json(turn, { status: 202 }));
    await expect(engine.caller.chat.send({ id: SESSION, content: "Hello,\n  world " })).resolves.toEqual(turn);
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([["POST", `/api/v1/chat-sessions/${SESSION}/messages`, { content: "Hello,\n  world " }]]);
  });

  it("refuses a blank or too long message, a blank title and a bad id without calling the engine", async () => {
    const engine = fakeEngine();
    expect((await rejection(engine.caller.chat.send({ id: SESSION, content: "  \n " }))).code).toBe("BAD_REQUEST");
    expect((await rejection(engine.caller.chat.send({ id: SESSION, content: "x".repeat(20_001) }))).code).toBe("BAD_REQUEST");
    expect((await rejection(engine.caller.chat.rename({ id: SESSION, title: "   " }))).code).toBe("BAD_REQUEST");
    expect((await rejection(engine.caller.chat.messages({ id: "not-an-id" }))).code).toBe("BAD_REQUEST");
    expect(engine.calls).toEqual([]);
  });

  it("passes the engine's answers on: another user's session is not found, a reply being written is a conflict", async () => {
    const missing = fakeEngine(() => Response.json({ status_code: 404, detail: "chat session x not found" }, { status: 404 }));
    expect((await rejection(missing.caller.chat.messages({ id: SESSION }))).code).toBe("NOT_FOUND");
    const busy = fakeEngine(() => Response.json({ status_code: 409, detail: "the previous message's reply is still being written" }, { status: 409 }));
    const error = await rejection(busy.caller.chat.send({ id: SESSION, content: "again" }));
    expect([error.code, error.message]).toEqual(["CONFLICT", "the previous message's reply is still being written"]);
  });
});
