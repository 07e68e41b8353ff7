"use client";

import "@xyflow/react/dist/style.css";

import { Background, Controls, type NodeChange, ReactFlow, ReactFlowProvider, type Viewport, useReactFlow, useStore } from "@xyflow/react";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";

import type { PickedItems } from "../state/items";
import { activeNodeIds } from "../state/selectors";
import type { RunState, RunStatus, WorkflowEdge, WorkflowNode } from "../state/types";
import { absoluteRects, buildEdges, buildNodes, parentsOf, type RunFlowNode } from "./build";
import { layout } from "./layout";
import { ChildRunsContext, RunContainer, RunNode } from "./run-nodes";
import { boundsOf, followViewport, readableViewport } from "./viewport";

const nodeTypes = { run: RunNode, container: RunContainer };
const NO_CHILDREN: ReadonlyMap<string, RunStatus> = new Map();
/**
 * Larger graphs draw only the nodes in view: a 150-step chain at a readable zoom shows ~10,
 * a 50-wide fan-out ~8 of its column (50 running nodes, each pulsing and ticking, are what
 * made such a page fall behind on a loaded machine).
 */
const CULL_FROM = 30;

export type RunGraphProps = {
  nodes: readonly WorkflowNode[];
  edges: readonly WorkflowEdge[];
  /** Each node's run (`RunState.nodes`): the graph redraws when it changes, not for streamed tokens. */
  runNodes: RunState["nodes"];
  /** Body steps per iteration, and each container run's progress. */
  scopes: RunState["scopes"];
  progress: RunState["progress"];
  /** The item each container's body shows (by container id). */
  picked: PickedItems;
  /** Child runs' statuses (sub-workflow steps), by run id. */
  childRuns?: ReadonlyMap<string, RunStatus>;
  /** The run has not ended: the view follows its active node. */
  live: boolean;
  selectedNodeId: string | null;
  onSelect: (nodeId: string | null) => void;
};

/**
 * The run's pinned workflow, read-only: nodes colored by state, the taken path highlighted;
 * containers as groups whose body shows the picked item's steps.
 */
export const RunGraph = memo(function RunGraph(props: RunGraphProps) {
  return (
    <ReactFlowProvider>
      <ChildRunsContext.Provider value={props.childRuns ?? NO_CHILDREN}>
        <RunGraphInner {...props} />
      </ChildRunsContext.Provider>
    </ReactFlowProvider>
  );
});

type Size = { width: number; height: number };

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
function useRunViewport(rects: ReadonlyMap<string, { x: number; y: number; width: number; height: number }>, runNodes: RunState["nodes"], live: boolean) {
  const flow = useReactFlow<RunFlowNode>();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const active = useMemo(() => (live ? activeNodeIds({ nodes: runNodes }) : []), [live, runNodes]);
  const [follow, setFollow] = useState(true);
  const moved = useRef(false);
  const lastFollow = useRef(0);
  const [opened, setOpened] = useState(false);
  const bounds = useMemo(() => boundsOf([...rects.values()]), [rects]);

  // Open (and re-open on a resize) at a readable zoom, until the user has moved the view.
  useEffect(() => {
    if (!bounds || !width || !height || moved.current) return;
    void flow.setViewport(readableViewport(bounds, { width, height })).then(() => setOpened(true));
  }, [bounds, width, height, flow]);

  // Follow the active node while the run is live.
  useEffect(() => {
    if (!opened || !follow || !active.length || !width || !height) return;
    const shown = active.flatMap((id) => {
      const at = rects.get(id);
      return at ? [at] : [];
    });
    const next = followViewport(shown, flow.getViewport(), { width, height });
    if (!next) return;
    const now = performance.now();
    const duration = now - lastFollow.current > 1500 ? 250 : 0;
    lastFollow.current = now;
    void flow.setViewport(next, { duration });
  }, [opened, follow, active, rects, width, height, flow]);

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

function RunGraphInner({ nodes: specNodes, edges: specEdges, runNodes, scopes, progress, picked, live, selectedNodeId, onSelect }: RunGraphProps) {
  const parents = useMemo(() => parentsOf(specNodes), [specNodes]);
  const positions = useMemo(() => layout(specNodes, specEdges), [specNodes, specEdges]);
  const rects = useMemo(() => absoluteRects(specNodes, positions, parents), [specNodes, positions, parents]);
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
    () => stable(specNodes, buildNodes({ nodes: specNodes, edges: specEdges, runNodes, scopes, progress, picked, parents, positions, sizes, selectedNodeId })),
    [specNodes, specEdges, runNodes, scopes, progress, picked, parents, positions, sizes, selectedNodeId],
  );
  const edges = useMemo(() => stable(specEdges, buildEdges({ edges: specEdges, runNodes, scopes, picked, parents })), [specEdges, runNodes, scopes, picked, parents]);
  const view = useRunViewport(rects, runNodes, live);

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
