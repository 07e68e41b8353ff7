import { describe, expect, it } from "vitest";

import { compareRuns, formatCostDelta, lastRunByNode, parseJson, preview, resolveReference } from "@/features/editor/workbench/lib";

const step = (node_id: string, over: Record<string, unknown> = {}) => ({ node_id, attempt: 1, status: "succeeded", output: null, ...over });

describe("the workbench's last-run view", () => {
  it("previews a value on one line, cut to its width", () => {
    expect(preview("two\nlines")).toBe("two lines");
    expect(preview({ key: "orbits" })).toBe('{"key":"orbits"}');
    expect(preview("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
  });

  it("keeps each node's current top-level attempt, not a superseded one or one inside a map", () => {
    // Given a retried node, and a body step inside a map
    const steps = [
      step("fetch", { output: "first", superseded_at: "2026-12-07T00:00:00Z" }),
      step("fetch", { attempt: 2, output: "second" }),
      step("call", { scope: "each[0]", output: "inside" }),
      step("skip", { status: "skipped" }),
    ];
    // When the canvas asks what the run left on each node
    const last = lastRunByNode(steps);
    // Then it shows the retry's output, nothing for the body step, and no preview for a skipped node
    expect(last.get("fetch")).toMatchObject({ status: "succeeded", preview: "second" });
    expect(last.has("call")).toBe(false);
    expect(last.get("skip")).toMatchObject({ status: "skipped", preview: "" });
  });

  it("resolves a `{{ steps.x.output.path }}` or `{{ inputs.x }}` suggestion to the value the last run gives it", () => {
    const last = lastRunByNode([step("fetch", { output: { body: { key: "orbits", list: ["a", "b"] } } })]);
    expect(resolveReference("steps.fetch.output.body.key", last)).toEqual({ found: true, value: "orbits" });
    expect(resolveReference("steps.fetch.output.body.list.1", last)).toEqual({ found: true, value: "b" });
    expect(resolveReference("steps.fetch.output.nope", last).found).toBe(false);
    expect(resolveReference("steps.other.output", last).found).toBe(false);
    expect(resolveReference("inputs.topic", last).found).toBe(false);
    expect(resolveReference("inputs.topic", last, { topic: "orbits" })).toEqual({ found: true, value: "orbits" });
  });

  it("parses edited JSON, or says why not", () => {
    expect(parseJson('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJson("")).toEqual({ ok: true, value: null });
    expect(parseJson("{nope").ok).toBe(false);
  });
});

describe("comparing a fork with its origin", () => {
  it("sets each node's steps side by side, marks changed and reused outputs, and the cost difference", () => {
    // Given an origin run and a fork of it from `shout` with an edited input
    const origin = {
      cost_usd: 0.03,
      tokens_in: 10,
      tokens_out: 20,
      steps: [step("fetch", { output: { key: "orbits" } }), step("shout", { output: "ORBITS!", cost_usd: 0.03 })],
    };
    const fork = {
      cost_usd: 0.01,
      tokens_in: 5,
      tokens_out: 5,
      steps: [step("fetch", { output: { key: "orbits" }, seeded_from: "origin-id" }), step("shout", { output: "EDITED!", cost_usd: 0.01 })],
    };
    // When they are compared
    const comparison = compareRuns(["fetch", "shout"], origin, fork);
    // Then fetch was reused unchanged, shout changed, and the fork cost 0.02 less
    expect(comparison.nodes.map((n) => [n.nodeId, n.changed, n.reused])).toEqual([
      ["fetch", false, true],
      ["shout", true, false],
    ]);
    expect(comparison.costDelta).toBeCloseTo(-0.02);
    expect(comparison.tokensDelta).toBe(-20);
    expect(formatCostDelta(comparison.costDelta)).toBe("−$0.02");
    expect(formatCostDelta(0)).toBe("±$0");
    expect(formatCostDelta(0.0012)).toBe("+$0.0012");
  });
});
