/**
 * Auto-layout with ELK (layered, left to right, with ports so a router's routes keep
 * their order), in a Web Worker (`layout.worker.ts`) so the page stays responsive while a
 * large graph is laid out; where there are no workers (tests, very old browsers) elkjs is
 * loaded here on first use. A container is an ELK node with its body as children:
 * ELK lays the body out inside it and sizes it; body positions come back relative to
 * the container, as React Flow wants them.
 * Sizes are React Flow's measurements where a node was measured, else estimates
 * (`node-size.ts`): a large graph renders only what is in view, so the layout cannot wait
 * for every node to be measured. A large graph without container bodies is laid out by
 * `layered-layout.ts` instead, in milliseconds (ELK takes seconds there). Fit the view after.
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";

import type { Catalog } from "./catalog";
import type { LayoutReply, LayoutRequest } from "./layout.worker";
import { ERROR_HANDLE, outputPorts } from "./catalog";
import { isContainer } from "./containers";
import { layeredPositions } from "./layered-layout";
import { sizeFor } from "./node-size";
import type { EditorEdge, EditorNode } from "../types";

/** Room for a container's header (icon, label, summary) above its body, and around it. */
const CONTAINER_PADDING = "[top=88,left=32,bottom=32,right=32]";

const LAYOUT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "96",
  "elk.spacing.nodeNode": "40",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  "elk.separateConnectedComponents": "true",
  "elk.spacing.componentComponent": "80",
};

/** Over this many nodes ELK is told to be quick, and a graph without container bodies skips it. */
export const LARGE_GRAPH = 150;

const portId = (node: string, kind: "in" | "out", handle: string | null | undefined) => `${node}::${kind}::${handle ?? "_"}`;

/** The ELK graph for the canvas (pure: sizes measured where known, else estimated). */
export function toElkGraph(nodes: readonly EditorNode[], edges: readonly EditorEdge[], catalog: Catalog): ElkNode {
  const ids = new Set(nodes.map((n) => n.id));
  const parentOf = (n: EditorNode) => (n.parentId && ids.has(n.parentId) ? n.parentId : null);
  const elkNodes = new Map<string, ElkNode>();
  for (const node of nodes) {
    const { width, height } = sizeFor(node, catalog);
    const outs = outputPorts(catalog.get(node.data.type, node.data.typeVersion), node.data.config).ports;
    const ports = [
      { id: portId(node.id, "in", null), width: 8, height: 8, layoutOptions: { "elk.port.side": "WEST" } },
      ...outs.map((p, i) => ({
        id: portId(node.id, "out", p.id),
        width: 8,
        height: 8,
        layoutOptions: { "elk.port.side": "EAST", "elk.port.index": String(outs.length - i) },
      })),
    ];
    const container = isContainer(node) && nodes.some((n) => n.parentId === node.id);
    elkNodes.set(node.id, {
      id: node.id,
      // A container with a body gets the size its body needs; an empty one keeps its own.
      ...(container ? {} : { width, height }),
      ports,
      layoutOptions: container
        ? { ...LAYOUT_OPTIONS, "elk.portConstraints": "FIXED_ORDER", "elk.padding": CONTAINER_PADDING, "elk.nodeSize.minimum": `(${width}, ${height})` }
        : { "elk.portConstraints": "FIXED_ORDER" },
      children: container ? [] : undefined,
      edges: container ? [] : undefined,
    });
  }
  const root: ElkNode = { id: "root", children: [], edges: [] };
  for (const node of nodes) {
    const parent = parentOf(node);
    (parent ? elkNodes.get(parent)! : root).children!.push(elkNodes.get(node.id)!);
  }
  const portIds = new Set([...elkNodes.values()].flatMap((c) => (c.ports ?? []).map((p) => p.id)));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    const out = portId(e.source, "out", e.sourceHandle);
    const edge: ElkExtendedEdge = { id: e.id, sources: [portIds.has(out) ? out : e.source], targets: [portId(e.target, "in", null)] };
    // An edge belongs to the level of its nodes (edges never cross a container's wall).
    const parent = parentOf(byId.get(e.source)!);
    (parent ? elkNodes.get(parent)! : root).edges!.push(edge);
  }
  // Crossing minimisation dominates on big graphs: 1,000 nodes take ~14 s at ELK's default
  // thoroughness (7) and ~5 s at 1 here; small graphs keep the better default.
  root.layoutOptions = nodes.length > LARGE_GRAPH ? { ...LAYOUT_OPTIONS, "elk.layered.thoroughness": "1" } : LAYOUT_OPTIONS;
  return root;
}

