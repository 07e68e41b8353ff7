"use client";

import { Icon } from "@/features/editor/components/icons";

import { SchedulesSection } from "./schedules-section";
import { WebhooksSection } from "./webhooks-section";

/**
 * The editor's Triggers panel: what starts this workflow without a click on Run. Webhooks (a
 * secret URL another service calls) and schedules (cron in a time zone). Both start the saved,
 * current version of the workflow.
 */
export function TriggersPanel({ workflowId, inputNames, onClose }: { workflowId: string; inputNames: string[]; onClose(): void }) {
  return (
    <aside
      aria-label="Triggers"
      data-testid="triggers-panel"
      className="thin-scroll absolute top-3 right-3 bottom-3 z-20 flex w-[min(26rem,calc(100%-1.5rem))] flex-col overflow-y-auto rounded-xl border border-border bg-surface shadow-xl"
    >
      <header className="sticky top-0 flex items-center justify-between border-b border-border bg-surface px-3.5 py-2">
        <h2 className="text-[13px] font-semibold">Triggers</h2>
        <button type="button" aria-label="Close triggers" onClick={onClose} className="rounded p-1 text-muted hover:bg-surface-muted hover:text-foreground">
          <Icon name="x" className="size-4" />
        </button>
      </header>
      <div className="space-y-5 p-3.5">
        <p className="text-[12px] text-muted">Runs they start use the saved version of this workflow and show which trigger started them.</p>
        <WebhooksSection workflowId={workflowId} inputNames={inputNames} />
        <SchedulesSection workflowId={workflowId} inputNames={inputNames} />
      </div>
    </aside>
  );
}
