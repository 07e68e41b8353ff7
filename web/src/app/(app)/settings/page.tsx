import type { Metadata } from "next";

import { EmptyState, PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Model provider keys and account settings." />
      <EmptyState title="Nothing to configure yet">Provider credentials will be managed here.</EmptyState>
    </>
  );
}
