import { describe, expect, it } from "vitest";

import { layout } from "@/features/runs/graph/layout";
import { formatCost, formatDuration, formatTokens } from "@/features/runs/format";
import { fieldKind, initialValues, type InputSpecs, parseInputs } from "@/features/runs/start/input-form";

const SPECS: InputSpecs = {
  topic: { type: "string", required: true, description: "What the video is about" },
  minutes: { type: "integer", required: false, default: 5 },
  ratio: { type: "number", required: true },
  draft: { type: "boolean", required: false },
  tone: { type: "string", required: true, enum: ["calm", "loud"] },
  tags: { type: "array", required: false },
  meta: { type: "object", required: false },
};

describe("the start-run form", () => {
  it("picks a control per input type", () => {
    expect(Object.fromEntries(Object.entries(SPECS).map(([k, s]) => [k, fieldKind(s)]))).toEqual({
      topic: "text", minutes: "number", ratio: "number", draft: "checkbox", tone: "select", tags: "json", meta: "json",
    });
  });

  it("starts from the defaults, or from an earlier run's inputs", () => {
    expect(initialValues(SPECS)).toMatchObject({ topic: "", minutes: "5", draft: false, tags: "" });
    expect(initialValues(SPECS, { topic: "owls", tags: ["a"], draft: true })).toMatchObject({ topic: "owls", tags: '[\n  "a"\n]', draft: true });
  });

  it("turns the values into typed inputs, leaving blank optional ones to the engine", () => {
    const parsed = parseInputs(SPECS, { topic: "owls", minutes: "", ratio: "1.5", draft: true, tone: "calm", tags: '["x"]', meta: '{"a":1}' });
    expect(parsed).toEqual({ ok: true, inputs: { topic: "owls", ratio: 1.5, draft: true, tone: "calm", tags: ["x"], meta: { a: 1 } } });
  });

  it("reports every bad field at once", () => {
    const parsed = parseInputs(SPECS, { topic: " ", minutes: "2.5", ratio: "abc", draft: false, tone: "quiet", tags: "{}", meta: "{oops" });
    expect(parsed).toEqual({
      ok: false,
      errors: { topic: "Required.", minutes: "A whole number.", ratio: "A number.", tone: "Choose one of the options.", tags: "A JSON array, like [1, 2].", meta: "Not valid JSON." },
    });
  });
});

describe("the run graph's layout", () => {
  it("keeps the editor's positions", () => {
    const pos = layout([{ id: "a", position: { x: 10, y: 20 } }, { id: "b", position: { x: 300, y: 20 } }], [{ source: "a", target: "b" }]);
    expect(pos.get("b")).toEqual({ x: 300, y: 20 });
  });

  it("lays out a graph without positions in layers, left to right", () => {
    const nodes = ["in", "x", "y", "out"].map((id) => ({ id }));
    const edges = [{ source: "in", target: "x" }, { source: "in", target: "y" }, { source: "x", target: "out" }, { source: "y", target: "out" }];
    const pos = layout(nodes, edges);
    expect([pos.get("in")!.x, pos.get("x")!.x, pos.get("y")!.x, pos.get("out")!.x]).toEqual([0, 280, 280, 560]);
    expect(pos.get("x")!.y).not.toBe(pos.get("y")!.y);
  });
});

describe("formatting", () => {
  it("formats durations, tokens and cost", () => {
    expect([formatDuration(null), formatDuration(340), formatDuration(2345), formatDuration(75_000)]).toEqual(["—", "340 ms", "2.3 s", "1m 15s"]);
    expect([formatTokens(0), formatTokens(950), formatTokens(1234), formatTokens(2_500_000)]).toEqual(["0", "950", "1.2k", "2.5M"]);
    expect([formatCost(0), formatCost(0.0042), formatCost(1.5)]).toEqual(["$0", "$0.0042", "$1.50"]);
  });
});
