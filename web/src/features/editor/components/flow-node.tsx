"use client";

import { Handle, NodeResizer, Position, useUpdateNodeInternals, type NodeProps, type NodeTypes } from "@xyflow/react";
import { memo, useEffect, useMemo, useRef } from "react";

import { ERROR_HANDLE, hasErrorHandle, inputPorts, outputPorts } from "../lib/catalog";
import { KNOWN_NODE_TYPES, containerUI, nodeTypeUI } from "../node-types/registry";
import { useEditor } from "../store/context";
import type { EditorNode, NodeTypeInfo, Problem } from "../types";
import { NodeWorkbenchBadges } from "../workbench/node-badges";
import { Icon, categoryTone } from "./icons";

const NO_PROBLEMS: Problem[] = [];

/** The smallest a container may be resized to (its header and one node fit). */
const CONTAINER_MIN = { width: 320, height: 200 };

function useNodeView(id: string, data: EditorNode["data"]) {
  const info = useEditor((s) => s.catalog.get(data.type, data.typeVersion));
  const problems = useEditor((s) => s.problems.byNode.get(id) ?? NO_PROBLEMS);
  const summary = useMemo(() => nodeTypeUI(data.type).summary(data.config), [data.type, data.config]);
  const label = data.label || info?.label || data.type;
  return { info, problems, summary, label, tone: categoryTone(info?.category), invalid: problems.length > 0 };
}

/** The validation badge and its tooltip. */
function ProblemBadge({ id, problems }: { id: string; problems: readonly Problem[] }) {
  if (!problems.length) return null;
  return (
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
      <div role="tooltip" className="problem-tip absolute top-0 left-[calc(100%+10px)] z-50 w-72 rounded-lg border border-border bg-surface p-2.5 text-xs shadow-lg">
        <div className="mb-1 font-semibold text-danger">{problems.length === 1 ? "1 problem" : `${problems.length} problems`}</div>
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
  );
}

/** Icon, label and id, with the problems badge. */
function NodeTitle({ id, icon, label, problems, large }: { id: string; icon: string; label: string; problems: readonly Problem[]; large?: boolean }) {
  return (
    <div className="flex items-center gap-2.5 px-3 pt-2.5 pb-1.5">
      <span className={`tone-chip flex shrink-0 items-center justify-center rounded-lg ${large ? "size-8" : "size-7"}`}>
        <Icon name={icon} className="size-4" />
      </span>
      <div className="min-w-0 flex-1">
        <div className="truncate text-[13px] leading-tight font-semibold text-foreground" title={label}>
          {label}
        </div>
        <div className="truncate font-mono text-[10.5px] leading-tight text-muted">{id}</div>
      </div>
      <ProblemBadge id={id} problems={problems} />
    </div>
  );
}

/**
 * The `error` output (every node but the run's ends): at the bottom, in the error colour.
 * An edge from it makes the node's last failed attempt a handled one: the run goes on there.
 */
function ErrorHandle({ info, type, label }: { info: NodeTypeInfo | undefined; type: string; label: string }) {
  if (!hasErrorHandle(info, type)) return null;
  return (
    <Handle
      type="source"
      position={Position.Bottom}
      id={ERROR_HANDLE}
      className="error-handle"
      style={{ left: "auto", right: 18 }}
      aria-label={`${label}: on error`}
      title="On error: connect a fallback path; a failure then goes there instead of failing the run"
    />
  );
}

/** One canvas node: icon, label, id, a one-line config summary, handles, validation badge. */
function FlowNodeView({ id, data, selected }: NodeProps<EditorNode>) {
  const { info, problems, summary, label, tone, invalid } = useNodeView(id, data);
  const updateNodeInternals = useUpdateNodeInternals();

  const outs = useMemo(() => outputPorts(info, data.config), [info, data.config]);
  const ins = inputPorts(info);
  const portKey = outs.ports.map((p) => p.id).join("|");

  // A renamed or added route moves or creates a handle: re-measure the node's handles.
  // Not on mount (React Flow measures new nodes itself; doing it per node is O(n²)).
  const mountedPorts = useRef(portKey);
  useEffect(() => {
    if (mountedPorts.current === portKey) return;
    mountedPorts.current = portKey;
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);

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
      <NodeTitle id={id} icon={info?.icon ?? "box"} label={label} problems={problems} />
      <div className="truncate px-3 pb-2.5 text-xs text-muted" title={summary} data-testid={`node-${id}-summary`}>
        {summary || info?.description || "\u00a0"}
      </div>
      <NodeWorkbenchBadges id={id} />
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
      <ErrorHandle info={info} type={data.type} label={label} />
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);

/**
 * A container (`map`, `loop`): a resizable group whose body nodes are drawn inside it. Its
 * header says what it iterates; outside nodes connect to its own handles, never to the body.
 */
function ContainerNodeView({ id, data, selected }: NodeProps<EditorNode>) {
  const { info, problems, summary, label, tone, invalid } = useNodeView(id, data);
  const empty = useEditor((s) => !s.nodes.some((n) => n.parentId === id));
  const dropTarget = useEditor((s) => s.dropTarget === id);
  const outs = outputPorts(info, data.config);
  const ins = inputPorts(info);
  const noun = containerUI(data.type)?.noun ?? "item";
  return (
    <div
      className="orrery-container"
      data-tone={tone}
      data-selected={selected ? "true" : "false"}
      data-invalid={invalid ? "true" : "false"}
      data-drop-target={dropTarget ? "true" : "false"}
      data-testid={`node-${id}`}
    >
      <NodeResizer isVisible={!!selected} minWidth={CONTAINER_MIN.width} minHeight={CONTAINER_MIN.height} color="var(--accent)" />
      {ins.map((port) => (
        <Handle key={port.id} type="target" position={Position.Left} id={port.id} style={{ top: 30 }} aria-label={`${label}: input`} />
      ))}
      <div className="orrery-container-header">
        <NodeTitle id={id} icon={info?.icon ?? "layers"} label={label} problems={problems} large />
        <div className="truncate px-3 pb-2 text-xs text-muted" title={summary} data-testid={`node-${id}-summary`}>
          {summary || info?.description || "\u00a0"}
        </div>
      </div>
      <div className="orrery-container-body" data-testid={`node-${id}-body`}>
        {empty ? (
          <p className="m-auto max-w-64 text-center text-xs leading-relaxed text-muted">
            Drop nodes here: they run once per {noun}. Templates inside read{" "}
            <code className="font-mono">{containerUI(data.type)?.variables.map((v) => v.value).slice(0, 2).join(", ")}</code>.
          </p>
        ) : null}
      </div>
      {outs.ports.map((port) => (
        <Handle key={port.id} type="source" position={Position.Right} id={port.id} style={{ top: 30 }} aria-label={`${label}: output`} />
      ))}
      <ErrorHandle info={info} type={data.type} label={label} />
    </div>
  );
}

export const ContainerNode = memo(ContainerNodeView);

/** Defined once, outside components: containers draw as groups, every other type with FlowNode. */
export const NODE_COMPONENTS: NodeTypes = Object.fromEntries(
  [...KNOWN_NODE_TYPES, "default"].map((t) => [t, containerUI(t) ? ContainerNode : FlowNode]),
);
