import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { RunView } from "@/features/runs/run-view";

export const metadata: Metadata = { title: "Run" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The run visualizer, the whole window below the app's header (its bar carries the
 * breadcrumb). Data is fetched in the browser: the view is live from the first frame.
 */
export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <RunView key={id} runId={id} />;
}
