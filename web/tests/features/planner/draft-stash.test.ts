import { describe, expect, it } from "vitest";

import { dropNewDraft, nameFromDescription, readNewDraft, stashNewDraft, stashNotes, takeNotes } from "@/features/planner/draft-stash";

/** sessionStorage's interface, in memory. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

const draft = {
  document: { schema: "orrery.workflow/v1" as const, nodes: [], edges: [], inputs: {} },
  explanations: { a: "Why" },
  planner: "demo",
  repair_rounds: 0,
  schedule: "every Monday",
  schedule_proposal: { phrase: "every Monday", cron: "0 9 * * 1", timezone: null, summary: "every Monday at 09:00", note: null },
};

describe("a draft on its way from the dashboard to the editor", () => {
  it("lives in the tab under its own key until it is saved or thrown away", () => {
    // Given a draft made on the dashboard
    const storage = memoryStorage();
    const key = stashNewDraft(draft, "Research topics", storage, "k-1");

    // When the new-workflow editor opens it (twice: a reload)
    // Then it is there each time, with its name, until it is dropped
    expect(key).toBe("k-1");
    expect(readNewDraft("k-1", storage)).toEqual({ name: "Research topics", draft });
    expect(readNewDraft("k-1", storage)).toEqual({ name: "Research topics", draft });
    expect(readNewDraft("k-2", storage)).toBeNull();
    dropNewDraft("k-1", storage);
    expect(readNewDraft("k-1", storage)).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it("hands its notes to the saved workflow's editor once", () => {
    // Given a draft just saved as workflow wf-1
    const storage = memoryStorage();
    stashNotes("wf-1", { planner: "demo", explanations: { a: "Why" }, notice: "Saved · version 1" }, storage);
    // When another workflow's editor opens, it finds none; when its own opens, it gets them once
    expect(takeNotes("wf-2", storage)).toBeNull();
    expect(takeNotes("wf-1", storage)).toEqual({ planner: "demo", explanations: { a: "Why" }, notice: "Saved · version 1" });
    expect(takeNotes("wf-1", storage)).toBeNull();
  });

  it("ignores a stash that is not a draft", () => {
    const storage = memoryStorage();
    storage.setItem("orrery.planner.new:k", "{not json");
    storage.setItem("orrery.planner.notes:wf-1", "[]");
    expect(readNewDraft("k", storage)).toBeNull();
    expect(takeNotes("wf-1", storage)).toBeNull();
  });

  it("names the workflow from the description's first words", () => {
    expect(nameFromDescription("  research   espresso ")).toBe("Research espresso");
    const long = nameFromDescription("every Monday research three trending topics in my niche, write a script for each");
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith("…")).toBe(true);
  });
});
