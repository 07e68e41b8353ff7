"use client";

import "@xyflow/react/dist/style.css";

import { Background, Controls, Handle, type Edge, type Node, type NodeProps, Position, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { memo, useMemo, useState, type CSSProperties } from "react";
import { createPortal } from "react-dom";

import { Icon } from "../components/icons";
import { preview } from "./lib";
import { countStatuses, type CanvasDiff, type CanvasDiffNode, type DiffStatus } from "./version-canvas";

/**
 * A versions diff on a read-only canvas: nodes added (green), removed (red, where they were),
 * changed (amber) and unchanged (dimmed), connections likewise; the side panel lists what
 * changed in the selected node's settings. Drawn over the whole editor (a portal: the versions
 * panel it opens from is narrow), closed with its button or Escape.
 */
export function VersionCanvas({ diff, title, onClose }: { diff: CanvasDiff; title: string; onClose(): void }) {
  const [selected, setSelected] = useState<string | null>(() => diff.nodes.find((n) => n.status === "changed")?.id ?? null);
  const counts = useMemo(() => countStatuses(diff), [diff]);
  const ids = useMemo(() => new Set(diff.nodes.map((n) => n.id)), [diff]);
  const nodes = useMemo<DiffFlowNode[]>(
    () =>
      diff.nodes.map((n) => ({
        id: n.id,
        type: "diff",
        position: n.position,
        data: n,
        selected: n.id === selected,
        // A container is drawn under its body (and at its size, when the document gives one).
        zIndex: n.size ? 0 : 1,
        ...(n.size ? { style: { width: n.size.width, height: n.size.height } } : {}),
      })),
    [diff, selected],
  );
  const edges = useMemo<Edge[]>(
    () =>
      diff.edges
        .filter((e) => ids.has(e.source) && ids.has(e.target))
        .map((e) => ({ id: e.id, source: e.source, target: e.target, className: `diff-edge-${e.status}`, style: EDGE_STYLE[e.status], zIndex: 2 })),
    [diff, ids],
  );
  const node = diff.nodes.find((n) => n.id === selected) ?? null;
  return createPortal(
    <div
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
      className="fixed inset-x-3 top-28 bottom-3 z-50 flex overflow-hidden rounded-xl border border-border bg-surface shadow-2xl"
      role="dialog"
      aria-modal="true"
      aria-label={title}
      data-testid="version-canvas"
    >
      <div className="relative min-w-0 flex-1">
        <ReactFlowProvider>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            colorMode="system"
            nodesDraggable={false}
            nodesConnectable={false}
            edgesFocusable={false}
            elementsSelectable={false}
            onNodeClick={(_, n) => setSelected(n.id)}
            onPaneClick={() => setSelected(null)}
            fitView
            fitViewOptions={{ padding: 0.2 }}
            minZoom={0.1}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </ReactFlowProvider>
      </div>
      <aside className="thin-scroll flex w-72 shrink-0 flex-col overflow-y-auto border-l border-border" data-testid="version-canvas-side">
        <header className="flex items-center justify-between gap-2 border-b border-border px-3.5 py-2">
          <h2 className="text-[13px] font-semibold">{title}</h2>
          <button
            type="button"
            aria-label="Close the canvas"
            onClick={onClose}
            className="rounded p-1 text-muted hover:bg-surface-muted hover:text-foreground"
            data-testid="version-canvas-close"
          >
            <Icon name="x" className="size-4" />
          </button>
        </header>
        <ul className="flex flex-wrap gap-1.5 px-3.5 py-2 text-[11px]" aria-label="Legend" data-testid="version-canvas-legend">
          {(["added", "removed", "changed", "unchanged"] as const).map((s) => (
            <li key={s} className={`rounded border px-1.5 py-px ${NODE_LOOK[s]}`} data-status={s}>
              {counts[s]} {s}
            </li>
          ))}
        </ul>
        {node ? <NodeChanges node={node} /> : <p className="px-3.5 py-2 text-xs text-muted">Select a node to see what changed in it.</p>}
      </aside>
    </div>,
    document.body,
  );
}

function NodeChanges({ node }: { node: CanvasDiffNode }) {
  return (
    <section className="space-y-2 px-3.5 py-2 text-xs" data-testid="version-canvas-node">
      <p>
        <span className="font-medium">{node.label}</span> <span className="font-mono text-muted">{node.id}</span>
      </p>
      <p className="text-muted">
        {WORDS[node.status]}
        {node.moved ? " It was moved." : ""}
      </p>
      {node.fields.length ? (
        <ul className="space-y-2" data-testid="version-canvas-fields">
          {node.fields.map((f) => (
            <li key={f.path} data-testid={`diff-field-${f.path}`}>
              <p className="font-mono font-medium">{f.path}</p>
              <p className="font-mono break-all text-danger">− {preview(f.before, 200) || "(none)"}</p>
              <p className="font-mono break-all text-success">+ {preview(f.after, 200) || "(none)"}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

const WORDS: Record<DiffStatus, string> = {
  added: "Added since this version.",
  removed: "Removed since this version (drawn where it was).",
  changed: "Its settings changed:",
  unchanged: "Its settings are the same.",
};

const NODE_LOOK: Record<DiffStatus, string> = {
  added: "border-emerald-500 bg-emerald-50 text-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-100",
  removed: "border-red-500 border-dashed bg-red-50 text-red-900 dark:bg-red-950/60 dark:text-red-100",
  changed: "border-amber-500 bg-amber-50 text-amber-900 dark:bg-amber-950/60 dark:text-amber-100",
  unchanged: "border-border bg-surface text-muted opacity-50",
};

const EDGE_STYLE: Record<"added" | "removed" | "unchanged", CSSProperties> = {
  added: { stroke: "#10b981", strokeWidth: 2 },
  removed: { stroke: "#ef4444", strokeWidth: 2, strokeDasharray: "6 4" },
  unchanged: { stroke: "#94a3b8", opacity: 0.4 },
};

type DiffFlowNode = Node<CanvasDiffNode, "diff">;
const HANDLE = "!size-1.5 !border-0 !bg-border";

const DiffNodeView = memo(function DiffNodeView({ data, selected }: NodeProps<DiffFlowNode>) {
  return (
    <div
      className={`h-full min-w-40 rounded-lg border-2 px-3 py-2 text-xs shadow-sm ${NODE_LOOK[data.status]} ${selected ? "ring-2 ring-accent" : ""}`}
      data-testid={`diff-canvas-node-${data.id}`}
      data-status={data.status}
      data-moved={data.moved || undefined}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className={HANDLE} />
      <p className={`font-medium ${data.status === "removed" ? "line-through" : ""}`}>{data.label}</p>
      <p className="font-mono text-[10.5px] opacity-75">
        {data.id} · {data.type}
      </p>
      {data.status !== "unchanged" ? <p className="mt-0.5 text-[10.5px] font-semibold uppercase">{data.status}</p> : null}
      <Handle type="source" position={Position.Right} isConnectable={false} className={HANDLE} />
    </div>
  );
});

const nodeTypes = { diff: DiffNodeView };
