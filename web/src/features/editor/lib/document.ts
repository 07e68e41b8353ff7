/**
 * The workflow document (`orrery.workflow/v1`) <-> the canvas' nodes and edges.
 *
 * Handles: a type with fixed ports ("out", "in") stores `null` in the document (the
 * engine's default output); dynamic outputs (router routes, approval decisions) and the
 * `error` output store the handle's name. On the canvas every edge names its handles, so
 * React Flow can draw it from the right port.
 *
 * Containers: a body node's `parent` is React Flow's `parentId` (positions relative to the
 * container in both), a container's `size` its `width`/`height`; parents come first.
 */
import type { Catalog } from "./catalog";
import { ERROR_HANDLE, inputPorts, outputPorts } from "./catalog";
import { isContainer, sizeOf, sortParentsFirst } from "./containers";
import type { DocEdge, DocNode, EditorEdge, EditorNode, FlowDoc, JsonObject, WorkflowDoc } from "../types";

export const SCHEMA_V1 = "orrery.workflow/v1" as const;

export function emptyDocument(): WorkflowDoc {
  return { schema: SCHEMA_V1, inputs: {}, nodes: [], edges: [] };
}

export function docNodeToFlow(node: DocNode): EditorNode {
  const out: EditorNode = {
    id: node.id,
    type: node.type,
    position: { x: node.position?.x ?? 0, y: node.position?.y ?? 0 },
    data: {
      type: node.type,
      typeVersion: node.type_version ?? 1,
      label: node.label ?? null,
      config: (node.config ?? {}) as JsonObject,
    },
  };
  if (node.parent) out.parentId = node.parent;
  if (isContainer(out)) {
    const size = node.size ?? sizeOf(out);
    out.width = size.width;
    out.height = size.height;
  }
  return out;
}

export function docToFlow(doc: WorkflowDoc, catalog: Catalog): FlowDoc {
  // A parent that is not in the document is dropped (its node goes to the top level).
  const ids = new Set((doc.nodes ?? []).map((n) => n.id));
  const nodes = sortParentsFirst((doc.nodes ?? []).map((n) => docNodeToFlow(n.parent && !ids.has(n.parent) ? { ...n, parent: null } : n)));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = (doc.edges ?? []).map((edge): EditorEdge => {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    const sourceInfo = source && catalog.get(source.data.type, source.data.typeVersion);
    const targetInfo = target && catalog.get(target.data.type, target.data.typeVersion);
    const defaultOut = source ? outputPorts(sourceInfo, source.data.config) : null;
    const sourceHandle =
      edge.source_handle ?? (defaultOut && !defaultOut.dynamic ? (defaultOut.ports[0]?.id ?? null) : null);
    const targetHandle = edge.target_handle ?? (targetInfo ? (inputPorts(targetInfo)[0]?.id ?? null) : "in");
    return { id: edge.id, source: edge.source, target: edge.target, sourceHandle, targetHandle };
  });
  const result: FlowDoc = { nodes, edges, inputs: { ...(doc.inputs ?? {}) } };
  if (doc.settings !== undefined) result.settings = doc.settings;
  return result;
}

export function flowNodeToDoc(node: EditorNode): DocNode {
  const out: DocNode = {
    id: node.id,
    type: node.data.type,
    type_version: node.data.typeVersion,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    config: node.data.config,
  };
  if (node.data.label) out.label = node.data.label;
  if (node.parentId) out.parent = node.parentId;
  if (isContainer(node)) {
    const size = sizeOf(node);
    out.size = { width: Math.round(size.width), height: Math.round(size.height) };
  }
  return out;
}

export function flowToDoc(flow: FlowDoc, catalog: Catalog): WorkflowDoc {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const edges = flow.edges.map((edge): DocEdge => {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    const out = source ? outputPorts(catalog.get(source.data.type, source.data.typeVersion), source.data.config) : null;
    const ins = target ? inputPorts(catalog.get(target.data.type, target.data.typeVersion)) : [];
    const sourceHandle =
      edge.sourceHandle === ERROR_HANDLE ? ERROR_HANDLE : out && !out.dynamic && out.ports.length <= 1 ? null : (edge.sourceHandle ?? null);
    const targetHandle = ins.length <= 1 ? null : (edge.targetHandle ?? null);
    return { id: edge.id, source: edge.source, target: edge.target, source_handle: sourceHandle, target_handle: targetHandle };
  });
  const doc: WorkflowDoc = {
    schema: SCHEMA_V1,
    inputs: flow.inputs,
    nodes: flow.nodes.map(flowNodeToDoc),
    edges,
  };
  if (flow.settings !== undefined) doc.settings = flow.settings;
  return doc;
}

/** A document saved without a layout: every node at the origin (more than one node). */
export function needsLayout(doc: WorkflowDoc): boolean {
  const nodes = doc.nodes ?? [];
  return nodes.length > 1 && nodes.every((n) => !n.position || (n.position.x === 0 && n.position.y === 0));
}
