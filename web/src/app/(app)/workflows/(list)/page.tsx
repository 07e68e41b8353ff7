import type { Metadata } from "next";

import { WorkflowsDashboard } from "@/features/workflows/workflows-dashboard";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { q } = await searchParams;
  return <WorkflowsDashboard initialQuery={typeof q === "string" ? q.slice(0, 200) : ""} />;
}
