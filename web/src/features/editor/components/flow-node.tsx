"use client";

import { Handle, Position, useUpdateNodeInternals, type NodeProps, type NodeTypes } from "@xyflow/react";
import { memo, useEffect, useMemo, useRef } from "react";

import { inputPorts, outputPorts } from "../lib/catalog";
import { nodeTypeUI } from "../node-types/registry";
import { KNOWN_NODE_TYPES } from "../node-types/registry";
import { useEditor } from "../store/context";
import type { EditorNode, Problem } from "../types";
import { Icon, categoryTone } from "./icons";

const NO_PROBLEMS: Problem[] = [];

/** One canvas node: icon, label, id, a one-line config summary, handles, validation badge. */
function FlowNodeView({ id, data, selected }: NodeProps<EditorNode>) {
  const info = useEditor((s) => s.catalog.get(data.type, data.typeVersion));
  const problems = useEditor((s) => s.problems.byNode.get(id) ?? NO_PROBLEMS);
  const updateNodeInternals = useUpdateNodeInternals();

  const outs = useMemo(() => outputPorts(info, data.config), [info, data.config]);
  const ins = inputPorts(info);
  const summary = useMemo(() => nodeTypeUI(data.type).summary(data.config), [data.type, data.config]);
  const portKey = outs.ports.map((p) => p.id).join("|");

  // A renamed or added route moves or creates a handle: re-measure the node's handles.
  // Not on mount (React Flow measures new nodes itself; doing it per node is O(n²)).
  const mountedPorts = useRef(portKey);
  useEffect(() => {
    if (mountedPorts.current === portKey) return;
    mountedPorts.current = portKey;
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);

  const label = data.label || info?.label || data.type;
  const tone = categoryTone(info?.category);
  const invalid = problems.length > 0;

  return (
    <div
      className="orrery-node"
      data-tone={tone}
      data-selected={selected ? "true" : "false"}
      data-invalid={invalid ? "true" : "false"}
      data-testid={`node-${id}`}
    >
      {ins.map((port) => (
        <Handle key={port.id} type="target" position={Position.Left} id={port.id} aria-label={`${label}: input`} />
      ))}
      <div className="flex items-center gap-2.5 px-3 pt-2.5 pb-1.5">
        <span className="tone-chip flex size-7 shrink-0 items-center justify-center rounded-lg">
          <Icon name={info?.icon ?? "box"} className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-[13px] leading-tight font-semibold text-foreground" title={label}>
            {label}
          </div>
          <div className="truncate font-mono text-[10.5px] leading-tight text-muted">{id}</div>
        </div>
        {invalid ? (
          <>
            <span
              className="problem-badge flex h-5 min-w-5 shrink-0 cursor-help items-center justify-center gap-0.5 rounded-full bg-danger px-1.5 text-[11px] font-semibold text-white"
              tabIndex={0}
              role="img"
              aria-label={`${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.map((p) => p.message).join(" ")}`}
              data-testid={`node-${id}-problems`}
            >
              <Icon name="alert" className="size-3" strokeWidth={2.5} />
              {problems.length}
            </span>
            <div
              role="tooltip"
              className="problem-tip absolute top-0 left-[calc(100%+10px)] z-50 w-72 rounded-lg border border-border bg-surface p-2.5 text-xs shadow-lg"
            >
              <div className="mb-1 font-semibold text-danger">
                {problems.length === 1 ? "1 problem" : `${problems.length} problems`}
              </div>
              <ul className="space-y-1 text-foreground">
                {problems.slice(0, 6).map((p, i) => (
                  <li key={i} className="leading-snug">
                    {p.path ? <span className="font-mono text-muted">{p.path}: </span> : null}
                    {p.message}
                  </li>
                ))}
              </ul>
            </div>
          </>
        ) : null}
      </div>
      <div className="truncate px-3 pb-2.5 text-xs text-muted" title={summary} data-testid={`node-${id}-summary`}>
        {summary || info?.description || "\u00a0"}
      </div>
      {outs.dynamic ? (
        <div className="border-t border-border py-1">
          {outs.ports.length === 0 ? (
            <div className="px-3 py-1 text-[11px] text-muted italic">No outputs yet</div>
          ) : (
            outs.ports.map((port) => (
              <div key={port.id} className="relative flex h-6 items-center justify-end pr-4 pl-3">
                <span
                  className={`truncate font-mono text-[11px] ${port.id === "else" || port.id === "rejected" ? "text-muted" : "text-foreground"}`}
                >
                  {port.label}
                </span>
                <Handle type="source" position={Position.Right} id={port.id} aria-label={`${label}: ${port.label}`} />
              </div>
            ))
          )}
        </div>
      ) : (
        outs.ports.map((port) => (
          <Handle key={port.id} type="source" position={Position.Right} id={port.id} aria-label={`${label}: output`} />
        ))
      )}
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);

/** Defined once, outside components: every known type (and unknown ones) draw with FlowNode. */
export const NODE_COMPONENTS: NodeTypes = Object.fromEntries([...KNOWN_NODE_TYPES, "default"].map((t) => [t, FlowNode]));
