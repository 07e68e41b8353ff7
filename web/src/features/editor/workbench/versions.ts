/**
 * Comparing a saved version of a workflow with the current draft: which nodes were added,
 * removed, moved or reconfigured, and each changed node's config as a line diff of its JSON.
 * Pure functions, unit-tested in tests/features/editor/versions.test.ts.
 */

type NodeLike = { id: string; type: string; label?: string | null; position?: { x: number; y: number } | null; config?: unknown; parent?: string | null };
type EdgeLike = { source: string; target: string; source_handle?: string | null };
export type SpecLike = { nodes?: readonly NodeLike[] | null; edges?: readonly EdgeLike[] | null; inputs?: unknown };

export type NodeChange = "added" | "removed" | "moved" | "changed";
export type NodeDiff = { id: string; label: string; changes: NodeChange[]; before: unknown; after: unknown };
export type SpecDiff = { nodes: NodeDiff[]; edgesAdded: string[]; edgesRemoved: string[]; inputsChanged: boolean; same: boolean };

const edgeKey = (e: EdgeLike) => `${e.source}${e.source_handle ? `.${e.source_handle}` : ""} → ${e.target}`;
const json = (value: unknown) => JSON.stringify(value ?? null);
/** A node's settings as compared: type, label, parent and config (not where it is drawn). */
const settingsOf = (n: NodeLike) => ({ type: n.type, label: n.label ?? null, parent: n.parent ?? null, config: n.config ?? {} });

/** What changed from `before` (a saved version) to `after` (the draft, or another version). */
export function diffSpecs(before: SpecLike, after: SpecLike): SpecDiff {
  const old = new Map((before.nodes ?? []).map((n) => [n.id, n]));
  const now = new Map((after.nodes ?? []).map((n) => [n.id, n]));
  const nodes: NodeDiff[] = [];
  for (const [id, n] of now) {
    const was = old.get(id);
    const label = n.label || id;
    if (!was) {
      nodes.push({ id, label, changes: ["added"], before: null, after: settingsOf(n) });
      continue;
    }
    const changes: NodeChange[] = [];
    const p = was.position ?? { x: 0, y: 0 };
    const q = n.position ?? { x: 0, y: 0 };
    if (Math.round(p.x) !== Math.round(q.x) || Math.round(p.y) !== Math.round(q.y)) changes.push("moved");
    if (json(settingsOf(was)) !== json(settingsOf(n))) changes.push("changed");
    if (changes.length) nodes.push({ id, label, changes, before: settingsOf(was), after: settingsOf(n) });
  }
  for (const [id, n] of old) if (!now.has(id)) nodes.push({ id, label: n.label || id, changes: ["removed"], before: settingsOf(n), after: null });
  const oldEdges = new Set((before.edges ?? []).map(edgeKey));
  const newEdges = new Set((after.edges ?? []).map(edgeKey));
  const edgesAdded = [...newEdges].filter((e) => !oldEdges.has(e));
  const edgesRemoved = [...oldEdges].filter((e) => !newEdges.has(e));
  const inputsChanged = json(before.inputs ?? {}) !== json(after.inputs ?? {});
  return { nodes, edgesAdded, edgesRemoved, inputsChanged, same: !nodes.length && !edgesAdded.length && !edgesRemoved.length && !inputsChanged };
}

export type DiffLine = { kind: "same" | "added" | "removed"; text: string };

/** A line diff of two values as pretty JSON (longest common subsequence; configs are small). */
export function jsonLineDiff(before: unknown, after: unknown): DiffLine[] {
  const a = before == null ? [] : JSON.stringify(before, null, 2).split("\n");
  const b = after == null ? [] : JSON.stringify(after, null, 2).split("\n");
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: "same", text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ kind: "removed", text: a[i++]! });
    else out.push({ kind: "added", text: b[j++]! });
  }
  while (i < a.length) out.push({ kind: "removed", text: a[i++]! });
  while (j < b.length) out.push({ kind: "added", text: b[j++]! });
  return out;
}

/** version -> how many of the listed runs it made (the versions panel's "runs" column). */
export function runsByVersion(runs: readonly { workflow_version: number }[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of runs) counts.set(r.workflow_version, (counts.get(r.workflow_version) ?? 0) + 1);
  return counts;
}
