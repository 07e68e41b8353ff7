import type { Metadata } from "next";

import { EmptyState, PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Every run of your workflows, live and past." />
      <EmptyState title="No runs yet">Runs appear here once you start a workflow.</EmptyState>
    </>
  );
}
