"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";

import { buttonClass, primaryButtonClass } from "@/features/editor/components/dialog";
import { useTRPC } from "@/lib/trpc/client";

import { browserTimeZone, formatFire, parseObject, refusal, scheduleChanges, scheduleDraft, withCreated, type Schedule, type ScheduleDraft } from "./lib";
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

  const create = useMutation(
    trpc.triggers.createSchedule.mutationOptions({
      onSuccess: (schedule) => {
        setFormError(null);
        queryClient.setQueryData(trpc.triggers.schedules.queryKey({ workflowId }), (schedules) => withCreated(schedules, schedule));
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
          <CronPreview cron={cron} timezone={timezone} />
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

/** The next fires of a cron being typed (the engine computes them), or why it has none. */
function CronPreview({ cron, timezone }: { cron: string; timezone: string }) {
  const trpc = useTRPC();
  const typed = useDeferredValue({ cron: cron.trim(), timezone: timezone.trim() });
  const preview = useQuery(trpc.triggers.previewCron.queryOptions(typed, { enabled: Boolean(typed.cron && typed.timezone), retry: false }));
  return (
    <p className="text-[11px] text-muted" data-testid="cron-preview" aria-live="polite">
      {preview.data ? <Fires fires={preview.data.next_fires} timezone={typed.timezone} /> : preview.error ? preview.error.message : "…"}
    </p>
  );
}

/** `Next: Mon 7 Dec, 09:00 · …`, each fire a <time> with its instant. */
function Fires({ fires, timezone }: { fires: string[]; timezone: string }) {
  return (
    <span>
      Next:{" "}
      {fires.map((fire, i) => (
        <span key={fire}>
          {i ? " · " : null}
          <time dateTime={fire}>{formatFire(fire, timezone)}</time>
        </span>
      ))}
    </span>
  );
}

function ScheduleItem({ schedule, onChanged }: { schedule: Schedule; onChanged(): void }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const pause = useMutation(trpc.triggers.setSchedulePaused.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.triggers.deleteSchedule.mutationOptions({ onSuccess: onChanged }));
  return (
    <li className="rounded-lg border border-border p-2.5 text-[12px]" data-testid="schedule-item">
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-medium">
          {schedule.name || "Untitled schedule"} <code className="font-mono text-muted">{schedule.cron}</code> <span className="text-muted">{schedule.timezone}</span>
        </span>
        {editing ? null : (
          <button type="button" className={buttonClass} onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        <button type="button" className={buttonClass} onClick={() => pause.mutate({ id: schedule.id, paused: !schedule.paused })}>
          {schedule.paused ? "Resume" : "Pause"}
        </button>
      </div>
      <p className="mt-1 text-muted" data-testid="schedule-fires">
        {schedule.paused ? (
          schedule.disabled_at ? (
            `Paused after ${schedule.consecutive_failures} failed runs in a row`
          ) : (
            "Paused"
          )
        ) : (
          <Fires fires={schedule.next_fires} timezone={schedule.timezone} />
        )}
      </p>
      {editing ? (
        <ScheduleEditor
          schedule={schedule}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onChanged();
          }}
        />
      ) : (
        <button type="button" className="mt-1 text-danger hover:underline" onClick={() => remove.mutate({ id: schedule.id })}>
          Delete
        </button>
      )}
    </li>
  );
}

/**
 * A saved schedule's settings, in place: Save sends what changed; a refusal (the engine's
 * message) shows here and the form keeps what was typed; Cancel drops the edit.
 */
function ScheduleEditor({ schedule, onDone }: { schedule: Schedule; onDone(saved: boolean): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => scheduleDraft(schedule));
  const [formError, setFormError] = useState<string | null>(null);
  const set = <K extends keyof ScheduleDraft>(key: K, value: ScheduleDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const save = useMutation(
    trpc.triggers.updateSchedule.mutationOptions({
      onSuccess: (saved) => {
        // The list shows the saved schedule (its next fires) at once, then refetches.
        queryClient.setQueryData(trpc.triggers.schedules.queryKey({ workflowId: schedule.workflow_id }), (list) =>
          list?.map((s) => (s.id === saved.id ? saved : s)),
        );
        onDone(true);
      },
      onError: (error) => setFormError(refusal(error)),
    }),
  );
  const submit = () => {
    const changes = scheduleChanges(schedule, draft);
    if ("error" in changes) return setFormError(changes.error);
    if (Object.keys(changes.value).length === 0) return onDone(false);
    setFormError(null);
    save.mutate({ id: schedule.id, ...changes.value });
  };
  return (
    <form
      className="mt-2 space-y-2 border-t border-border pt-2"
      aria-label="Edit schedule"
      data-testid="schedule-editor"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field label="Name">
        <input className={inputClass} value={draft.name} onChange={(e) => set("name", e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label="Cron (min hour day month weekday)">
          <input className={`${inputClass} font-mono`} value={draft.cron} onChange={(e) => set("cron", e.target.value)} aria-label="Cron" />
        </Field>
        <Field label="Time zone">
          <input className={inputClass} value={draft.timezone} onChange={(e) => set("timezone", e.target.value)} aria-label="Time zone" />
        </Field>
      </div>
      <CronPreview cron={draft.cron} timezone={draft.timezone} />
      <Field label="Inputs for every run (JSON)">
        <textarea className={`${inputClass} h-20 font-mono`} value={draft.inputs} onChange={(e) => set("inputs", e.target.value)} spellCheck={false} />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label="After downtime">
          <select className={inputClass} value={draft.missed} onChange={(e) => set("missed", e.target.value as ScheduleDraft["missed"])}>
            <option value="skip">Skip the missed fires</option>
            <option value="run_once">Run once for them</option>
          </select>
        </Field>
        <Field label="Pause after failed runs in a row">
          <input className={inputClass} inputMode="numeric" value={draft.maxFailures} onChange={(e) => set("maxFailures", e.target.value)} />
        </Field>
      </div>
      {formError ? <SectionError message={formError} /> : null}
      <div className="flex gap-2">
        <button type="submit" className={primaryButtonClass} disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" className={buttonClass} onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
