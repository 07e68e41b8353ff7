/**
 * Containers on the canvas (`map`, `loop`): React Flow sub-flows. A body node names its
 * container in `parentId` (the document's `Node.parent`) and its position is relative to
 * the container's top-left corner; a container's size is its `width`/`height` (`Node.size`).
 * React Flow wants every parent before its children in the nodes array.
 *
 * Pure: which nodes are containers, where a node is on the canvas, what a drop onto a
 * container means (reparenting with the position converted), and which edges would cross
 * a container's wall (refused: outside nodes connect to the container itself).
 */
import { containerUI, nodeTypeUI } from "../node-types/registry";
import type { EditorEdge, EditorNode } from "../types";

type XY = { x: number; y: number };
type Rect = XY & { width: number; height: number };

/** A plain node's size before React Flow measured it (the `.orrery-node` card). */
export const PLAIN_NODE_SIZE = { width: 248, height: 84 };

export const isContainer = (node: Pick<EditorNode, "data">): boolean => containerUI(node.data.type) !== undefined;

export const parentOf = (node: Pick<EditorNode, "parentId">): string | null => node.parentId ?? null;

/** A node's width and height: set (a container's), measured, or the default. */
export function sizeOf(node: EditorNode): { width: number; height: number } {
  const fallback = containerUI(node.data.type)?.defaultSize ?? PLAIN_NODE_SIZE;
  return {
    width: node.width ?? node.measured?.width ?? fallback.width,
    height: node.height ?? node.measured?.height ?? fallback.height,
  };
}

/** Where the node's top-left corner is on the canvas (its own position plus its containers'). */
export function absolutePosition(node: EditorNode, byId: ReadonlyMap<string, EditorNode>): XY {
  let x = node.position.x;
  let y = node.position.y;
  const seen = new Set([node.id]);
  for (let parent = node.parentId ? byId.get(node.parentId) : undefined; parent && !seen.has(parent.id); parent = parent.parentId ? byId.get(parent.parentId) : undefined) {
    seen.add(parent.id);
    x += parent.position.x;
    y += parent.position.y;
  }
  return { x, y };
}

export function absoluteRect(node: EditorNode, byId: ReadonlyMap<string, EditorNode>): Rect {
  return { ...absolutePosition(node, byId), ...sizeOf(node) };
}

/** The containers around `nodeId`, innermost first. */
export function ancestorsOf(nodeId: string, byId: ReadonlyMap<string, EditorNode>): string[] {
  const out: string[] = [];
  for (let at = byId.get(nodeId)?.parentId; at && !out.includes(at); at = byId.get(at)?.parentId) out.push(at);
  return out;
}

/** Every node inside `containerId`, at any depth. */
export function descendantsOf(containerId: string, nodes: readonly EditorNode[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const n of nodes) if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  const out = new Set<string>();
  const todo = [...(children.get(containerId) ?? [])];
  while (todo.length) {
    const id = todo.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    todo.push(...(children.get(id) ?? []));
  }
  return out;
}

/** Parents before children (React Flow draws a child only after its parent), order kept otherwise. */
export function sortParentsFirst<T extends { id: string; parentId?: string }>(nodes: readonly T[]): T[] {
  const ids = new Set(nodes.map((n) => n.id));
  const depth = new Map<string, number>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depthOf = (n: T, guard = 0): number => {
    const known = depth.get(n.id);
    if (known !== undefined) return known;
    const parent = n.parentId && ids.has(n.parentId) && guard < 64 ? byId.get(n.parentId) : undefined;
    const d = parent ? depthOf(parent, guard + 1) + 1 : 0;
    depth.set(n.id, d);
    return d;
  };
  if (nodes.every((n) => !n.parentId)) return nodes as T[];
  const sorted = nodes.map((n, i) => ({ n, i, d: depthOf(n) })).sort((a, b) => a.d - b.d || a.i - b.i);
  return sorted.every((s, i) => s.n === nodes[i]) ? (nodes as T[]) : sorted.map((s) => s.n);
}

const inside = (point: XY, rect: Rect) => point.x >= rect.x && point.x <= rect.x + rect.width && point.y >= rect.y && point.y <= rect.y + rect.height;

/**
 * The innermost container under `point` (canvas coordinates) that may take a node of
 * `type`: never the node itself or one inside it, never one for a node that stays at the
 * top level (`input`, `output`). Null: the top level.
 */
export function containerAt(point: XY, nodes: readonly EditorNode[], moving?: { id: string; type: string }): EditorNode | null {
  if (moving && nodeTypeUI(moving.type).topLevelOnly) return null;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const excluded = moving ? new Set([moving.id, ...descendantsOf(moving.id, nodes)]) : new Set<string>();
  let best: { node: EditorNode; depth: number } | null = null;
  for (const node of nodes) {
    if (!isContainer(node) || excluded.has(node.id)) continue;
    if (!inside(point, absoluteRect(node, byId))) continue;
    const depth = ancestorsOf(node.id, byId).length;
    if (!best || depth > best.depth) best = { node, depth };
  }
  return best?.node ?? null;
}

export type Reparent = {
  nodes: EditorNode[];
  /** Edges that would cross the new wall: removed with the move (the user is told). */
  removedEdges: EditorEdge[];
  edges: EditorEdge[];
};

/**
 * Moves `moving` (one node, or several together) into `containerId` (null: the top level),
 * keeping each where it is on the canvas (its position converted to the new parent's
 * coordinates). Their edges to nodes that are not in the same container any more are
 * removed: an edge never crosses a wall.
 */
export function reparent(nodes: readonly EditorNode[], edges: readonly EditorEdge[], moving: string | readonly string[], containerId: string | null): Reparent {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ids = new Set((typeof moving === "string" ? [moving] : moving).filter((id) => byId.has(id) && (byId.get(id)!.parentId ?? null) !== containerId));
  if (!ids.size) return { nodes: nodes as EditorNode[], edges: edges as EditorEdge[], removedEdges: [] };
  const origin = containerId ? absolutePosition(byId.get(containerId)!, byId) : { x: 0, y: 0 };
  const next = sortParentsFirst(
    nodes.map((node) => {
      if (!ids.has(node.id)) return node;
      const absolute = absolutePosition(node, byId);
      const moved: EditorNode = { ...node, position: { x: Math.round(absolute.x - origin.x), y: Math.round(absolute.y - origin.y) } };
      if (containerId) moved.parentId = containerId;
      else delete moved.parentId;
      return moved;
    }),
  );
  const nextById = new Map(next.map((n) => [n.id, n]));
  const removedEdges = edges.filter((e) => (ids.has(e.source) || ids.has(e.target)) && crossesWall(nextById, e.source, e.target));
  const removed = new Set(removedEdges.map((e) => e.id));
  return { nodes: next, edges: removed.size ? edges.filter((e) => !removed.has(e.id)) : (edges as EditorEdge[]), removedEdges };
}

/** Whether an edge between these nodes would cross a container's wall (they are in different containers). */
export function crossesWall(byId: ReadonlyMap<string, Pick<EditorNode, "parentId">>, source: string, target: string): boolean {
  return (byId.get(source)?.parentId ?? null) !== (byId.get(target)?.parentId ?? null);
}

/** `scenes` (a map's label or id) for messages. */
export const containerName = (node: EditorNode | undefined): string => (node ? node.data.label || node.id : "the top level");
