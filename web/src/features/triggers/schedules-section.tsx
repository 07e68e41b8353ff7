"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";

import { buttonClass, primaryButtonClass } from "@/features/editor/components/dialog";
import { useTRPC } from "@/lib/trpc/client";

import { browserTimeZone, formatFire, parseObject, type Schedule } from "./lib";
import { Field, SectionError, inputClass } from "./ui";

/** A workflow's schedules: cron in a time zone with its next fires, fixed inputs, pause and resume. */
export function SchedulesSection({ workflowId, inputNames }: { workflowId: string; inputNames: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.triggers.schedules.queryOptions({ workflowId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.triggers.schedules.queryKey({ workflowId }) });

  const [cron, setCron] = useState("0 9 * * 1");
  const [timezone, setTimezone] = useState(browserTimeZone);
  const [name, setName] = useState("");
  const [inputs, setInputs] = useState(() => JSON.stringify(Object.fromEntries(inputNames.map((n) => [n, ""])), null, 2));
  const [missed, setMissed] = useState<"skip" | "run_once">("skip");
  const [formError, setFormError] = useState<string | null>(null);
  const typed = useDeferredValue({ cron: cron.trim(), timezone: timezone.trim() });
  const preview = useQuery(trpc.triggers.previewCron.queryOptions(typed, { enabled: Boolean(typed.cron && typed.timezone), retry: false }));

  const create = useMutation(
    trpc.triggers.createSchedule.mutationOptions({
      onSuccess: () => {
        setFormError(null);
        void refresh();
      },
      onError: (error) => setFormError(error.message),
    }),
  );
  const submit = () => {
    const parsed = parseObject(inputs);
    if ("error" in parsed) return setFormError(parsed.error);
    create.mutate({ workflowId, cron, timezone, name, inputs: parsed.value, missed });
  };

  return (
    <section aria-label="Schedules" className="space-y-3">
      <h3 className="text-[13px] font-semibold">Schedules</h3>
      {list.error ? <SectionError message={list.error.message} /> : null}
      <ul className="space-y-2">
        {(list.data ?? []).map((schedule) => (
          <ScheduleItem key={schedule.id} schedule={schedule} onChanged={() => void refresh()} />
        ))}
        {list.data?.length === 0 ? <li className="text-[12px] text-muted">No schedules yet.</li> : null}
      </ul>
      <details className="rounded-lg border border-border p-2.5" data-testid="new-schedule">
        <summary className="cursor-pointer text-[13px] font-medium">New schedule</summary>
        <div className="mt-2 space-y-2">
          <Field label="Name">
            <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} placeholder="Monday digest" />
          </Field>
          <div className="grid grid-cols-2 gap-2">
            <Field label="Cron (min hour day month weekday)">
              <input className={`${inputClass} font-mono`} value={cron} onChange={(e) => setCron(e.target.value)} aria-label="Cron" />
            </Field>
            <Field label="Time zone">
              <input className={inputClass} value={timezone} onChange={(e) => setTimezone(e.target.value)} aria-label="Time zone" />
            </Field>
          </div>
          <p className="text-[11px] text-muted" data-testid="cron-preview" aria-live="polite">
            {preview.data
              ? `Next: ${preview.data.next_fires.map((f) => formatFire(f, typed.timezone)).join(" · ")}`
              : preview.error
                ? preview.error.message
                : "…"}
          </p>
          <Field label="Inputs for every run (JSON)">
            <textarea className={`${inputClass} h-20 font-mono`} value={inputs} onChange={(e) => setInputs(e.target.value)} spellCheck={false} />
          </Field>
          <Field label="After downtime">
            <select className={inputClass} value={missed} onChange={(e) => setMissed(e.target.value as "skip" | "run_once")}>
              <option value="skip">Skip the missed fires</option>
              <option value="run_once">Run once for them</option>
            </select>
          </Field>
          {formError ? <SectionError message={formError} /> : null}
          <button type="button" className={primaryButtonClass} onClick={submit} disabled={create.isPending}>
            {create.isPending ? "Saving…" : "Create schedule"}
          </button>
        </div>
      </details>
    </section>
  );
}

function ScheduleItem({ schedule, onChanged }: { schedule: Schedule; onChanged(): void }) {
  const trpc = useTRPC();
  const pause = useMutation(trpc.triggers.setSchedulePaused.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.triggers.deleteSchedule.mutationOptions({ onSuccess: onChanged }));
  return (
    <li className="rounded-lg border border-border p-2.5 text-[12px]" data-testid="schedule-item">
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-medium">
          {schedule.name || "Untitled schedule"} <code className="font-mono text-muted">{schedule.cron}</code> <span className="text-muted">{schedule.timezone}</span>
        </span>
        <button type="button" className={buttonClass} onClick={() => pause.mutate({ id: schedule.id, paused: !schedule.paused })}>
          {schedule.paused ? "Resume" : "Pause"}
        </button>
      </div>
      <p className="mt-1 text-muted">
        {schedule.paused
          ? schedule.disabled_at
            ? `Paused after ${schedule.consecutive_failures} failed runs in a row`
            : "Paused"
          : `Next: ${schedule.next_fires.map((f) => formatFire(f, schedule.timezone)).join(" · ")}`}
      </p>
      <button type="button" className="mt-1 text-danger hover:underline" onClick={() => remove.mutate({ id: schedule.id })}>
        Delete
      </button>
    </li>
  );
}
