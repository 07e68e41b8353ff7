import type { Metadata } from "next";

import { MemoryCollections } from "@/features/memory/memory-collections";

export const metadata: Metadata = { title: "Memory" };

export default function MemoryPage() {
  return <MemoryCollections />;
}
