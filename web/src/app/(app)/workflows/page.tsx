import type { Metadata } from "next";

import { EmptyState, PageHeader } from "@/components/page-header";
import { getViewer } from "@/server/viewer";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  const viewer = await getViewer();
  return (
    <>
      <PageHeader
        title="Workflows"
        description={
          <>
            Signed in as <span className="font-medium text-foreground">{viewer?.email ?? viewer?.id}</span>
          </>
        }
      />
      <EmptyState
        title="No workflows yet"
        icon={
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-8" aria-hidden="true">
            <rect x="3" y="3" width="6" height="6" rx="1.5" />
            <rect x="15" y="15" width="6" height="6" rx="1.5" />
            <path d="M9 6h4.5A2.5 2.5 0 0 1 16 8.5V15" />
          </svg>
        }
      >
        Workflows you build, from research to script to storyboard, will appear here.
      </EmptyState>
    </>
  );
}
