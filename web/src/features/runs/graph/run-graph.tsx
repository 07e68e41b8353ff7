"use client";

import "@xyflow/react/dist/style.css";

import { Background, Controls, type Edge, Handle, MarkerType, type Node, type NodeProps, Position, ReactFlow, ReactFlowProvider, useReactFlow, useStore } from "@xyflow/react";
import { memo, useEffect, useMemo } from "react";

import { formatDuration } from "../format";
import { currentAttempt, edgeState, type EdgeState, nodeElapsedMs } from "../state/selectors";
import type { Attempt, NodeStatus, RunState } from "../state/types";
import { STATUS_LOOK, StatusIcon } from "../status";
import { useNow } from "../use-now";
import { layout } from "./layout";
import { NodeTypeIcon } from "./node-icon";
import styles from "./run-graph.module.css";

export type SpecNode = { id: string; type: string; label?: string | null; position?: { x?: number; y?: number } | null };
export type SpecEdge = { id: string; source: string; target: string; source_handle?: string | null };

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

const EDGE_STYLE: Record<EdgeState, { stroke: string; strokeWidth: number; opacity: number; animated: boolean }> = {
  taken: { stroke: "var(--color-success)", strokeWidth: 2.25, opacity: 1, animated: false },
  active: { stroke: "rgb(14 165 233)", strokeWidth: 2.25, opacity: 1, animated: true },
  untaken: { stroke: "var(--color-muted)", strokeWidth: 1.25, opacity: 0.35, animated: false },
  idle: { stroke: "var(--color-muted)", strokeWidth: 1.5, opacity: 0.7, animated: false },
};

/** Fits the view when the nodes change and when the pane resizes (the inspector opening, a window resize). */
function FitOnChange({ signature }: { signature: string }) {
  const { fitView } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  useEffect(() => {
    if (!width || !height) return;
    const frame = requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1.1 }));
    return () => cancelAnimationFrame(frame);
  }, [fitView, signature, width, height]);
  return null;
}

export type RunGraphProps = {
  nodes: readonly SpecNode[];
  edges: readonly SpecEdge[];
  state: RunState;
  selectedNodeId: string | null;
  onSelect: (nodeId: string | null) => void;
};

/** The run's pinned workflow, read-only: nodes colored by state, the taken path highlighted. */
export function RunGraph(props: RunGraphProps) {
  return (
    <ReactFlowProvider>
      <RunGraphInner {...props} />
    </ReactFlowProvider>
  );
}

function RunGraphInner({ nodes: specNodes, edges: specEdges, state, selectedNodeId, onSelect }: RunGraphProps) {
  const positions = useMemo(() => layout(specNodes, specEdges), [specNodes, specEdges]);

  const nodes = useMemo<RunFlowNode[]>(
    () =>
      specNodes.map((n) => {
        const node = state.nodes[n.id];
        const attempt = currentAttempt(node);
        return {
          id: n.id,
          type: "run",
          position: positions.get(n.id) ?? { x: 0, y: 0 },
          selected: n.id === selectedNodeId,
          draggable: false,
          connectable: false,
          data: { label: n.label || n.id, nodeType: n.type, status: attempt?.status ?? "pending", attempt, attempts: node?.attempts.length ?? 0 },
        };
      }),
    [specNodes, positions, state.nodes, selectedNodeId],
  );

  const edges = useMemo<Edge[]>(
    () =>
      specEdges.map((e) => {
        const look = EDGE_STYLE[edgeState(state, e)];
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          animated: look.animated,
          label: e.source_handle ?? undefined,
          labelStyle: { fontSize: 11, fill: "var(--color-muted)" },
          labelBgStyle: { fill: "var(--color-surface)" },
          style: { stroke: look.stroke, strokeWidth: look.strokeWidth, opacity: look.opacity },
          markerEnd: { type: MarkerType.ArrowClosed, color: look.stroke, width: 16, height: 16 },
          focusable: false,
          selectable: false,
        };
      }),
    [specEdges, state],
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      colorMode="system"
      fitView
      fitViewOptions={{ padding: 0.2, maxZoom: 1.1 }}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      onNodeClick={(_, node) => onSelect(node.id)}
      onPaneClick={() => onSelect(null)}
      proOptions={{ hideAttribution: true }}
      minZoom={0.2}
      aria-label="Run graph"
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} />
      <FitOnChange signature={specNodes.map((n) => n.id).join(",")} />
    </ReactFlow>
  );
}
