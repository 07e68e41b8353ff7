import type { Metadata } from "next";

import { NewWorkflowEditor } from "@/features/editor/workflow-editor";

export const metadata: Metadata = { title: "New workflow" };

/** A planner's draft not saved yet (`?draft=<key>`: kept in this tab); the first save creates the workflow. */
export default async function NewWorkflowPage({ searchParams }: { searchParams: Promise<{ draft?: string | string[] }> }) {
  const { draft } = await searchParams;
  return <NewWorkflowEditor draftKey={typeof draft === "string" ? draft.slice(0, 100) : ""} />;
}
