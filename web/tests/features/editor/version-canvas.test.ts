/**
 * The versions diff drawn on a canvas (`workbench/version-canvas.ts`): which nodes and
 * connections were added, removed, changed or left as they were, where each is drawn, and
 * what changed in a node's settings.
 */
import { describe, expect, it } from "vitest";

import { canvasDiff, countStatuses, fieldChanges } from "@/features/editor/workbench/version-canvas";

const v1 = {
  nodes: [
    { id: "start", type: "input", position: { x: 0, y: 0 } },
    { id: "draft", type: "transform", label: "Draft", position: { x: 300, y: 0 }, config: { mode: "template", template: "Draft: {{ inputs.topic }}" } },
    { id: "old", type: "transform", label: "Old step", position: { x: 600, y: 200 }, config: { mode: "template", template: "x" } },
    { id: "publish", type: "output", position: { x: 900, y: 0 }, config: { name: "headline" } },
  ],
  edges: [
    { source: "start", target: "draft" },
    { source: "draft", target: "old" },
    { source: "draft", target: "publish" },
  ],
};

const v2 = {
  nodes: [
    { id: "start", type: "input", position: { x: 0, y: 0 } },
    { id: "draft", type: "transform", label: "Draft", position: { x: 300, y: 40 }, config: { mode: "template", template: "Second: {{ inputs.topic }}" } },
    { id: "shout", type: "transform", label: "Shout", position: { x: 600, y: 0 }, config: { mode: "template", template: "{{ steps.draft.output | upper }}" } },
    { id: "publish", type: "output", position: { x: 900, y: 0 }, config: { name: "headline" } },
  ],
  edges: [
    { source: "start", target: "draft" },
    { source: "draft", target: "shout" },
    { source: "shout", target: "publish" },
  ],
};

describe("a versions diff on a canvas", () => {
  it("marks each node added, removed, changed or unchanged, a removed one where it was", () => {
    const diff = canvasDiff(v1, v2);
    const byId = Object.fromEntries(diff.nodes.map((n) => [n.id, n]));
    expect(byId.start!.status).toBe("unchanged");
    expect(byId.publish!.status).toBe("unchanged");
    expect(byId.shout!).toMatchObject({ status: "added", position: { x: 600, y: 0 }, label: "Shout" });
    expect(byId.old!).toMatchObject({ status: "removed", position: { x: 600, y: 200 }, label: "Old step" });
    expect(byId.draft!).toMatchObject({ status: "changed", moved: true, position: { x: 300, y: 40 } });
    expect(countStatuses(diff)).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 2 });
  });

  it("lists what changed in a changed node's settings, and nothing for a node that only moved", () => {
    const diff = canvasDiff(v1, v2);
    expect(diff.nodes.find((n) => n.id === "draft")!.fields).toEqual([
      { path: "config.template", before: "Draft: {{ inputs.topic }}", after: "Second: {{ inputs.topic }}" },
    ]);
    const moved = canvasDiff(v1, { ...v1, nodes: v1.nodes.map((n) => (n.id === "start" ? { ...n, position: { x: 50, y: 0 } } : n)) });
    expect(moved.nodes.find((n) => n.id === "start")).toMatchObject({ status: "unchanged", moved: true, fields: [] });
  });

  it("marks each connection added, removed or unchanged", () => {
    const edges = canvasDiff(v1, v2).edges.map((e) => `${e.status} ${e.source}->${e.target}`).sort();
    expect(edges).toEqual(["added draft->shout", "added shout->publish", "removed draft->old", "removed draft->publish", "unchanged start->draft"]);
  });

  it("tells a connection from another handle of the same nodes apart", () => {
    const a = { nodes: v1.nodes, edges: [{ source: "draft", target: "publish", source_handle: "yes" }] };
    const b = { nodes: v1.nodes, edges: [{ source: "draft", target: "publish", source_handle: "no" }] };
    const edges = canvasDiff(a, b).edges;
    expect(edges.map((e) => [e.status, e.sourceHandle])).toEqual([
      ["added", "no"],
      ["removed", "yes"],
    ]);
    expect(new Set(edges.map((e) => e.id)).size).toBe(2);
  });

  it("draws a body node at its container's position plus its own", () => {
    const doc = {
      nodes: [
        { id: "scenes", type: "map", position: { x: 100, y: 100 }, size: { width: 400, height: 300 } },
        { id: "shot", type: "transform", parent: "scenes", position: { x: 20, y: 30 } },
      ],
      edges: [],
    };
    const diff = canvasDiff(doc, doc);
    expect(diff.nodes.find((n) => n.id === "shot")!.position).toEqual({ x: 120, y: 130 });
    expect(diff.nodes.find((n) => n.id === "scenes")!.size).toEqual({ width: 400, height: 300 });
    expect(diff.nodes.every((n) => n.status === "unchanged")).toBe(true);
  });

  it("compares settings field by field, arrays as whole values", () => {
    expect(fieldChanges({ a: 1, b: { c: [1, 2], d: "x" } }, { a: 1, b: { c: [1, 3], e: true } })).toEqual([
      { path: "b.c", before: [1, 2], after: [1, 3] },
      { path: "b.d", before: "x", after: null },
      { path: "b.e", before: null, after: true },
    ]);
    expect(fieldChanges({ label: null }, { label: "Shout" })).toEqual([{ path: "label", before: null, after: "Shout" }]);
  });
});
