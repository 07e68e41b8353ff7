import { describe, expect, it } from "vitest";

import { createEngineClient } from "@/server/engine/client";
import { EngineHttpError, EngineUnavailableError, engineErrorFromResponse } from "@/server/engine/errors";

type Call = { url: string; init: RequestInit | undefined };

/** A fake engine: records calls and answers with `respond`. */
function fakeFetch(respond: (url: URL) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push({ url: url.toString(), init });
    return respond(url);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe("EngineClient.request", () => {
  it("forwards the user's access token as a Bearer token", async () => {
    // Given a client for a signed-in user
    const engine = fakeFetch(() => Response.json({ items: [] }));
    const client = createEngineClient({ baseUrl: "http://engine/", accessToken: "tok", fetch: engine.fetch });
    // When it calls the engine
    const body = await client.request("/api/v1/workflows", { query: { limit: 10, cursor: undefined } });
    // Then the token and query are sent, and the JSON body comes back
    expect(body).toEqual({ items: [] });
    const call = engine.calls[0]!;
    expect(call.url).toBe("http://engine/api/v1/workflows?limit=10");
    expect(new Headers(call.init?.headers).get("authorization")).toBe("Bearer tok");
  });

  it("sends no Authorization header without a session", async () => {
    const engine = fakeFetch(() => Response.json({}));
    await createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch }).request("/healthz");
    expect(new Headers(engine.calls[0]!.init?.headers).has("authorization")).toBe(false);
  });

  it("sends JSON bodies", async () => {
    const engine = fakeFetch(() => Response.json({ id: "w1" }, { status: 201 }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    await client.request("/api/v1/workflows", { method: "POST", body: { name: "Video" } });
    const init = engine.calls[0]!.init!;
    expect(init.method).toBe("POST");
    expect(init.body).toBe('{"name":"Video"}');
    expect(new Headers(init.headers).get("content-type")).toBe("application/json");
  });

  it("maps an engine error body to EngineHttpError", async () => {
    const engine = fakeFetch(() => Response.json({ status_code: 404, detail: "Workflow not found" }, { status: 404 }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    const error = await client.request("/api/v1/workflows/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineHttpError);
    expect(error).toMatchObject({ status: 404, detail: "Workflow not found" });
  });

  it("reports a refused connection as EngineUnavailableError", async () => {
    const engine = fakeFetch(() => {
      throw new TypeError("fetch failed");
    });
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    await expect(client.request("/healthz")).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it("reports a timeout as EngineUnavailableError", async () => {
    const hang = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof fetch;
    const client = createEngineClient({ baseUrl: "http://engine", fetch: hang, timeoutMs: 20 });
    await expect(client.request("/healthz")).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});

describe("EngineClient.health", () => {
  it("returns the body of a 503 (a dependency is down) instead of throwing", async () => {
    const engine = fakeFetch(() => Response.json({ status: "degraded", db: "up", redis: "down" }, { status: 503 }));
    const client = createEngineClient({ baseUrl: "http://engine", fetch: engine.fetch });
    await expect(client.health()).resolves.toEqual({ status: "degraded", db: "up", redis: "down" });
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
