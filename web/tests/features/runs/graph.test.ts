/**
 * The run graph with containers: the map drawn as a group with its body inside, the body's
 * nodes taking the status of the item the user picked (none picked: no status), the container
 * showing its progress, an error branch drawn from its own handle.
 */
import { describe, expect, it } from "vitest";

import { buildEdges, buildNodes, parentsOf, type RunContainerData, type RunNodeData } from "@/features/runs/graph/build";
import { layout } from "@/features/runs/graph/layout";
import { progressText } from "@/features/runs/graph/run-nodes";
import { pickedFromScope, type PickedItems } from "@/features/runs/state/items";
import { applyRunEvents, applySeed } from "@/features/runs/state/machine";
import type { RunEvent, RunRead, RunState, WorkflowEdge, WorkflowNode } from "@/features/runs/state/types";

const RUN = "run-1";
const T0 = "2026-01-01T00:00:00.000Z";
const runRead: RunRead = { id: RUN, workflow_id: "wf", workflow_version: 1, status: "running", inputs: {}, cost_usd: 0, tokens_in: 0, tokens_out: 0, last_event_seq: 1, created_at: T0, depth: 0, trigger_kind: "manual", kind: "run", steps: [], logs: [] };
const ev = (type: RunEvent["type"], fields: Record<string, unknown>) => ({ type, run_id: RUN, at: T0, ...fields }) as unknown as RunEvent;

const NODES: WorkflowNode[] = [
  { id: "shot", type: "transform", type_version: 1, parent: "scenes", position: { x: 40, y: 100 } },
  { id: "scenes", type: "map", type_version: 1, label: "Scenes", position: { x: 300, y: 0 }, size: { width: 700, height: 300 } },
  { id: "script", type: "http", type_version: 1, position: { x: 0, y: 0 } },
  { id: "fallback", type: "transform", type_version: 1, position: { x: 0, y: 400 } },
];
const EDGES: WorkflowEdge[] = [
  { id: "e1", source: "script", target: "scenes", source_handle: null, target_handle: null },
  { id: "e2", source: "script", target: "fallback", source_handle: "error", target_handle: null },
];

function model(): RunState {
  const seeded = applySeed(null, runRead, { nodeIds: ["script", "scenes", "fallback"], bodies: { scenes: ["shot"] } });
  let seq = 1;
  return applyRunEvents(
    seeded,
    [
      ev("step.succeeded", { node_id: "script" }),
      ev("step.started", { node_id: "scenes" }),
      ev("step.succeeded", { node_id: "shot", scope: "scenes[0]" }),
      ev("step.failed", { node_id: "shot", scope: "scenes[1]", error: { code: "x", message: "no" } }),
    ].map((event) => ({ event, seq: ++seq })),
  );
}

/** As the page has them: laid out once. */
const POSITIONS = layout(NODES, EDGES);
const PARENTS = parentsOf(NODES);
const SIZES = new Map();

function graph(state: RunState, picked: PickedItems) {
  const input = { nodes: NODES, edges: EDGES, runNodes: state.nodes, scopes: state.scopes, progress: state.progress, picked, parents: PARENTS, positions: POSITIONS, sizes: SIZES, selectedNodeId: null };
  const nodes = buildNodes(input);
  return { nodes, byId: new Map(nodes.map((n) => [n.id, n])), edges: buildEdges(input) };
}

describe("a map on the run graph", () => {
  it("draws the map as a group before its body, the body inside it at its own position", () => {
    const { nodes, byId } = graph(model(), {});
    expect(nodes.findIndex((n) => n.id === "scenes")).toBeLessThan(nodes.findIndex((n) => n.id === "shot"));
    expect(byId.get("shot")).toMatchObject({ parentId: "scenes", position: { x: 40, y: 100 }, type: "run" });
    expect(byId.get("scenes")).toMatchObject({ type: "container", width: 700, height: 300 });
  });

  it("shows the picked item's steps in the body, and no status when none is picked", () => {
    const state = model();
    expect((graph(state, {}).byId.get("shot")!.data as RunNodeData)).toMatchObject({ status: "pending", unpicked: true });
    expect((graph(state, { scenes: 0 }).byId.get("shot")!.data as RunNodeData)).toMatchObject({ status: "succeeded", unpicked: false });
    expect((graph(state, { scenes: 1 }).byId.get("shot")!.data as RunNodeData).status).toBe("failed");
  });

  it("shows the container's progress and the item it shows", () => {
    const data = graph(model(), { scenes: 1 }).byId.get("scenes")!.data as RunContainerData;
    expect(data).toMatchObject({ status: "running", picked: 1, progress: { succeeded: 1, failed: 1 } });
    expect(progressText(data)).toBe("1 of 2+ done · 1 failed");
  });

  it("redraws only what changed: the same objects for nodes an event did not touch", () => {
    const state = model();
    const before = graph(state, { scenes: 0 });
    const after = graph(applyRunEvents(state, [{ event: ev("step.succeeded", { node_id: "fallback" }), seq: 99 }]), { scenes: 0 });
    expect(after.byId.get("shot")).toBe(before.byId.get("shot"));
    expect(after.byId.get("scenes")).toBe(before.byId.get("scenes"));
    expect(after.byId.get("fallback")).not.toBe(before.byId.get("fallback"));
  });

  it("draws an error branch from the error handle, taken only when the failure was handled", () => {
    const state = applyRunEvents(model(), [{ event: ev("step.failed", { node_id: "script", attempt: 2, handled: true, error: { code: "http", message: "refused" } }), seq: 50 }]);
    const { edges, byId } = graph(state, {});
    expect(edges.find((e) => e.id === "e2")).toMatchObject({ sourceHandle: "error", style: { stroke: "rgb(234 88 12)" } });
    expect(edges.find((e) => e.id === "e1")!.style!.opacity).toBe(0.35);
    expect((byId.get("script")!.data as RunNodeData).status).toBe("handled");
  });

  it("opens a child run's parent on the right item", () => {
    expect(pickedFromScope("scenes[3]/refine[0]")).toEqual({ scenes: 3, refine: 0 });
    expect(pickedFromScope(null)).toEqual({});
  });
});
