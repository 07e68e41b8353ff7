import { describe, expect, it } from "vitest";

import { diffSpecs, jsonLineDiff, runsByVersion } from "@/features/editor/workbench/versions";

const node = (id: string, over: Record<string, unknown> = {}) => ({ id, type: "transform", label: null, position: { x: 0, y: 0 }, config: { template: "a" }, ...over });

describe("a version against the draft", () => {
  it("names the nodes added, removed, moved and reconfigured, and the edges that changed", () => {
    // Given version 1, and a draft that moved one node, changed another's template, removed one and added one
    const v1 = { nodes: [node("start", { type: "input" }), node("shout"), node("old")], edges: [{ source: "start", target: "shout" }, { source: "shout", target: "old" }] };
    const draft = {
      nodes: [node("start", { type: "input", position: { x: 200, y: 0 } }), node("shout", { config: { template: "b" } }), node("fresh")],
      edges: [{ source: "start", target: "shout" }, { source: "shout", target: "fresh" }],
    };
    // When they are compared
    const diff = diffSpecs(v1, draft);
    // Then each change is named once, per node
    expect(Object.fromEntries(diff.nodes.map((n) => [n.id, n.changes]))).toEqual({ start: ["moved"], shout: ["changed"], fresh: ["added"], old: ["removed"] });
    expect(diff.edgesAdded).toEqual(["shout → fresh"]);
    expect(diff.edgesRemoved).toEqual(["shout → old"]);
    expect(diff.same).toBe(false);
    expect(diffSpecs(v1, v1).same).toBe(true);
  });

  it("shows a node's config change as a line diff of its JSON", () => {
    const lines = jsonLineDiff({ template: "a", retries: 1 }, { template: "b", retries: 1 });
    expect(lines.filter((l) => l.kind !== "same")).toEqual([
      { kind: "removed", text: '  "template": "a",' },
      { kind: "added", text: '  "template": "b",' },
    ]);
    expect(jsonLineDiff(null, { a: 1 }).every((l) => l.kind === "added")).toBe(true);
  });

  it("counts the runs each version made", () => {
    expect(runsByVersion([{ workflow_version: 1 }, { workflow_version: 2 }, { workflow_version: 1 }])).toEqual(
      new Map([
        [1, 2],
        [2, 1],
      ]),
    );
  });
});
