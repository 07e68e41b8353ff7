import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";

import type { EngineHttpError } from "@/server/engine/errors";
import { appRouter } from "@/server/routers/_app";
import { fakeEngine } from "../fake-engine";

const ID = "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b";
const SPEC = { schema: "orrery.workflow/v1", nodes: [], edges: [] };

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("workflows.list", () => {
  it("passes search, cursor and limit as the engine's query, dropping a blank search", async () => {
    // Given an engine with one page of workflows
    const engine = fakeEngine(() => Response.json({ items: [], next_cursor: "c2" }));
    // When the dashboard asks for a page with a search and a cursor, then with a blank search
    await expect(engine.caller().workflows.list({ q: " video ", cursor: "c1", limit: 20 })).resolves.toEqual({ items: [], next_cursor: "c2" });
    await engine.caller().workflows.list({ q: "   ", cursor: null });
    await engine.caller().workflows.list();
    // Then the query carries only what was given
    expect(engine.calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      "GET /api/v1/workflows?q=video&cursor=c1&limit=20",
      "GET /api/v1/workflows",
      "GET /api/v1/workflows",
    ]);
  });

  it("refuses a limit outside 1..100 without calling the engine", async () => {
    const engine = fakeEngine();
    expect((await rejection(engine.caller().workflows.list({ limit: 500 }))).code).toBe("BAD_REQUEST");
    expect(engine.calls).toHaveLength(0);
  });

  it("needs a signed-in user", async () => {
    const engine = fakeEngine();
    expect((await rejection(engine.caller(null).workflows.list())).code).toBe("UNAUTHORIZED");
    expect(engine.calls).toHaveLength(0);
  });

  it("reports an unreachable engine as SERVICE_UNAVAILABLE", async () => {
    const engine = fakeEngine(() => {
      throw new TypeError("fetch failed");
    });
    expect((await rejection(engine.caller().workflows.list())).code).toBe("SERVICE_UNAVAILABLE");
  });
});

describe("workflows.create", () => {
  it("creates from a spec, or from a template with an optional name", async () => {
    const engine = fakeEngine(() => Response.json({ id: ID }, { status: 201 }));
    await engine.caller().workflows.create({ name: "  Video  ", spec: SPEC });
    await engine.caller().workflows.create({ template: "youtube-video" });
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
      ["POST", "/api/v1/workflows", { name: "Video", spec: SPEC }],
      ["POST", "/api/v1/workflows", { template: "youtube-video" }],
    ]);
  });

  it.each([
    ["a blank name", { name: "   ", spec: SPEC }],
    ["a spec without a name", { spec: SPEC }],
    ["both a spec and a template", { name: "x", spec: SPEC, template: "youtube-video" }],
    ["a template slug with odd characters", { template: "../etc" }],
    ["a name over 200 characters", { name: "x".repeat(201), spec: SPEC }],
  ])("refuses %s", async (_, input) => {
    const engine = fakeEngine();
    const error = await rejection(engine.caller().workflows.create(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(engine.calls).toHaveLength(0);
  });

  it("passes the engine's 422 on with its message and problems", async () => {
    const engine = fakeEngine(() =>
      Response.json(
        {
          status_code: 422,
          detail: "the spec is not a valid workflow document: bad",
          errors: [{ code: "invalid_document", message: "nodes: expected an array", field: "nodes" }],
          request_id: "0123456789abcdef",
        },
        { status: 422 },
      ),
    );
    const error = await rejection(engine.caller().workflows.create({ name: "x", spec: { schema: "nope" } }));
    expect(error.code).toBe("UNPROCESSABLE_CONTENT");
    expect(error.message).toBe("the spec is not a valid workflow document: bad");
    expect((error.cause as EngineHttpError).fieldErrors).toEqual([{ field: "nodes", code: "invalid_document", message: "nodes: expected an array" }]);
  });
});

