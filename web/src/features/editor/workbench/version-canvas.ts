/**
 * A comparison of two workflow documents laid out for a read-only canvas: every node of
 * either, marked added (only in `after`), removed (only in `before`, drawn where it was),
 * changed (its settings differ: the fields that changed listed), or unchanged; every
 * connection likewise. Positions are absolute (a body node's is relative to its container in
 * the document). Pure functions, unit-tested in tests/features/editor/version-canvas.test.ts.
 */
import type { SpecLike } from "./versions";

export type DiffStatus = "added" | "removed" | "changed" | "unchanged";

/** One field of a node's settings that differs: `config.template`, `label`, `type`... */
export type FieldChange = { path: string; before: unknown; after: unknown };

export type CanvasDiffNode = {
  id: string;
  type: string;
  label: string;
  status: DiffStatus;
  /** Drawn where it is in `after` (where it was in `before`, for a removed node). */
  position: { x: number; y: number };
  /** A container's drawn size, when the document gives one. */
  size: { width: number; height: number } | null;
  /** It is drawn elsewhere than before (an unchanged or changed node that only moved stays so). */
  moved: boolean;
  /** What differs in its settings (empty unless `changed`). */
  fields: FieldChange[];
};

export type CanvasDiffEdge = { id: string; source: string; target: string; sourceHandle: string | null; status: Exclude<DiffStatus, "changed"> };

export type CanvasDiff = { nodes: CanvasDiffNode[]; edges: CanvasDiffEdge[] };

type NodeOf = NonNullable<SpecLike["nodes"]>[number] & { size?: { width?: number; height?: number } | null };
type EdgeOf = NonNullable<SpecLike["edges"]>[number];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields where `before` and `after` differ, as dotted paths: objects are compared key by
 * key (in sorted order), anything else (arrays included) as a whole value.
 */
export function fieldChanges(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldChanges(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return same(before, after) ? [] : [{ path: path || "(value)", before: before ?? null, after: after ?? null }];
}

/** A node's settings as compared (where it is drawn is not a setting). */
const settingsOf = (n: NodeOf) => ({ type: n.type, label: n.label ?? null, parent: n.parent ?? null, config: n.config ?? {} });

function absolutePositions(nodes: readonly NodeOf[]): Map<string, { x: number; y: number }> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, { x: number; y: number }>();
  const at = (n: NodeOf, depth: number): { x: number; y: number } => {
    const known = out.get(n.id);
    if (known) return known;
    const own = { x: n.position?.x ?? 0, y: n.position?.y ?? 0 };
    const parent = n.parent ? byId.get(n.parent) : undefined;
    const origin = parent && depth < 64 ? at(parent, depth + 1) : { x: 0, y: 0 };
    const p = { x: own.x + origin.x, y: own.y + origin.y };
    out.set(n.id, p);
    return p;
  };
  for (const n of nodes) at(n, 0);
  return out;
}

const sizeOf = (n: NodeOf) => (n.size?.width && n.size?.height ? { width: n.size.width, height: n.size.height } : null);
const edgeKey = (e: EdgeOf) => `${e.source}${e.source_handle ? `.${e.source_handle}` : ""}->${e.target}`;

/** `before` (a saved version) against `after` (the draft, or another version), for a canvas. */
export function canvasDiff(before: SpecLike, after: SpecLike): CanvasDiff {
  const oldNodes = (before.nodes ?? []) as readonly NodeOf[];
  const newNodes = (after.nodes ?? []) as readonly NodeOf[];
  const old = new Map(oldNodes.map((n) => [n.id, n]));
  const now = new Map(newNodes.map((n) => [n.id, n]));
  const oldAt = absolutePositions(oldNodes);
  const newAt = absolutePositions(newNodes);
  const nodes: CanvasDiffNode[] = [];
  for (const n of newNodes) {
    const was = old.get(n.id);
    const position = newAt.get(n.id)!;
    const base = { id: n.id, type: n.type, label: n.label || n.id, position, size: sizeOf(n) };
    if (!was) {
      nodes.push({ ...base, status: "added", moved: false, fields: [] });
      continue;
    }
    const p = oldAt.get(n.id)!;
    const moved = Math.round(p.x) !== Math.round(position.x) || Math.round(p.y) !== Math.round(position.y);
    const fields = fieldChanges(settingsOf(was), settingsOf(n));
    nodes.push({ ...base, status: fields.length ? "changed" : "unchanged", moved, fields });
  }
  for (const n of oldNodes) {
    if (now.has(n.id)) continue;
    nodes.push({ id: n.id, type: n.type, label: n.label || n.id, position: oldAt.get(n.id)!, size: sizeOf(n), status: "removed", moved: false, fields: [] });
  }
  const oldEdges = new Map((before.edges ?? []).map((e) => [edgeKey(e), e]));
  const newEdges = new Map((after.edges ?? []).map((e) => [edgeKey(e), e]));
  const edges: CanvasDiffEdge[] = [];
  const edgeOf = (key: string, e: EdgeOf, status: CanvasDiffEdge["status"]): CanvasDiffEdge => ({
    id: key,
    source: e.source,
    target: e.target,
    sourceHandle: e.source_handle ?? null,
    status,
  });
  for (const [key, e] of newEdges) edges.push(edgeOf(key, e, oldEdges.has(key) ? "unchanged" : "added"));
  for (const [key, e] of oldEdges) if (!newEdges.has(key)) edges.push(edgeOf(key, e, "removed"));
  return { nodes, edges };
}

/** How many of each status (the canvas's legend). */
export function countStatuses(diff: CanvasDiff): Record<DiffStatus, number> {
  const counts: Record<DiffStatus, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const n of diff.nodes) counts[n.status]++;
  return counts;
}
