import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";

import { WorkflowRuns } from "@/features/runs/workflow-runs";

export const metadata: Metadata = { title: "Workflow runs" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A workflow's runs tab: its history and a "Run" button (the start-run dialog). */
export default async function WorkflowRunsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return (
    <Suspense>
      <WorkflowRuns workflowId={id} />
    </Suspense>
  );
}
