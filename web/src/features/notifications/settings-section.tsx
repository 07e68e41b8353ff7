"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";

import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { Field, inputClass } from "@/components/ui/form";
import { describeError } from "@/features/access/types";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Settings → Notifications: besides the bell, where an approval waiting, a failed run or a
 * paused schedule is also sent: a webhook (JSON, signed with the secret when one is set) and,
 * when the engine has a mail server, an email address. An empty field turns that channel off.
 */
export function NotificationSettingsSection() {
  const trpc = useTRPC();
  const current = useQuery(trpc.notifications.settings.queryOptions());
  const data = current.data;
  return (
    <section aria-labelledby="notification-settings" className="space-y-4">
      <div>
        <h2
          id="notification-settings"
          className="text-lg font-semibold tracking-tight"
        >
          Notifications
        </h2>
        <p className="mt-1 text-sm text-muted">
          The bell shows approvals waiting, failed runs and paused schedules.
          They can also go to a webhook of yours or by email.
        </p>
      </div>
      {current.isError ? (
        <p role="alert" className="text-sm text-danger">
          {describeError(current.error)}
        </p>
      ) : !data ? (
        <p className="text-sm text-muted">
          Loading your notification settings…
        </p>
      ) : (
        <NotificationForm saved={data} />
      )}
    </section>
  );
}

type Saved = {
  webhook_url?: string | null;
  webhook_signed?: boolean;
  email?: string | null;
  email_available?: boolean;
};

/** The form, starting from what is saved (mounted once that is loaded). */
function NotificationForm({ saved }: { saved: Saved }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [webhookUrl, setWebhookUrl] = useState(saved.webhook_url ?? "");
  const [secret, setSecret] = useState("");
  const [email, setEmail] = useState(saved.email ?? "");

  const save = useMutation(
    trpc.notifications.saveSettings.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.notifications.settings.queryKey(), saved);
        setSecret("");
        toast({ title: "Notification settings saved", tone: "success" });
      },
      onError: (error) =>
        toast({
          title: "Could not save the notification settings",
          description: describeError(error),
          tone: "error",
        }),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      webhook_url: webhookUrl.trim() || null,
      ...(secret ? { webhook_secret: secret } : {}),
      ...(saved.email_available || email.trim() === ""
        ? { email: email.trim() || null }
        : {}),
    });
  }

  const data = saved;
  return (
    <form
      onSubmit={submit}
      className="max-w-xl space-y-3"
      aria-label="Notification settings"
    >
      <Field
        id="notify-webhook"
        label="Webhook URL"
        hint="Each notification is POSTed here as JSON. Leave empty for none."
      >
        <input
          id="notify-webhook"
          className={inputClass}
          type="url"
          inputMode="url"
          placeholder="https://example.com/hooks/orrery"
          value={webhookUrl}
          onChange={(e) => setWebhookUrl(e.target.value)}
        />
      </Field>
      <Field
        id="notify-secret"
        label="Signing secret"
        hint={
          data.webhook_signed
            ? "A secret is set (never shown). Type a new one to replace it. Requests carry X-Orrery-Signature: sha256=… over <X-Orrery-Timestamp>.<body>."
            : "Optional, at least 16 characters: requests then carry X-Orrery-Signature: sha256=… over <X-Orrery-Timestamp>.<body>."
        }
      >
        <input
          id="notify-secret"
          className={inputClass}
          type="password"
          autoComplete="new-password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
      </Field>
      <Field
        id="notify-email"
        label="Email"
        hint={
          data.email_available
            ? "Notifications are also emailed here. Leave empty for none."
            : "This server has no mail server configured (ORRERY_SMTP_HOST), so email is off."
        }
      >
        <input
          id="notify-email"
          className={inputClass}
          type="email"
          disabled={!data.email_available}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
