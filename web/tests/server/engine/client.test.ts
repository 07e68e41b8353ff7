import { describe, expect, it } from "vitest";

import { createEngineClient } from "@/server/engine/client";
import { EngineError, EngineHttpError, EngineUnavailableError, engineErrorFromResponse } from "@/server/engine/errors";

import { engineFetch } from "../fake-engine";

const ID = "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b";

/** A fetch that never answers: it rejects only when the request's signal aborts (a hung engine). */
const hang = (async (input: Request) =>
  new Promise<Response>((_resolve, reject) => {
    input.signal.addEventListener("abort", () => reject(input.signal.reason));
  })) as typeof fetch;

describe("EngineClient: the typed calls", () => {
  it("forwards the user's access token as a Bearer token, with the path and query filled in", async () => {
    // Given a client for a signed-in user
    const engine = engineFetch(() => Response.json({ items: [], next_cursor: null }));
    const client = createEngineClient({ baseUrl: "http://engine/", accessToken: "tok", fetch: engine.fetch });
    // When it lists a workflow's runs
    const page = await client.GET("/api/v1/runs", { params: { query: { workflow_id: ID, limit: 10, cursor: undefined } } });
    // Then the token and the query are sent, and the JSON body comes back
    expect(page).toEqual({ items: [], next_cursor: null });
    const call = engine.calls[0]!;
    expect(call.url.toString()).toBe(`http://engine/api/v1/runs?workflow_id=${ID}&limit=10`);
    expect(call.headers.get("authorization")).toBe("Bearer tok");
    expect(call.headers.get("accept")).toBe("application/json");
  });

  it("encodes path parameters, so an id cannot reach another path", async () => {
    const engine = engineFetch(() => Response.json({}));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    await client.GET("/api/v1/templates/{slug}", { params: { path: { slug: "../runs?x=1" } } });
    expect(engine.calls[0]!.url.pathname).toBe("/api/v1/templates/..%2Fruns%3Fx%3D1");
  });

  it("sends no Authorization header without a session", async () => {
    const engine = engineFetch(() => Response.json({ status: "ok", db: "up", redis: "up" }));
    await createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch }).health();
    expect(engine.calls[0]!.headers.has("authorization")).toBe(false);
  });

  it("sends JSON bodies and declared headers (an Idempotency-Key)", async () => {
    // Given an engine that accepts a run
    const engine = engineFetch(() => Response.json({ id: "r1" }, { status: 202 }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    // When a run is started with a key
    await client.POST("/api/v1/workflows/{workflow_id}/runs", {
      params: { path: { workflow_id: ID }, header: { "Idempotency-Key": "key-1" } },
      body: { inputs: { topic: "owls" } },
    });
    // Then the engine got the body as JSON and the key as a header
    const call = engine.calls[0]!;
    expect([call.method, call.url.pathname, call.body]).toEqual(["POST", `/api/v1/workflows/${ID}/runs`, { inputs: { topic: "owls" } }]);
    expect(call.headers.get("content-type")).toBe("application/json");
    expect(call.headers.get("idempotency-key")).toBe("key-1");
  });

  it("resolves a 204 with nothing", async () => {
    const engine = engineFetch(() => new Response(null, { status: 204 }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    await expect(client.DELETE("/api/v1/workflows/{workflow_id}", { params: { path: { workflow_id: ID } } })).resolves.toBeUndefined();
    expect(engine.calls[0]!.method).toBe("DELETE");
  });
});

describe("EngineClient: what goes wrong", () => {
  it("maps an engine error body (4xx) to EngineHttpError with its field errors", async () => {
    // Given an engine refusing a body
    const engine = engineFetch(() =>
      Response.json({ status_code: 422, detail: "Bad inputs", errors: [{ field: "inputs.topic", message: "Expected `str`" }], request_id: "r-1" }, { status: 422 }),
    );
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    // When a run is started with it
    const error = await client.POST("/api/v1/workflows/{workflow_id}/runs", { params: { path: { workflow_id: ID } }, body: { inputs: { topic: 1 } } }).catch((e: unknown) => e);
    // Then the error carries the engine's status, detail and fields
    expect(error).toBeInstanceOf(EngineHttpError);
    expect(error).toMatchObject({ status: 422, detail: "Bad inputs", fieldErrors: [{ field: "inputs.topic", message: "Expected `str`" }] });
  });

  it("maps a 404 to EngineHttpError", async () => {
    const engine = engineFetch(() => Response.json({ status_code: 404, detail: "Workflow not found" }, { status: 404 }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    const error = await client.GET("/api/v1/workflows/{workflow_id}", { params: { path: { workflow_id: ID } } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, detail: "Workflow not found" });
  });

  it("reports a refused connection as EngineUnavailableError", async () => {
    const engine = engineFetch(() => {
      throw new TypeError("fetch failed");
    });
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    await expect(client.GET("/api/v1/templates")).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it("reports an engine that does not answer in time as EngineUnavailableError", async () => {
    // Given an engine that never answers, and a client that waits 20 ms
    const client = createEngineClient({ baseUrl: "http://engine", fetch: hang, timeoutMs: 20 });
    // When a call is made, then it gives up and blames the engine
    await expect(client.GET("/api/v1/templates")).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it("reports a body that stops arriving as EngineUnavailableError, not a crash", async () => {
    // Given an engine that sends its headers, then nothing more
    const stalled = (async (request: Request) => {
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"items": ['));
          request.signal.addEventListener("abort", () => controller.error(request.signal.reason));
        },
      });
      return new Response(body, { headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    const client = createEngineClient({ baseUrl: "http://engine", fetch: stalled, timeoutMs: 20 });
    // When a call reads it, then the timeout is the engine's fault
    await expect(client.GET("/api/v1/templates")).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it("does not blame the engine when the caller gave up (the browser went away)", async () => {
    // Given an engine that never answers, and a caller that aborts
    const client = createEngineClient({ baseUrl: "http://engine", fetch: hang });
    const controller = new AbortController();
    const pending = client.GET("/api/v1/templates", { signal: controller.signal });
    // When the caller aborts
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    // Then the abort comes back as it is, not as an engine error (no 503 to log)
    expect(error).not.toBeInstanceOf(EngineError);
    expect((error as Error).name).toBe("AbortError");
  });

  it("answers 502 when the engine's 2xx body is not JSON (a proxy's page)", async () => {
    const engine = engineFetch(() => new Response("<html>hello</html>", { headers: { "content-type": "text/html" } }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    await expect(client.GET("/api/v1/templates")).rejects.toMatchObject({ name: "EngineHttpError", status: 502 });
  });

  it("gives a slow call its own, longer timeout", async () => {
    // Given a client with a 20 ms timeout, and an engine that answers after the client's timeout
    // would have fired (a document being read; what is checked is the signal, not a duration)
    let seen: AbortSignal | null = null;
    const engine = (async (request: Request) => {
      seen = request.signal;
      await new Promise((resolve) => setTimeout(resolve, 40));
      return Response.json({ items: [] });
    }) as typeof fetch;
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine, timeoutMs: 20 });
    // When a call sets its own timeout of a minute
    await expect(client.GET("/api/v1/templates", { timeoutMs: 60_000 })).resolves.toEqual({ items: [] });
    // Then it was not cut off at the client's 20 ms
    expect(seen!.aborted).toBe(false);
  });
});

describe("EngineClient.health", () => {
  it("returns the body of a 503 (a dependency is down) instead of throwing", async () => {
    const engine = engineFetch(() => Response.json({ status: "degraded", db: "up", redis: "down" }, { status: 503 }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    await expect(client.health()).resolves.toEqual({ status: "degraded", db: "up", redis: "down" });
  });

  it("still throws for a status it does not accept", async () => {
    const engine = engineFetch(() => Response.json({ status_code: 500, detail: "boom" }, { status: 500 }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    await expect(client.health()).rejects.toMatchObject({ status: 500, detail: "boom" });
  });
});

describe("EngineClient.openStream", () => {
  it("asks for an event stream with the token and resume point, and hands back the response", async () => {
    const engine = engineFetch(() => new Response("id: 1\n\n", { headers: { "content-type": "text/event-stream" } }));
    const client = createEngineClient({ baseUrl: "http://engine", accessToken: "tok", fetch: engine.fetch });
    const response = await client.openStream("/api/v1/runs/{run_id}/events", { params: { path: { run_id: ID }, header: { "Last-Event-ID": "7" } } });
    expect(await response.text()).toBe("id: 1\n\n");
    const call = engine.calls[0]!;
    expect([call.url.pathname, call.headers.get("accept"), call.headers.get("last-event-id"), call.headers.get("authorization")]).toEqual([
      `/api/v1/runs/${ID}/events`,
      "text/event-stream",
      "7",
      "Bearer tok",
    ]);
  });

  it("maps a refusal to EngineHttpError and an unreachable engine to EngineUnavailableError", async () => {
    const refusing = engineFetch(() => Response.json({ status_code: 404, detail: "No such run" }, { status: 404 }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: refusing.fetch });
    await expect(client.openStream("/api/v1/runs/{run_id}/events", { params: { path: { run_id: ID } } })).rejects.toMatchObject({ status: 404 });
    const down = engineFetch(() => {
      throw new TypeError("fetch failed");
    });
    const offline = createEngineClient({ baseUrl: "http://engine", fetch: down.fetch });
    await expect(offline.openStream("/api/v1/runs/{run_id}/events", { params: { path: { run_id: ID } } })).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});

describe("engineErrorFromResponse", () => {
  const body = (extra: Record<string, unknown>) => ({ status_code: 422, detail: "Bad", errors: [], request_id: "4f2a9c0e1b7d3a55", ...extra });

  it("reads the engine's one error shape: field errors, document problems, the request id", () => {
    const error = engineErrorFromResponse(
      422,
      body({
        detail: "the run's inputs do not match the workflow's inputs",
        errors: [
          { field: "inputs.topic", message: "Expected `str`, got `int`" },
          { code: "unknown_reference", message: "no node `nowhere`", node_id: "draft", field: "config.template" },
          { code: "dangling_edge", message: "no target", edge_id: "e1" },
          "junk",
        ],
      }),
    );
    expect(error.status).toBe(422);
    expect(error.detail).toBe("the run's inputs do not match the workflow's inputs");
    expect(error.fieldErrors).toEqual([
      { field: "inputs.topic", message: "Expected `str`, got `int`" },
      { field: "config.template", message: "no node `nowhere`", code: "unknown_reference", nodeId: "draft" },
      { message: "no target", code: "dangling_edge", edgeId: "e1" },
    ]);
    expect(error.errorBody?.request_id).toBe("4f2a9c0e1b7d3a55");
    expect(error.message).toContain("request 4f2a9c0e1b7d3a55");
  });

  it("keeps a stale save's current version", () => {
    expect(engineErrorFromResponse(409, body({ status_code: 409, current_version: 7 })).errorBody?.current_version).toBe(7);
  });

  it("falls back to the status text, or a plain-text body, when something else answered", () => {
    expect(engineErrorFromResponse(502, undefined, "Bad Gateway").detail).toBe("Bad Gateway");
    expect(engineErrorFromResponse(500, undefined).detail).toBe("HTTP 500");
    expect(engineErrorFromResponse(500, "  upstream crashed \n").detail).toBe("upstream crashed");
    const proxy = engineErrorFromResponse(502, { error: "not ours" }, "Bad Gateway");
    expect([proxy.detail, proxy.errorBody]).toEqual(["Bad Gateway", null]);
  });
});
