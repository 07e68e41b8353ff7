/**
 * Undo/redo for the editor: snapshots of the document part of the state (nodes, edges,
 * inputs, settings, renames; they share unchanged objects, so a snapshot is cheap). An edit with a
 * coalescing key that repeats the previous edit's key within its window (typing in one
 * field, one drag) adds no new snapshot: it undoes as one step.
 */
import type { Renames } from "../lib/rename";
import type { EditorEdge, EditorNode, InputSpec, WorkflowSettings } from "../types";

export type Snapshot = {
  nodes: EditorNode[];
  edges: EditorEdge[];
  inputs: Record<string, InputSpec>;
  settings?: WorkflowSettings;
  /** Renames not yet carried to the pins: undoing a rename takes it back here too. */
  renames: Renames;
  rev: number;
};

export type Coalesce = { key: string; windowMs?: number };

export type History = {
  past: Snapshot[];
  future: Snapshot[];
  last: { key: string; at: number; windowMs: number } | null;
};

export const HISTORY_LIMIT = 200;
export const COALESCE_WINDOW_MS = 1000;

export const emptyHistory = (): History => ({ past: [], future: [], last: null });

/** The history after recording `before` as the state an edit starts from. */
export function record(history: History, before: Snapshot, coalesce: Coalesce | undefined, now: number): History {
  const last = history.last;
  const windowMs = coalesce?.windowMs ?? COALESCE_WINDOW_MS;
  const joins = !!coalesce && !!last && last.key === coalesce.key && now - last.at <= last.windowMs;
  const nextLast = coalesce ? { key: coalesce.key, at: now, windowMs } : null;
  if (joins) return { ...history, future: [], last: nextLast };
  const past = history.past.length >= HISTORY_LIMIT ? history.past.slice(1) : history.past.slice();
  past.push(before);
  return { past, future: [], last: nextLast };
}

export function undo(history: History, current: Snapshot): { history: History; restore: Snapshot } | null {
  const restore = history.past.at(-1);
  if (!restore) return null;
  return { history: { past: history.past.slice(0, -1), future: [...history.future, current], last: null }, restore };
}

export function redo(history: History, current: Snapshot): { history: History; restore: Snapshot } | null {
  const restore = history.future.at(-1);
  if (!restore) return null;
  return { history: { past: [...history.past, current], future: history.future.slice(0, -1), last: null }, restore };
}
