import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { CredentialsSection } from "@/features/credentials/credentials-section";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Model provider keys and account settings." />
      <CredentialsSection />
    </>
  );
}
