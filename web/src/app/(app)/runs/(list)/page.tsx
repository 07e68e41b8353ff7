import type { Metadata } from "next";
import { Suspense } from "react";

import { PageHeader } from "@/components/page-header";
import { RunsHistory } from "@/features/runs/history/runs-history";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Every run of your workflows, live and past." />
      <Suspense>
        <RunsHistory />
      </Suspense>
    </>
  );
}
