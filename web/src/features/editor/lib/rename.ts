/** Renaming a node id: its edges, its body (a container's) and every `{{ steps.<old> }}` in the workflow follow. */
import { isNodeId } from "./ids";
import { rewriteConfigReferences } from "./references";
import type { EditorEdge, EditorNode } from "../types";

export function renameProblem(nodes: readonly EditorNode[], from: string, to: string, orphanPins: ReadonlySet<string> = new Set()): string | null {
  if (to === from) return null;
  if (!isNodeId(to)) return "Use letters, digits and _ (not starting with a digit), at most 64.";
  if (nodes.some((n) => n.id === to)) return `Another node is already called ${to}.`;
  if (orphanPins.has(to)) return `A deleted node's pinned output is kept under ${to}: the node would show it. Pick another id.`;
  return null;
}

export function renameNode(
  nodes: readonly EditorNode[],
  edges: readonly EditorEdge[],
  from: string,
  to: string,
): { nodes: EditorNode[]; edges: EditorEdge[] } {
  const mapping = new Map([[from, to]]);
  return {
    nodes: nodes.map((n) => {
      const config = rewriteConfigReferences(n.data.config, mapping);
      const changed = JSON.stringify(config) !== JSON.stringify(n.data.config);
      const inside = n.parentId === from;
      if (n.id !== from && !changed && !inside) return n;
      return { ...n, id: n.id === from ? to : n.id, data: changed ? { ...n.data, config } : n.data, ...(inside ? { parentId: to } : {}) };
    }),
    edges: edges.map((e) =>
      e.source === from || e.target === from
        ? { ...e, source: e.source === from ? to : e.source, target: e.target === from ? to : e.target }
        : e,
    ),
  };
}

/**
 * Renames not yet carried to the workflow's pins: the id a pin is kept under (the node's id when
 * its pins last followed it, at a save) -> the node's id now. Pins are stored by node id on the
 * engine, so a renamed node's pin stays under its old id until the save moves it
 * (`pinMoves`); until then the editor shows it through this map (`pinsAfterRenames`).
 */
export type Renames = Readonly<Record<string, string>>;
export const NO_RENAMES: Renames = Object.freeze({});

/** `renames` after the node now called `from` is renamed to `to` (a rename back drops the entry). */
export function composeRename(renames: Renames, from: string, to: string): Renames {
  const next: Record<string, string> = { ...renames };
  const origin = Object.keys(renames).find((k) => renames[k] === from);
  if (origin !== undefined) {
    if (origin === to) delete next[origin];
    else next[origin] = to;
  } else if (from !== to) {
    next[from] = to;
  }
  return next;
}

/**
 * `renames` (from an older base) seen from a new base that `applied` took the pins to: used for
 * the draft after a save moved the pins, and for every undo step, so undoing a rename after the
 * save moves its pin back at the next save. `{a: c}` after `{a: b}` was applied is `{b: c}`;
 * `{}` (before the rename) is `{b: a}`.
 */
export function rebaseRenames(renames: Renames, applied: Renames): Renames {
  const next: Record<string, string> = {};
  for (const k of new Set([...Object.keys(renames), ...Object.keys(applied)])) {
    const base = applied[k] ?? k;
    const now = renames[k] ?? k;
    if (base !== now) next[base] = now;
  }
  return next;
}

/** The pins by the node ids of the draft: a renamed node's pin under its new id, none left under its old one. */
export function pinsAfterRenames<T>(pins: ReadonlyMap<string, T>, renames: Renames): Map<string, T> {
  const keys = Object.keys(renames);
  if (!keys.length) return new Map(pins);
  const next = new Map(pins);
  // A pin under a renamed node's new id belongs to no node of the draft (a node deleted before):
  // it must not stand in for the renamed one.
  for (const k of keys) next.delete(k);
  for (const k of keys) next.delete(renames[k]!);
  for (const k of keys) if (pins.has(k)) next.set(renames[k]!, pins.get(k)!);
  return next;
}

/** What the engine's pins need so they follow `renames`: outputs to put (first), then ids to unpin. */
export function pinMoves<T>(pins: ReadonlyMap<string, T>, renames: Renames): { put: [string, T][]; remove: string[] } {
  const after = pinsAfterRenames(pins, renames);
  const put: [string, T][] = [];
  for (const k of Object.keys(renames)) if (pins.has(k)) put.push([renames[k]!, pins.get(k)!]);
  const remove = [...pins.keys()].filter((id) => !after.has(id));
  return { put, remove };
}
