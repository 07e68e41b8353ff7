import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { RunView } from "@/features/runs/run-view";

export const metadata: Metadata = { title: "Run" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The run visualizer. Data is fetched in the browser: the view is live from the first frame. */
export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/runs" className="hover:text-foreground">
          Runs
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="text-foreground">{id.slice(0, 8)}</span>
      </nav>
      <RunView key={id} runId={id} />
    </>
  );
}
