"use client";

import "@xyflow/react/dist/style.css";

import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeChange,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  type Viewport,
  useReactFlow,
  useStore,
} from "@xyflow/react";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";

import { formatDuration } from "../format";
import { activeNodeIds, currentAttempt, edgeState, type EdgeState, nodeElapsedMs, type NodesOf } from "../state/selectors";
import type { Attempt, NodeRun, NodeStatus, RunState, WorkflowEdge, WorkflowNode } from "../state/types";
import { STATUS_LOOK, StatusIcon } from "../status";
import { useNow } from "../use-now";
import { layout } from "./layout";
import { NodeTypeIcon } from "./node-icon";
import styles from "./run-graph.module.css";
import { boundsOf, followViewport, readableViewport } from "./viewport";

type RunNodeData = { label: string; nodeType: string; status: NodeStatus; attempt: Attempt | null; attempts: number };
type RunFlowNode = Node<RunNodeData, "run">;

const RunNode = memo(function RunNode({ data, selected }: NodeProps<RunFlowNode>) {
  const look = STATUS_LOOK[data.status];
  const live = data.status === "running" || data.status === "waiting";
  const now = useNow(live, 200);
  const elapsed = nodeElapsedMs(data.attempt, now);
  return (
    <div
      className={`group relative w-56 rounded-xl border-2 bg-surface px-3 py-2.5 shadow-sm transition-[border-color,box-shadow,opacity] ${look.ring} ${
        selected ? "ring-2 ring-accent ring-offset-2 ring-offset-background" : ""
      } ${data.status === "skipped" ? "opacity-60" : ""} ${data.status === "running" ? styles.pulse : ""}`}
      data-testid={`run-node-${data.label}`}
      data-node-status={data.status}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="!size-2 !border-0 !bg-border" />
      <div className="flex items-center gap-2">
        <span className={`flex size-7 shrink-0 items-center justify-center rounded-lg ${look.bg} ${look.text}`}>
          <NodeTypeIcon type={data.nodeType} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-medium leading-tight">{data.label}</div>
          <div className="truncate text-[11px] text-muted">{data.nodeType}</div>
        </div>
      </div>
      <div className={`mt-2 flex items-center justify-between text-xs ${look.text}`}>
        <span className="inline-flex items-center gap-1 font-medium">
          <StatusIcon status={data.status} className="size-3.5" />
          {look.label}
          {data.attempts > 1 ? <span className="font-normal text-muted">· try {data.attempt?.attempt ?? data.attempts}</span> : null}
        </span>
        <span className="tabular-nums text-muted">{elapsed !== null ? formatDuration(elapsed) : ""}</span>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="!size-2 !border-0 !bg-border" />
    </div>
  );
});

const nodeTypes = { run: RunNode };
const ORIGIN = { x: 0, y: 0 };
/** A run node's box (`w-56`, two lines): the view is placed from it before React Flow measures anything. */
const NODE_SIZE = { width: 224, height: 84 };
/**
 * Larger graphs draw only the nodes in view: a 150-step chain at a readable zoom shows ~10,
 * a 50-wide fan-out ~8 of its column (50 running nodes, each pulsing and ticking, are what
 * made such a page fall behind on a loaded machine).
 */
const CULL_FROM = 30;

const EDGE_STYLE: Record<EdgeState, { stroke: string; strokeWidth: number; opacity: number; animated: boolean }> = {
  taken: { stroke: "var(--color-success)", strokeWidth: 2.25, opacity: 1, animated: false },
  active: { stroke: "rgb(14 165 233)", strokeWidth: 2.25, opacity: 1, animated: true },
  untaken: { stroke: "var(--color-muted)", strokeWidth: 1.25, opacity: 0.35, animated: false },
  idle: { stroke: "var(--color-muted)", strokeWidth: 1.5, opacity: 0.7, animated: false },
};

export type RunGraphProps = {
  nodes: readonly WorkflowNode[];
  edges: readonly WorkflowEdge[];
  /** Each node's run (`RunState.nodes`): the graph redraws when it changes, not for streamed tokens. */
  runNodes: RunState["nodes"];
  /** The run has not ended: the view follows its active node. */
  live: boolean;
  selectedNodeId: string | null;
  onSelect: (nodeId: string | null) => void;
};

