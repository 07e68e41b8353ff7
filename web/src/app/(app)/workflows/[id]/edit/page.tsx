import type { Metadata } from "next";

import { WorkflowEditor } from "@/features/editor/workflow-editor";

export const metadata: Metadata = { title: "Editor" };

export default async function EditWorkflowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <WorkflowEditor workflowId={id} />;
}
