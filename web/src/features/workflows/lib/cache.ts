import type { InfiniteData } from "@tanstack/react-query";

import type { WorkflowPage, WorkflowSummary } from "@/lib/contracts";

export type WorkflowPages = InfiniteData<WorkflowPage, unknown>;

/** The cached pages with one workflow changed (optimistic rename). */
export function patchWorkflow(data: WorkflowPages | undefined, id: string, patch: Partial<WorkflowSummary>): WorkflowPages | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.map((w) => (w.id === id ? { ...w, ...patch } : w)) })),
  };
}

/** The cached pages without one workflow (optimistic delete). */
export function removeWorkflow(data: WorkflowPages | undefined, id: string): WorkflowPages | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((w) => w.id !== id) })) };
}

/** Every workflow of the loaded pages, once each (a row can move between pages when edited). */
export function flattenPages(data: WorkflowPages | undefined): WorkflowSummary[] {
  const seen = new Set<string>();
  const out: WorkflowSummary[] = [];
  for (const page of data?.pages ?? []) {
    for (const workflow of page.items) {
      if (seen.has(workflow.id)) continue;
      seen.add(workflow.id);
      out.push(workflow);
    }
  }
  return out;
}
