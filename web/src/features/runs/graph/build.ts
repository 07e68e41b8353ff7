/**
 * The run graph's React Flow nodes and edges from the pinned spec and the run's model.
 * Containers (`map`, `loop`) are groups: their body nodes carry `parentId` and positions
 * relative to them, and show the steps of the item picked in each container around them
 * (none picked: no status). A container shows its item counts. Flow objects are reused while
 * what they show is unchanged, so a batch of events redraws only what it changed. Pure, but
 * for those caches.
 */
import { MarkerType, type Edge, type Node } from "@xyflow/react";

import { containerUI, iterationName } from "@/features/editor/node-types/registry";

import { itemCount, scopeOf, type Parents, type PickedItems } from "../state/items";
import { pget } from "../state/pmap";
import { containerPath, type Progress } from "../state/scopes";
import { currentAttempt, displayStatus, edgeState, ERROR_HANDLE, type DisplayStatus, type EdgeState, waitingForRateLimit } from "../state/selectors";
import type { Attempt, NodeRun, RunState, WorkflowEdge, WorkflowNode } from "../state/types";

/** A run node's box (`w-56`, two lines): the view is placed from it before React Flow measures anything. */
export const NODE_SIZE = { width: 224, height: 84 };
/** A container the editor saved without a size (the editor's default). */
export const CONTAINER_SIZE = { width: 640, height: 320 };

/** The node types drawn as groups: those the node-type registry marks as containers. */
export const isContainerNode = (node: Pick<WorkflowNode, "type">) => containerUI(node.type) !== undefined;

export type RunNodeData = {
  label: string;
  nodeType: string;
  status: DisplayStatus;
  attempt: Attempt | null;
  attempts: number;
  /** A body node with no item picked in a container around it: nothing to show. */
  unpicked: boolean;
  /** Running, but held by a shared provider rate limit (shown as "waiting for rate limit"). */
  rateLimited?: boolean;
};

export type RunContainerData = RunNodeData & {
  progress: Progress | null;
  /** Items so far; `exact` once the container's result says how many. */
  count: { count: number; exact: boolean };
  /** The item shown in the body (null: none picked). */
  picked: number | null;
  /** The most items there can be while their number is not known (a loop's maximum). */
  limit: number | null;
  /** The picked iteration as people say it ("item 3", "round 1"). */
  pickedName: string | null;
};

export type RunFlowNode = Node<RunNodeData, "run"> | Node<RunContainerData, "container">;

type Size = { width: number; height: number };
type XY = { x: number; y: number };

export type BuildInput = {
  nodes: readonly WorkflowNode[];
  edges: readonly WorkflowEdge[];
  runNodes: RunState["nodes"];
  scopes: RunState["scopes"];
  progress: RunState["progress"];
  picked: PickedItems;
  parents: Parents;
  positions: ReadonlyMap<string, XY>;
  sizes: ReadonlyMap<string, Size>;
  selectedNodeId: string | null;
};

/** Each body node's container, from the spec. */
export function parentsOf(nodes: readonly WorkflowNode[]): Map<string, string> {
  const ids = new Set(nodes.map((n) => n.id));
  return new Map(nodes.flatMap((n) => (n.parent && ids.has(n.parent) ? [[n.id, n.parent] as [string, string]] : [])));
}