describe("workflows.update", () => {
  it("sends only the given fields, basedOnVersion as based_on_version", async () => {
    const engine = fakeEngine(() => Response.json({ id: ID }));
    await engine.caller().workflows.update({ id: ID, name: "Renamed" });
    await engine.caller().workflows.update({ id: ID, spec: SPEC, basedOnVersion: 3 });
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
      ["PUT", `/api/v1/workflows/${ID}`, { name: "Renamed" }],
      ["PUT", `/api/v1/workflows/${ID}`, { spec: SPEC, based_on_version: 3 }],
    ]);
  });

  it("refuses a spec without basedOnVersion, and an id that is no UUID", async () => {
    const engine = fakeEngine();
    expect((await rejection(engine.caller().workflows.update({ id: ID, spec: SPEC }))).code).toBe("BAD_REQUEST");
    expect((await rejection(engine.caller().workflows.update({ id: "../runs", name: "x" }))).code).toBe("BAD_REQUEST");
    expect(engine.calls).toHaveLength(0);
  });

  it("turns a stale version (409) into CONFLICT with the current version in the error data", async () => {
    // Given an engine where someone saved version 5 since the edit began at 4
    const engine = fakeEngine(() =>
      Response.json({ status_code: 409, detail: "the workflow was saved since version 4: its current version is 5", current_version: 5 }, { status: 409 }),
    );
    // When the editor saves through the HTTP endpoint, as the browser does
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      createContext: () => engine.context(),
      req: new Request("http://web/api/trpc/workflows.update", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: ID, spec: SPEC, basedOnVersion: 4 }),
      }),
    });
    // Then the answer is a CONFLICT carrying the engine's message and current version
    expect(response.status).toBe(409);
    const { error } = (await response.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(error.message).toBe("the workflow was saved since version 4: its current version is 5");
    expect(error.data).toMatchObject({ code: "CONFLICT", httpStatus: 409, currentVersion: 5, fieldErrors: null });
  });
});

describe("workflows by id", () => {
  it("calls each endpoint with the id in the path", async () => {
    const engine = fakeEngine((call) => (call.method === "DELETE" ? new Response(null, { status: 204 }) : Response.json({})));
    const caller = engine.caller();
    await caller.workflows.get({ id: ID });
    await caller.workflows.delete({ id: ID });
    await caller.workflows.duplicate({ id: ID });
    await caller.workflows.export({ id: ID });
    await caller.workflows.versions({ id: ID });
    await caller.workflows.version({ id: ID, version: 2 });
    expect(engine.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      `GET /api/v1/workflows/${ID}`,
      `DELETE /api/v1/workflows/${ID}`,
      `POST /api/v1/workflows/${ID}/duplicate`,
      `GET /api/v1/workflows/${ID}/export`,
      `GET /api/v1/workflows/${ID}/versions`,
      `GET /api/v1/workflows/${ID}/versions/2`,
    ]);
  });

  it("passes a 404 on as NOT_FOUND", async () => {
    const engine = fakeEngine(() => Response.json({ status_code: 404, detail: `workflow ${ID} not found` }, { status: 404 }));
    expect((await rejection(engine.caller().workflows.get({ id: ID }))).code).toBe("NOT_FOUND");
  });
});

describe("workflows.import", () => {
  const document = { format: "orrery.workflow-export/v1", name: "Video", description: "d", exported_at: "2025-01-01T00:00:00Z", spec: SPEC } as const;

  it("posts the export document, leaving out fields the engine does not know", async () => {
    const engine = fakeEngine(() => Response.json({ id: ID }, { status: 201 }));
    await engine.caller().workflows.import({ document: { ...document, extra: 1 } as typeof document });
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([["POST", "/api/v1/workflows/import", document]]);
  });

  it("refuses a document that is not an Orrery export, with a readable message", async () => {
    const engine = fakeEngine();
    const error = await rejection(engine.caller().workflows.import({ document: { ...document, format: "something/v2" } as never }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("Not an Orrery export");
    expect(engine.calls).toHaveLength(0);
  });
});

describe("workflows.validate", () => {
  it("posts the spec and returns the engine's problems", async () => {
    const result = { valid: false, errors: [{ code: "missing_output_node", message: "no output" }] };
    const engine = fakeEngine(() => Response.json(result));
    await expect(engine.caller().workflows.validate({ spec: SPEC })).resolves.toEqual(result);
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([["POST", "/api/v1/workflows/validate", { spec: SPEC }]]);
  });

  it("names the workflow being edited, so a sub-workflow leading back to it is a problem", async () => {
    const engine = fakeEngine(() => Response.json({ valid: true, errors: [] }));
    const id = "11111111-2222-4333-8444-555555555555";
    await engine.caller().workflows.validate({ spec: SPEC, workflowId: id });
    expect(engine.calls[0]!.body).toEqual({ spec: SPEC, workflow_id: id });
  });
});

describe("templates and node types", () => {
  it("lists templates, reads one by slug, lists node types", async () => {
    const engine = fakeEngine(() => Response.json([]));
    await engine.caller().templates.list();
    await engine.caller().templates.get({ slug: "youtube-video" });
    await engine.caller().nodeTypes.list();
    expect(engine.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      "GET /api/v1/templates",
      "GET /api/v1/templates/youtube-video",
      "GET /api/v1/node-types",
    ]);
  });

  it("refuses a slug that is not one", async () => {
    const engine = fakeEngine();
    expect((await rejection(engine.caller().templates.get({ slug: "A/B" }))).code).toBe("BAD_REQUEST");
  });
});
