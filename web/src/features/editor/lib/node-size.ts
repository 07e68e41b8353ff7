/**
 * A node's size and handle positions known without measuring it. A large graph renders only
 * the nodes in view (React Flow's `onlyRenderVisibleElements`): a node that was never on screen
 * is never measured, yet the canvas must know where it is to cull it, to draw an edge to it,
 * to fit the view and to lay the graph out. These estimates stand in until the node is measured
 * (then React Flow's own measurements replace them). They follow the `.orrery-node` card of
 * `flow-node.tsx` and `editor.css` (measured in Chromium: 248 x 73.4 px, 24 px per named
 * output row); a container has its own size.
 */
import { Position, type NodeHandle } from "@xyflow/react";

import { ERROR_HANDLE, hasErrorHandle, inputPorts, outputPorts } from "./catalog";
import { isContainer, sizeOf } from "./containers";
import type { Catalog } from "./catalog";
import type { EditorNode } from "../types";

/** The card: icon, label and id, a one-line summary (and its border). */
export const CARD = { width: 248, height: 73.4 } as const;
/** A named output (router route, approval decision) is a row of its own under the card. */
const PORT_ROW = 24;
/** The rows' block: its top border and vertical padding. */
const PORT_BLOCK = 1 + 8;
/** A handle is a 12 px dot centred on the card's edge. */
const HANDLE = 12;
/** A container's handles sit level with its header. */
const CONTAINER_HANDLE_TOP = 30;

export type Size = { width: number; height: number };

/** The size a node will have once drawn (a container: its own size). */
export function estimateSize(node: EditorNode, catalog: Catalog): Size {
  if (isContainer(node)) return sizeOf(node);
  const outs = outputPorts(catalog.get(node.data.type, node.data.typeVersion), node.data.config);
  if (!outs.dynamic) return { ...CARD };
  return { width: CARD.width, height: CARD.height + PORT_BLOCK + PORT_ROW * Math.max(1, outs.ports.length) };
}

/** A node's size: measured, set (a container's) or estimated. */
export function sizeFor(node: EditorNode, catalog: Catalog): Size {
  const width = node.measured?.width ?? node.width;
  const height = node.measured?.height ?? node.height;
  if (width !== undefined && height !== undefined) return { width, height };
  return estimateSize(node, catalog);
}

/** Where React Flow will find each handle of the node (relative to its top-left corner). */
export function estimateHandles(node: EditorNode, catalog: Catalog, size: Size = estimateSize(node, catalog)): NodeHandle[] {
  const info = catalog.get(node.data.type, node.data.typeVersion);
  const container = isContainer(node);
  const middle = (container ? CONTAINER_HANDLE_TOP : size.height / 2) - HANDLE / 2;
  const handle = (id: string, type: "source" | "target", position: Position, x: number, y: number): NodeHandle => ({
    id,
    type,
    position,
    x,
    y,
    width: HANDLE,
    height: HANDLE,
  });
  const handles = inputPorts(info).map((p) => handle(p.id, "target", Position.Left, -HANDLE / 2 + 1, middle));
  const outs = outputPorts(info, node.data.config);
  outs.ports.forEach((p, i) => {
    const y = outs.dynamic && !container ? CARD.height + 10 + PORT_ROW * i : middle;
    handles.push(handle(p.id, "source", Position.Right, size.width - HANDLE / 2 - 1, y));
  });
  if (hasErrorHandle(info, node.data.type)) {
    handles.push(handle(ERROR_HANDLE, "source", Position.Bottom, size.width - 34, size.height - HANDLE / 2));
  }
  return handles;
}

/**
 * The node as the canvas hands it to React Flow before it was measured: with its estimated
 * size (`initialWidth`/`initialHeight`: not a fixed style, unlike `width`/`height`) and
 * handles, so React Flow can cull it and draw its edges without rendering it first.
 */
export function withEstimates(node: EditorNode, catalog: Catalog): EditorNode {
  const size = estimateSize(node, catalog);
  return { ...node, initialWidth: size.width, initialHeight: size.height, handles: estimateHandles(node, catalog, size) };
}

/**
 * The nodes as the canvas hands them to React Flow when it renders only what is in view: a
 * measured node as it is, any other with its estimates. One estimate per node object (`cache`),
 * so a node that did not change keeps the same object and React Flow skips it.
 */
export function withEstimatesWhereUnmeasured(nodes: readonly EditorNode[], catalog: Catalog, cache: WeakMap<EditorNode, EditorNode>): EditorNode[] {
  return nodes.map((n) => {
    if (n.measured?.width !== undefined && n.measured.height !== undefined) return n;
    let estimated = cache.get(n);
    if (!estimated) cache.set(n, (estimated = withEstimates(n, catalog)));
    return estimated;
  });
}
