/**
 * A draft on its way from the dashboard to the editor, kept in this tab's sessionStorage only:
 * nothing is saved on the engine until the user saves it in the editor (abandoned, it leaves
 * no workflow behind). `stashNewDraft` keeps it under a key of its own (the editor's
 * `/workflows/new?draft=<key>`); it stays there until the first save, so a reload keeps it.
 * After that first save, the planner's notes follow the new workflow (`stashNotes`), taken
 * once when its editor opens.
 */
import type { PlanResult } from "./types";

const NEW = "orrery.planner.new:";
const NOTES = "orrery.planner.notes:";

export type StashedDraft = Pick<PlanResult, "document" | "explanations" | "planner" | "repair_rounds" | "schedule" | "schedule_proposal">;
export type NewDraft = { name: string; draft: StashedDraft };
/** What the editor shows of a saved draft: the planner, a note per node, and the save's notice. */
export type DraftNotes = Pick<StashedDraft, "explanations" | "planner"> & { notice?: string };

type Storage_ = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Keeps a new draft; returns its key. */
export function stashNewDraft(draft: StashedDraft, name: string, storage: Pick<Storage, "setItem"> = sessionStorage, key: string = crypto.randomUUID()): string {
  storage.setItem(NEW + key, JSON.stringify({ name, draft } satisfies NewDraft));
  return key;
}

/** The new draft kept under `key` (still kept), or null. */
export function readNewDraft(key: string, storage: Pick<Storage, "getItem"> = sessionStorage): NewDraft | null {
  return parseNewDraft(newDraftText(key, storage));
}

/** The stored text of the new draft under `key` (a stable snapshot for `useSyncExternalStore`). */
export function newDraftText(key: string, storage: Pick<Storage, "getItem"> = sessionStorage): string | null {
  return storage.getItem(NEW + key);
}

export function parseNewDraft(text: string | null): NewDraft | null {
  const found = parse<NewDraft>(text);
  return found && typeof found.name === "string" && found.draft?.document ? found : null;
}

/** Forgets a new draft (saved, or thrown away). */
export function dropNewDraft(key: string, storage: Pick<Storage, "removeItem"> = sessionStorage): void {
  storage.removeItem(NEW + key);
}

/** The planner's notes for a workflow just created from a draft. */
export function stashNotes(workflowId: string, notes: DraftNotes, storage: Pick<Storage, "setItem"> = sessionStorage): void {
  storage.setItem(NOTES + workflowId, JSON.stringify({ planner: notes.planner, explanations: notes.explanations, notice: notes.notice }));
}

/** The notes stashed for `workflowId`, taken once (read and removed). */
export function takeNotes(workflowId: string, storage: Pick<Storage_, "getItem" | "removeItem"> = sessionStorage): DraftNotes | null {
  const text = storage.getItem(NOTES + workflowId);
  if (text === null) return null;
  storage.removeItem(NOTES + workflowId);
  const notes = parse<DraftNotes>(text);
  return notes && typeof notes.planner === "string" && notes.explanations ? notes : null;
}

function parse<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as T;
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

/** A workflow name from a description: its first words, at most 60 characters. */
export function nameFromDescription(description: string): string {
  const words = description.trim().replace(/\s+/g, " ");
  const short = words.length > 60 ? `${words.slice(0, 57).replace(/\s+\S*$/, "")}…` : words;
  return short.charAt(0).toUpperCase() + short.slice(1) || "Drafted workflow";
}
