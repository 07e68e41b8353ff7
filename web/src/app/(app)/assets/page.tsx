import type { Metadata } from "next";

import { AssetLibrary } from "@/features/assets/asset-library";

export const metadata: Metadata = { title: "Assets" };

export default async function AssetsPage({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const { run } = await searchParams;
  return <AssetLibrary initialRunId={run ?? ""} />;
}