/** The run's pinned workflow, read-only: nodes colored by state, the taken path highlighted. */
export const RunGraph = memo(function RunGraph(props: RunGraphProps) {
  return (
    <ReactFlowProvider>
      <RunGraphInner {...props} />
    </ReactFlowProvider>
  );
});

/**
 * Flow objects are reused while what they show is unchanged (reducers keep the identity of
 * every node an event did not touch), so React Flow redraws only the nodes and edges a
 * batch of events changed. Keyed by the model's and the spec's own objects.
 */
type Size = { width: number; height: number };
const flowNodes = new WeakMap<NodeRun, { spec: WorkflowNode; selected: boolean; position: { x: number; y: number }; measured: Size | undefined; node: RunFlowNode }>();
const flowEdges = new WeakMap<WorkflowEdge, { look: EdgeState; edge: Edge }>();

function toFlowNode(spec: WorkflowNode, run: NodeRun | undefined, selected: boolean, position: { x: number; y: number }, measured: Size | undefined): RunFlowNode {
  const hit = run ? flowNodes.get(run) : undefined;
  if (hit && hit.spec === spec && hit.selected === selected && hit.position === position && hit.measured === measured) return hit.node;
  const attempt = currentAttempt(run);
  const node: RunFlowNode = {
    id: spec.id,
    type: "run",
    position,
    measured,
    initialWidth: NODE_SIZE.width,
    initialHeight: NODE_SIZE.height,
    selected,
    draggable: false,
    connectable: false,
    data: { label: spec.label || spec.id, nodeType: spec.type, status: attempt?.status ?? "pending", attempt, attempts: run?.attempts.length ?? 0 },
  };
  if (run) flowNodes.set(run, { spec, selected, position, measured, node });
  return node;
}

function toFlowEdge(spec: WorkflowEdge, state: NodesOf): Edge {
  const look = edgeState(state, spec);
  const hit = flowEdges.get(spec);
  if (hit && hit.look === look) return hit.edge;
  const style = EDGE_STYLE[look];
  const edge: Edge = {
    id: spec.id,
    source: spec.source,
    target: spec.target,
    animated: style.animated,
    label: spec.source_handle ?? undefined,
    labelStyle: { fontSize: 11, fill: "var(--color-muted)" },
    labelBgStyle: { fill: "var(--color-surface)" },
    style: { stroke: style.stroke, strokeWidth: style.strokeWidth, opacity: style.opacity },
    markerEnd: { type: MarkerType.ArrowClosed, color: style.stroke, width: 16, height: 16 },
    focusable: false,
    selectable: false,
  };
  flowEdges.set(spec, { look, edge });
  return edge;
}

/** The same array as last time when every element is the same: React Flow then has nothing to redo. */
const lastArrays = new WeakMap<object, readonly unknown[]>();
function stable<T>(key: object, next: T[]): T[] {
  const previous = lastArrays.get(key) as T[] | undefined;
  if (previous && previous.length === next.length && previous.every((x, i) => x === next[i])) return previous;
  lastArrays.set(key, next);
  return next;
}

/**
 * The view: opens at a readable zoom (`readableViewport`) as soon as the pane has a size
 * (positions are known, node boxes fixed: nothing to wait for), and again when the pane
 * resizes, until the user moves it; while the run is live it follows the active node, until
 * the user pans or zooms (the "Follow" button turns it back on). A follow animates unless the
 * run moves on faster than that (then it jumps: animating every step of a fast chain costs
 * more than the run's own updates).
 */