/** Parents before children, as React Flow needs them. */
export function parentsFirst(nodes: readonly WorkflowNode[], parents: Parents): WorkflowNode[] {
  const depth = (id: string) => {
    let d = 0;
    for (let at = parents.get(id); at && d < 32; at = parents.get(at)) d++;
    return d;
  };
  if (!parents.size) return nodes as WorkflowNode[];
  return nodes.map((n, i) => ({ n, i, d: depth(n.id) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.n);
}

/** The node run a graph node shows: its top-level steps, or its picked iteration's. */
export function shownRun(state: Pick<BuildInput, "runNodes" | "scopes">, scope: string | null | undefined, nodeId: string): NodeRun | undefined {
  if (scope === undefined) return undefined;
  return scope === null ? state.runNodes[nodeId] : pget(state.scopes, scope)?.nodes[nodeId];
}

/** A container's size: measured, saved in the spec, or the editor's default. */
export const containerSize = (spec: WorkflowNode, measured: Size | undefined): Size => measured ?? spec.size ?? CONTAINER_SIZE;

type Cached = { deps: readonly unknown[]; node: RunFlowNode };
const nodeCache = new WeakMap<WorkflowNode, Cached>();
const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function buildNodes(input: BuildInput): RunFlowNode[] {
  const ordered = parentsFirst(input.nodes, input.parents);
  return ordered.map((spec) => {
    const scope = scopeOf(spec.id, input.parents, input.picked);
    const run = shownRun(input, scope, spec.id);
    const selected = spec.id === input.selectedNodeId;
    const position = input.positions.get(spec.id) ?? { x: 0, y: 0 };
    const measured = input.sizes.get(spec.id);
    const parentId = input.parents.get(spec.id);
    const container = isContainerNode(spec);
    const path = container && scope !== undefined ? containerPath(scope, spec.id) : null;
    const progress = path ? (pget(input.progress, path) ?? null) : null;
    const pickedIndex = container ? (input.picked[spec.id] ?? null) : null;
    const deps = [run, selected, position, measured, progress, pickedIndex, scope === undefined, parentId];
    const hit = nodeCache.get(spec);
    if (hit && same(hit.deps, deps)) return hit.node;
    const attempt = currentAttempt(run);
    const data: RunNodeData = {
      label: spec.label || spec.id,
      nodeType: spec.type,
      status: displayStatus(attempt),
      attempt,
      attempts: run?.attempts.length ?? 0,
      unpicked: scope === undefined,
      rateLimited: waitingForRateLimit(run),
    };
    const common = { id: spec.id, position, selected, draggable: false, connectable: false, ...(parentId ? { parentId } : {}) };
    let node: RunFlowNode;
    if (container) {
      const size = containerSize(spec, undefined);
      node = {
        ...common,
        type: "container",
        measured,
        width: size.width,
        height: size.height,
        data: {
          ...data,
          progress,
          count: itemCount(progress ?? undefined, attempt, run),
          picked: pickedIndex,
          limit: containerUI(spec.type)?.itemLimit?.((spec.config ?? {}) as Record<string, unknown>) ?? null,
          pickedName: pickedIndex === null ? null : iterationName(spec.type, pickedIndex),
        },
      };
    } else {
      node = { ...common, type: "run", measured, initialWidth: NODE_SIZE.width, initialHeight: NODE_SIZE.height, data };
    }
    nodeCache.set(spec, { deps, node });
    return node;
  });
}

const EDGE_STYLE: Record<EdgeState, { stroke: string; strokeWidth: number; opacity: number; animated: boolean }> = {
  taken: { stroke: "var(--color-success)", strokeWidth: 2.25, opacity: 1, animated: false },
  active: { stroke: "rgb(14 165 233)", strokeWidth: 2.25, opacity: 1, animated: true },
  untaken: { stroke: "var(--color-muted)", strokeWidth: 1.25, opacity: 0.35, animated: false },
  idle: { stroke: "var(--color-muted)", strokeWidth: 1.5, opacity: 0.7, animated: false },
};
/** An error branch taken: the failure went there (orange, as its "failed, handled" step). */
const ERROR_TAKEN = "rgb(234 88 12)";

const edgeCache = new WeakMap<WorkflowEdge, { look: EdgeState; edge: Edge }>();

/** The edges, each looking as the run took it (inside a body: as the picked item took it). */
export function buildEdges(input: Pick<BuildInput, "edges" | "runNodes" | "scopes" | "picked" | "parents">): Edge[] {
  return input.edges.map((spec) => {
    const scope = scopeOf(spec.source, input.parents, input.picked);
    const nodes = scope === undefined ? null : scope === null ? input.runNodes : (pget(input.scopes, scope)?.nodes ?? {});
    const look: EdgeState = nodes ? edgeState({ nodes }, spec) : "idle";
    const hit = edgeCache.get(spec);
    if (hit && hit.look === look) return hit.edge;
    const onError = spec.source_handle === ERROR_HANDLE;
    const style = EDGE_STYLE[look];
    const stroke = onError && (look === "taken" || look === "active") ? ERROR_TAKEN : style.stroke;
    const edge: Edge = {
      id: spec.id,
      source: spec.source,
      target: spec.target,
      sourceHandle: onError ? ERROR_HANDLE : "out",
      targetHandle: "in",
      animated: style.animated,
      label: spec.source_handle ?? undefined,
      labelStyle: { fontSize: 11, fill: onError ? ERROR_TAKEN : "var(--color-muted)" },
      labelBgStyle: { fill: "var(--color-surface)" },
      style: { stroke, strokeWidth: style.strokeWidth, opacity: style.opacity, ...(onError ? { strokeDasharray: "3 4" } : {}) },
      markerEnd: { type: MarkerType.ArrowClosed, color: stroke, width: 16, height: 16 },
      focusable: false,
      selectable: false,
      // Body edges are drawn over their container.
      ...(scope ? { zIndex: 1 } : {}),
    };
    edgeCache.set(spec, { look, edge });
    return edge;
  });
}

/** Where each node is on the canvas (a body node's position plus its containers'), with its size. */
export function absoluteRects(nodes: readonly WorkflowNode[], positions: ReadonlyMap<string, XY>, parents: Parents): Map<string, XY & Size> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, XY & Size>();
  for (const n of nodes) {
    let { x, y } = positions.get(n.id) ?? { x: 0, y: 0 };
    for (let at = parents.get(n.id), d = 0; at && d < 32; at = parents.get(at), d++) {
      const p = positions.get(at) ?? { x: 0, y: 0 };
      x += p.x;
      y += p.y;
    }
    const size = isContainerNode(n) ? containerSize(byId.get(n.id)!, undefined) : NODE_SIZE;
    out.set(n.id, { x, y, ...size });
  }
  return out;
}
