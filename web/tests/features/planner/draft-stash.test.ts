import { describe, expect, it } from "vitest";

import { nameFromDescription, stashDraft, takeDraft } from "@/features/planner/draft-stash";

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

const draft = { document: { schema: "orrery.workflow/v1" as const, nodes: [], edges: [], inputs: {} }, explanations: { a: "Why" }, planner: "demo", repair_rounds: 0, schedule: null };

describe("a draft on its way from the dashboard to the editor", () => {
  it("is taken once, by the workflow it was stashed for", () => {
    // Given a draft stashed for one workflow
    const storage = memoryStorage();
    stashDraft("wf-1", draft, storage);
    // When another workflow's editor opens, it finds none; when its own opens, it gets it once
    expect(takeDraft("wf-2", storage)).toBeNull();
    expect(takeDraft("wf-1", storage)).toEqual(draft);
    expect(takeDraft("wf-1", storage)).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it("ignores a stash that is not a draft", () => {
    const storage = memoryStorage();
    storage.setItem("orrery.planner.draft:wf-1", "{not json");
    expect(takeDraft("wf-1", storage)).toBeNull();
  });

  it("names the workflow from the description's first words", () => {
    expect(nameFromDescription("  research   espresso ")).toBe("Research espresso");
    const long = nameFromDescription("every Monday research three trending topics in my niche, write a script for each");
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith("…")).toBe(true);
  });
});
