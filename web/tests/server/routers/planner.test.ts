import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { fakeEngine } from "../fake-engine";

const ID = "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b";

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("planner.plan", () => {
  it("sends the description (and a chosen key) to the engine and returns its draft", async () => {
    // Given an engine that drafts
    const draft = { document: { schema: "orrery.workflow/v1", nodes: [], edges: [] }, explanations: {}, planner: "demo", repair_rounds: 0 };
    const engine = fakeEngine(() => Response.json(draft));
    // When the user describes a workflow, once offline and once with a saved key
    await expect(engine.caller().planner.plan({ description: "  research espresso, then write a post  " })).resolves.toEqual(draft);
    await engine.caller().planner.plan({ description: "write a poem", credentialId: ID, model: "gpt-4o-mini" });
    // Then the engine got the trimmed description, and the key and model in its own names
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
      ["POST", "/api/v1/workflows/plan", { description: "research espresso, then write a post" }],
      ["POST", "/api/v1/workflows/plan", { description: "write a poem", credential_id: ID, model: "gpt-4o-mini" }],
    ]);
  });

  it("refuses a blank or too long description without calling the engine", async () => {
    const engine = fakeEngine();
    expect((await rejection(engine.caller().planner.plan({ description: "   " }))).code).toBe("BAD_REQUEST");
    expect((await rejection(engine.caller().planner.plan({ description: "x".repeat(2001) }))).code).toBe("BAD_REQUEST");
    expect(engine.calls).toEqual([]);
  });

  it("passes the engine's 422 on (a draft that stayed invalid) as a bad request with its message", async () => {
    const engine = fakeEngine(() => Response.json({ status_code: 422, detail: "The drafted workflow still had 1 problem(s)" }, { status: 422 }));
    const error = await rejection(engine.caller().planner.plan({ description: "do it" }));
    expect(error.message).toContain("still had 1 problem");
  });
});

describe("planner.refine", () => {
  it("posts the instruction for that workflow", async () => {
    const engine = fakeEngine(() => Response.json({ based_on_version: 3 }));
    await engine.caller().planner.refine({ id: ID, instruction: " ask me before saving " });
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
      ["POST", `/api/v1/workflows/${ID}/refine`, { instruction: "ask me before saving" }],
    ]);
  });

  it("names the saved key whose model reads the instruction, when one is chosen", async () => {
    const engine = fakeEngine(() => Response.json({ based_on_version: 3 }));
    const key = "0b1e6a4c-2f7d-4c59-8d0e-5a9b3c7e1f22";
    await engine.caller().planner.refine({ id: ID, instruction: "then summarise it", credentialId: key });
    expect(engine.calls.map((c) => c.body)).toEqual([{ instruction: "then summarise it", credential_id: key }]);
  });

  it("refuses an empty instruction or a bad id without calling the engine", async () => {
    const engine = fakeEngine();
    expect((await rejection(engine.caller().planner.refine({ id: ID, instruction: " " }))).code).toBe("BAD_REQUEST");
    expect((await rejection(engine.caller().planner.refine({ id: "nope", instruction: "x" }))).code).toBe("BAD_REQUEST");
    expect(engine.calls).toEqual([]);
  });
});
