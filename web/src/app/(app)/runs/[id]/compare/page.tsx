import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ForkComparison } from "@/features/runs/fork/comparison";

export const metadata: Metadata = { title: "Compare a fork" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fork beside the run it was forked from, node by node, with the cost difference. */
export default async function ComparePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <ForkComparison runId={id} />;
}
