import { describe, expect, it } from "vitest";

import { type WorkflowPages, flattenPages, patchWorkflow, removeWorkflow } from "@/features/workflows/lib/cache";
import type { WorkflowSummary } from "@/server/engine/workflows";

const summary = (id: string, name = id): WorkflowSummary => ({
  id,
  name,
  description: "",
  current_version: 1,
  node_count: 2,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  last_run: null,
});

const pages: WorkflowPages = {
  pages: [
    { items: [summary("a"), summary("b")], next_cursor: "c1" },
    { items: [summary("b"), summary("c")], next_cursor: null },
  ],
  pageParams: [undefined, "c1"],
};

describe("the cached list", () => {
  it("renames one workflow on every page it is on", () => {
    const patched = patchWorkflow(pages, "b", { name: "Bee" });
    expect(patched?.pages.flatMap((p) => p.items.map((w) => w.name))).toEqual(["a", "Bee", "Bee", "c"]);
    expect(pages.pages[0]!.items[1]!.name).toBe("b"); // the original is left alone
  });

  it("removes one workflow", () => {
    expect(flattenPages(removeWorkflow(pages, "b")).map((w) => w.id)).toEqual(["a", "c"]);
  });

  it("lists each workflow once, even when an edit moved it across a page boundary", () => {
    expect(flattenPages(pages).map((w) => w.id)).toEqual(["a", "b", "c"]);
    expect(flattenPages(undefined)).toEqual([]);
    expect(patchWorkflow(undefined, "a", {})).toBeUndefined();
  });
});
