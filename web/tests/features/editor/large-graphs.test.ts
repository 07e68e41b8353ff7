/**
 * Large graphs in the editor (issue 21): sizes and handles known without measuring (a node out
 * of view is never drawn, so never measured), and a layout that does not wait for measurements
 * and lays out a thousand nodes at once.
 */
import { describe, expect, it } from "vitest";

import { docToFlow } from "@/features/editor/lib/document";
import { LAYER_GAP, layeredPositions } from "@/features/editor/lib/layered-layout";
import { LARGE_GRAPH, layoutPositions, layoutThread } from "@/features/editor/lib/layout";
import { CARD, estimateHandles, estimateSize, sizeFor, withEstimates, withEstimatesWhereUnmeasured } from "@/features/editor/lib/node-size";
import type { EditorNode, WorkflowDoc } from "@/features/editor/types";

import { catalog, sampleDoc } from "./fixtures";

const ROUTER = { routes: [{ name: "yes", condition: { left: "inputs.topic", op: "exists" } }], match: "first", default_route: "else" };

/** input -> `size - 2` nodes in columns of 8, each fed by a node of the previous column -> output; no positions. */
function largeDoc(size: number): WorkflowDoc {
  const kinds = ["agent", "transform", "router", "http"];
  const nodes: WorkflowDoc["nodes"] = [{ id: "start", type: "input", type_version: 1, position: { x: 0, y: 0 }, config: {} }];
  const edges: WorkflowDoc["edges"] = [];
  let previous = ["start"];
  let column: string[] = [];
  for (let i = 0; i < size - 2; i++) {
    const type = kinds[i % kinds.length]!;
    const id = `${type}_${i + 1}`;
    nodes.push({ id, type, type_version: 1, position: { x: 0, y: 0 }, config: type === "router" ? ROUTER : {} });
    const source = previous[i % previous.length]!;
    edges.push({ id: `e${edges.length}`, source, target: id, source_handle: source.startsWith("router") ? "yes" : null, target_handle: null });
    column.push(id);
    if (column.length === 8) [previous, column] = [column, []];
  }
  nodes.push({ id: "finish", type: "output", type_version: 1, position: { x: 0, y: 0 }, config: {} });
  for (const id of previous) edges.push({ id: `e${edges.length}`, source: id, target: "finish", source_handle: id.startsWith("router") ? "yes" : null, target_handle: null });
  return { schema: "orrery.workflow/v1", inputs: {}, nodes, edges };
}

const nodeOf = (doc: WorkflowDoc, id: string): EditorNode => docToFlow(doc, catalog).nodes.find((n) => n.id === id)!;

describe("node sizes without measuring", () => {
  it("knows a card's size and where its handles are, as Chromium draws them", () => {
    // Given an agent and a router with one route (plus else), never drawn
    const doc = sampleDoc();
    const agent = nodeOf(doc, "agent_1");
    const router = nodeOf(doc, "router_1");

    // When their sizes and handles are estimated
    const agentSize = estimateSize(agent, catalog);
    const routerSize = estimateSize(router, catalog);
    const routerHandles = estimateHandles(router, catalog);

    // Then they match what the browser measured (248 x 73.4; a named output adds a 24 px row)
    expect(agentSize).toEqual({ width: 248, height: 73.4 });
    expect(routerSize.height).toBeCloseTo(130.4);
    const at = (id: string) => routerHandles.find((h) => h.id === id)!;
    expect(at("in")).toMatchObject({ type: "target", x: -5 });
    expect(at("in").y).toBeCloseTo(59.2);
    expect(at("yes")).toMatchObject({ type: "source", x: 241 });
    expect(at("yes").y).toBeCloseTo(83.4);
    expect(at("else").y).toBeCloseTo(107.4);
    expect(at("error")).toMatchObject({ type: "source", x: 214 });
    expect(at("error").y).toBeCloseTo(124.4);
    // The run's ends have no error output; the input node no input
    expect(estimateHandles(nodeOf(doc, "start"), catalog).map((h) => h.id)).toEqual(["out"]);
    expect(estimateHandles(nodeOf(doc, "output_1"), catalog).map((h) => h.id)).toEqual(["in"]);
  });

  it("prefers the measured size once the node has been drawn", () => {
    // Given a node React Flow has measured
    const measured = { ...nodeOf(sampleDoc(), "agent_1"), measured: { width: 250, height: 97 } };
    // Then its measurement wins over the estimate
    expect(sizeFor(measured, catalog)).toEqual({ width: 250, height: 97 });
    expect(sizeFor(nodeOf(sampleDoc(), "agent_1"), catalog)).toEqual({ ...CARD });
  });

  it("hands React Flow an initial size (not a fixed one) and handles, and keeps one estimate per node object", () => {
    // Given three nodes, one of them measured
    const flow = docToFlow(sampleDoc(), catalog);
    const nodes = flow.nodes.map((n) => (n.id === "agent_1" ? { ...n, measured: { width: 248, height: 80 } } : n));
    const cache = new WeakMap<EditorNode, EditorNode>();

    // When the canvas asks for them twice (a re-render with nothing changed)
    const first = withEstimatesWhereUnmeasured(nodes, catalog, cache);
    const second = withEstimatesWhereUnmeasured(nodes, catalog, cache);

    // Then the measured node goes as it is, the others with estimates, the same objects each time
    expect(first.find((n) => n.id === "agent_1")).toBe(nodes.find((n) => n.id === "agent_1"));
    const router = first.find((n) => n.id === "router_1")!;
    expect(router.initialWidth).toBe(248);
    expect(router.width).toBeUndefined();
    expect(router.handles?.map((h) => h.id)).toEqual(["in", "yes", "else", "error"]);
    expect(second).toEqual(first);
    second.forEach((n, i) => expect(n).toBe(first[i]));
    // And the store's own node is left alone (documents and the clipboard never see estimates)
    expect(nodes.find((n) => n.id === "router_1")!.handles).toBeUndefined();
    expect(withEstimates(nodes[0]!, catalog)).not.toBe(nodes[0]);
  });
});