function useRunViewport(positions: ReadonlyMap<string, { x: number; y: number }>, runNodes: RunState["nodes"], live: boolean) {
  const flow = useReactFlow<RunFlowNode>();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const active = useMemo(() => (live ? activeNodeIds({ nodes: runNodes }) : []), [live, runNodes]);
  const [follow, setFollow] = useState(true);
  const moved = useRef(false);
  const lastFollow = useRef(0);
  const [opened, setOpened] = useState(false);
  const bounds = useMemo(() => boundsOf([...positions.values()].map((p) => ({ ...p, ...NODE_SIZE }))), [positions]);

  // Open (and re-open on a resize) at a readable zoom, until the user has moved the view.
  useEffect(() => {
    if (!bounds || !width || !height || moved.current) return;
    void flow.setViewport(readableViewport(bounds, { width, height })).then(() => setOpened(true));
  }, [bounds, width, height, flow]);

  // Follow the active node while the run is live.
  useEffect(() => {
    if (!opened || !follow || !active.length || !width || !height) return;
    const rects = active.flatMap((id) => {
      const at = positions.get(id);
      return at ? [{ ...at, ...NODE_SIZE }] : [];
    });
    const next = followViewport(rects, flow.getViewport(), { width, height });
    if (!next) return;
    const now = performance.now();
    const duration = now - lastFollow.current > 1500 ? 250 : 0;
    lastFollow.current = now;
    void flow.setViewport(next, { duration });
  }, [opened, follow, active, positions, width, height, flow]);

  // A pan or zoom by the user (not a click, not our own moves) stops following.
  const userMoved = useCallback(() => {
    moved.current = true;
    setFollow(false);
  }, []);
  const start = useRef<Viewport | null>(null);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null, viewport: Viewport) => {
    start.current = event ? viewport : null;
  }, []);
  const onMoveEnd = useCallback((event: MouseEvent | TouchEvent | null, viewport: Viewport) => {
    const from = start.current;
    start.current = null;
    if (!event || !from) return;
    if (from.x !== viewport.x || from.y !== viewport.y || from.zoom !== viewport.zoom) userMoved();
  }, [userMoved]);

  return { live, follow, setFollow, onMoveStart, onMoveEnd, userMoved };
}

function RunGraphInner({ nodes: specNodes, edges: specEdges, runNodes, live, selectedNodeId, onSelect }: RunGraphProps) {
  const positions = useMemo(() => layout(specNodes, specEdges), [specNodes, specEdges]);
  // The graph is controlled: React Flow's measurements come back as changes, kept here so a
  // node redrawn for a new state keeps its size (React Flow would hide and measure it again).
  const [sizes, setSizes] = useState<ReadonlyMap<string, Size>>(() => new Map());
  const onNodesChange = useCallback((changes: NodeChange<RunFlowNode>[]) => {
    setSizes((current) => {
      let next: Map<string, Size> | null = null;
      for (const change of changes) {
        if (change.type !== "dimensions" || !change.dimensions) continue;
        const known = (next ?? current).get(change.id);
        if (known && known.width === change.dimensions.width && known.height === change.dimensions.height) continue;
        (next ??= new Map(current)).set(change.id, { width: change.dimensions.width, height: change.dimensions.height });
      }
      return next ?? current;
    });
  }, []);
  const nodes = useMemo(
    () => stable(specNodes, specNodes.map((n) => toFlowNode(n, runNodes[n.id], n.id === selectedNodeId, positions.get(n.id) ?? ORIGIN, sizes.get(n.id)))),
    [specNodes, positions, runNodes, selectedNodeId, sizes],
  );
  const edges = useMemo(() => stable(specEdges, specEdges.map((e) => toFlowEdge(e, { nodes: runNodes }))), [specEdges, runNodes]);
  const view = useRunViewport(positions, runNodes, live);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      nodeTypes={nodeTypes}
      colorMode="system"
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      onNodeClick={(_, node) => onSelect(node.id)}
      onPaneClick={() => onSelect(null)}
      onMoveStart={view.onMoveStart}
      onMoveEnd={view.onMoveEnd}
      onlyRenderVisibleElements={specNodes.length >= CULL_FROM}
      proOptions={{ hideAttribution: true }}
      minZoom={0.1}
      maxZoom={2}
      aria-label="Run graph"
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} onZoomIn={view.userMoved} onZoomOut={view.userMoved} onFitView={view.userMoved} fitViewOptions={{ padding: 0.1 }} />
      {view.live ? (
        <div className="absolute top-3 right-3 z-10">
          <button
            type="button"
            aria-pressed={view.follow}
            onClick={() => view.setFollow((f) => !f)}
            className={`rounded-md border px-2 py-1 text-xs font-medium shadow-sm transition ${
              view.follow ? "border-sky-500/50 bg-sky-500/10 text-sky-800 dark:text-sky-200" : "border-border bg-surface text-muted hover:text-foreground"
            }`}
            title={view.follow ? "The view follows the running step; pan or zoom to stop" : "Keep the running step in view"}
          >
            Follow
          </button>
        </div>
      ) : null}
    </ReactFlow>
  );
}