/** Where each node goes (relative to its container); a container with a body also gets its new size. */
export type Positions = Map<string, { x: number; y: number; width?: number; height?: number }>;

export async function layoutPositions(nodes: readonly EditorNode[], edges: readonly EditorEdge[], catalog: Catalog): Promise<Positions> {
  if (nodes.length > LARGE_GRAPH && !nodes.some((n) => n.parentId)) {
    lastThread = "main";
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const rank = (e: EditorEdge) => {
      if (e.sourceHandle === ERROR_HANDLE) return ERROR_RANK;
      const source = byId.get(e.source);
      const outs = source ? outputPorts(catalog.get(source.data.type, source.data.typeVersion), source.data.config).ports : [];
      return Math.max(0, outs.findIndex((p) => p.id === e.sourceHandle));
    };
    return layeredPositions(
      nodes.map((n) => ({ id: n.id, size: sizeFor(n, catalog) })),
      edges.map((e) => ({ source: e.source, target: e.target, rank: rank(e) })),
    );
  }
  const result = await runElk(toElkGraph(nodes, edges, catalog));
  const positions: Positions = new Map();
  const visit = (children: ElkNode[] | undefined) => {
    for (const child of children ?? []) {
      const at = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
      positions.set(child.id, child.children?.length ? { ...at, width: Math.round(child.width ?? 0), height: Math.round(child.height ?? 0) } : at);
      visit(child.children);
    }
  };
  visit(result.children);
  return positions;
}

/** The `error` output is drawn at the bottom: its edges leave below every named output. */
const ERROR_RANK = 8;

let worker: Worker | null = null;
/** Where the last layout ran (tests and the benchmark read it). */
let lastThread: "worker" | "main" | null = null;
/** The worker could not start (a blocked script): layouts run on this thread from then on. */
let workerFailed = false;
let requests = 0;
const pending = new Map<number, { resolve(graph: ElkNode): void; reject(error: Error): void; retry(): void }>();

/** Where the last layout ran: the layout worker (ELK), or this (the page's) thread. */
export function layoutThread(): "worker" | "main" {
  return lastThread ?? "main";
}

/** ELK's layout of `graph`: in the layout worker (one per page, started on first use), else here. */
async function runElk(graph: ElkNode): Promise<ElkNode> {
  lastThread = typeof Worker === "undefined" || workerFailed ? "main" : "worker";
  if (lastThread === "main") {
    const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
    return new ELK().layout(graph);
  }
  if (!worker) {
    worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module", name: "orrery-layout" });
    worker.onmessage = (event: MessageEvent<LayoutReply>) => {
      const reply = event.data;
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (!waiting) return;
      if ("error" in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.graph);
    };
    worker.onerror = (event) => {
      // A worker that cannot start: what waits is laid out here instead, and so is what follows.
      event.preventDefault();
      workerFailed = true;
      worker?.terminate();
      worker = null;
      const stranded = [...pending.values()];
      pending.clear();
      for (const waiting of stranded) waiting.retry();
    };
  }
  const id = ++requests;
  return new Promise<ElkNode>((resolve, reject) => {
    pending.set(id, { resolve, reject, retry: () => void runElk(graph).then(resolve, reject) });
    worker!.postMessage({ id, graph } satisfies LayoutRequest);
  });
}
