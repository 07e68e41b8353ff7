import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { ApiKeysSection } from "@/features/access/api-keys-section";
import { SecretsSection } from "@/features/access/secrets-section";
import { CredentialsSection } from "@/features/credentials/credentials-section";
import { NotificationSettingsSection } from "@/features/notifications/settings-section";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Model provider keys, API keys, secrets, notifications and account settings." />
      <div className="space-y-10">
        <CredentialsSection />
        <ApiKeysSection />
        <SecretsSection />
        <NotificationSettingsSection />
        <section aria-labelledby="api-heading">
          <h2 id="api-heading" className="text-sm font-semibold">
            API
          </h2>
          <p className="mt-1 text-sm text-muted">
            Everything this app does goes through the engine&apos;s HTTP API.{" "}
            <a href="/schema" target="_blank" rel="noopener" className="font-medium text-accent hover:underline" data-testid="api-reference-link">
              Open the API reference
            </a>{" "}
            (Swagger UI, served by the engine itself: it works offline) or download its{" "}
            <a href="/schema/openapi.json" className="font-medium text-accent hover:underline">
              OpenAPI document
            </a>
            .
          </p>
        </section>
      </div>
    </>
  );
}
