import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { CollectionView } from "@/features/memory/collection-view";

export const metadata: Metadata = { title: "Memory collection" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function MemoryCollectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <CollectionView id={id} />;
}
