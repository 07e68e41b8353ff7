/**
 * A draft on its way from the dashboard to the editor: kept in sessionStorage under the new
 * workflow's id, taken (read once and removed) when its editor opens. The draft is never
 * saved by this: the editor shows it as an unsaved change.
 */
import type { PlanResult } from "./types";

const KEY = "orrery.planner.draft:";

export type StashedDraft = Pick<PlanResult, "document" | "explanations" | "planner" | "repair_rounds" | "schedule">;

export function stashDraft(workflowId: string, draft: StashedDraft, storage: Pick<Storage, "setItem"> = sessionStorage): void {
  storage.setItem(KEY + workflowId, JSON.stringify(draft));
}

export function takeDraft(workflowId: string, storage: Pick<Storage, "getItem" | "removeItem"> = sessionStorage): StashedDraft | null {
  const text = storage.getItem(KEY + workflowId);
  if (text === null) return null;
  storage.removeItem(KEY + workflowId);
  try {
    const draft = JSON.parse(text) as StashedDraft;
    return draft && typeof draft === "object" && draft.document ? draft : null;
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
