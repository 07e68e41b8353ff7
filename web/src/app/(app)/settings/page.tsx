import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { ApiKeysSection } from "@/features/access/api-keys-section";
import { SecretsSection } from "@/features/access/secrets-section";
import { CredentialsSection } from "@/features/credentials/credentials-section";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Model provider keys, API keys, secrets and account settings." />
      <div className="space-y-10">
        <CredentialsSection />
        <ApiKeysSection />
        <SecretsSection />
      </div>
    </>
  );
}
