import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { RunView } from "@/features/runs/run-view";

export const metadata: Metadata = { title: "Run" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The run visualizer, the whole window below the app's header (its bar carries the
 * breadcrumb). Data is fetched in the browser: the view is live from the first frame.
 */
export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  // `?node=research&scope=topics[2]`: open that step (a child run links back to the step that started it).
  const query = await searchParams;
  const node = typeof query.node === "string" && NODE_ID.test(query.node) ? query.node : null;
  const scope = typeof query.scope === "string" && query.scope.length <= 500 ? query.scope : null;
  return <RunView key={id} runId={id} initialNode={node} initialScope={scope} />;
}

const NODE_ID = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