describe("layout of large graphs", () => {
  it("lays 1,000 unmeasured nodes out left to right, each column without overlaps", async () => {
    // Given a 1,000-node document saved without positions, never drawn (nothing measured)
    const flow = docToFlow(largeDoc(1000), catalog);
    expect(flow.nodes.length).toBeGreaterThan(LARGE_GRAPH);

    // When it is laid out
    const positions = await layoutPositions(flow.nodes, flow.edges, catalog);

    // Then every node has a place, here on the page's thread (no ELK, no worker needed)
    expect(positions.size).toBe(1000);
    expect(layoutThread()).toBe("main");
    // Every edge runs left to right
    for (const e of flow.edges) expect(positions.get(e.source)!.x).toBeLessThan(positions.get(e.target)!.x);
    // And no two nodes of a column overlap
    const byColumn = new Map<number, { y: number; h: number }[]>();
    for (const n of flow.nodes) {
      const p = positions.get(n.id)!;
      const list = byColumn.get(p.x) ?? [];
      list.push({ y: p.y, h: sizeFor(n, catalog).height });
      byColumn.set(p.x, list);
    }
    for (const column of byColumn.values()) {
      column.sort((a, b) => a.y - b.y);
      column.slice(1).forEach((c, i) => expect(c.y).toBeGreaterThanOrEqual(column[i]!.y + column[i]!.h));
    }
  });

  it("keeps a router's routes in their order, and spaces the columns", () => {
    // Given a router whose `else` target comes first in the document
    const size = { width: 248, height: 73.4 };
    const nodes = ["router", "on_else", "on_yes"].map((id) => ({ id, size }));
    const edges = [
      { source: "router", target: "on_else", rank: 1 },
      { source: "router", target: "on_yes", rank: 0 },
    ];

    // When laid out
    const positions = layeredPositions(nodes, edges);

    // Then the `yes` route's target is above the `else` one, one column to the right
    expect(positions.get("on_yes")!.y).toBeLessThan(positions.get("on_else")!.y);
    expect(positions.get("on_yes")!.x).toBe(Math.round(248 + LAYER_GAP));
  });

  it("places every node of a draft with a cycle (and does not loop forever)", () => {
    // Given a -> b -> c -> a, and d fed by c
    const size = { width: 248, height: 73.4 };
    const nodes = ["a", "b", "c", "d"].map((id) => ({ id, size }));
    const edges = [
      { source: "a", target: "b", rank: 0 },
      { source: "b", target: "c", rank: 0 },
      { source: "c", target: "a", rank: 0 },
      { source: "c", target: "d", rank: 0 },
    ];

    // When laid out
    const positions = layeredPositions(nodes, edges);

    // Then all four have a place, along the cycle's order
    expect([...positions.keys()].sort()).toEqual(["a", "b", "c", "d"]);
    const x = (id: string) => positions.get(id)!.x;
    expect(x("a")).toBeLessThan(x("b"));
    expect(x("b")).toBeLessThan(x("c"));
    expect(x("c")).toBeLessThan(x("d"));
  });
});
