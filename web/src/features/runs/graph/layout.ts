/**
 * Positions for the run graph: the editor's own (from the pinned spec) when it has any,
 * else a simple layered layout (longest path from the inputs), left to right. Each level is
 * laid out on its own: the top level, and each container's body (positions relative to the
 * container, below its header). Pure.
 */
export type LayoutNode = { id: string; position?: { x?: number; y?: number } | null; parent?: string | null };
export type LayoutEdge = { source: string; target: string };

export const COLUMN_GAP = 280;
export const ROW_GAP = 110;

export function hasPositions(nodes: readonly LayoutNode[]): boolean {
  const seen = new Set(nodes.map((n) => `${n.position?.x ?? 0}:${n.position?.y ?? 0}`));
  return nodes.length <= 1 || seen.size === nodes.length;
}

/** Each node's layer: 0 for nodes with no incoming edge, else 1 + the deepest predecessor. */
export function layers(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, number> {
  const ids = new Set(nodes.map((n) => n.id));
  const incoming = new Map<string, string[]>();
  for (const e of edges) if (ids.has(e.source) && ids.has(e.target)) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle (validation rejects them): do not loop
    visiting.add(id);
    const d = Math.max(-1, ...(incoming.get(id) ?? []).map(visit)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const n of nodes) visit(n.id);
  return depth;
}

/** Room above a body for its container's header, and around it. */
const BODY_OFFSET = { x: 32, y: 96 };

export function layout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, { x: number; y: number }> {
  if (!nodes.some((n) => n.parent)) return layoutLevel(nodes, edges);
  const levels = new Map<string, LayoutNode[]>();
  for (const n of nodes) levels.set(n.parent ?? "", [...(levels.get(n.parent ?? "") ?? []), n]);
  const out = new Map<string, { x: number; y: number }>();
  for (const [parent, level] of levels) {
    const ids = new Set(level.map((n) => n.id));
    const placed = layoutLevel(level, edges.filter((e) => ids.has(e.source) && ids.has(e.target)));
    const laidOut = !hasPositions(level);
    for (const [id, p] of placed) out.set(id, parent && laidOut ? { x: p.x + BODY_OFFSET.x, y: p.y + BODY_OFFSET.y } : p);
  }
  return out;
}

function layoutLevel(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  if (hasPositions(nodes)) {
    for (const n of nodes) out.set(n.id, { x: n.position?.x ?? 0, y: n.position?.y ?? 0 });
    return out;
  }
  const depth = layers(nodes, edges);
  const rows = new Map<number, number>();
  for (const n of nodes) {
    const d = depth.get(n.id) ?? 0;
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    out.set(n.id, { x: d * COLUMN_GAP, y: row * ROW_GAP });
  }
  return out;
}
