"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";

import { useCreateWorkflow } from "./hooks";
import { BlankIcon, WorkflowIcon } from "./icons";
import { blankSpec } from "./lib/blank-spec";
import { describeError } from "./lib/errors";
import { plural, shortName } from "./lib/format";
import { inputClass } from "./styles";

export const BLANK = "blank";
export const BLANK_NAME = "Untitled workflow";

/** "New workflow": blank or from a template, with a name; creates it and opens the editor. */
export function NewWorkflowDialog({ open, onClose, initial = BLANK }: { open: boolean; onClose: () => void; initial?: string }) {
  return (
    <Dialog open={open} onClose={onClose} size="lg" title="New workflow" description="Start from a blank canvas or from a template you can adapt.">
      {open ? <NewWorkflowForm initial={initial} onClose={onClose} /> : null}
    </Dialog>
  );
}

function NewWorkflowForm({ initial, onClose }: { initial: string; onClose: () => void }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.templates.list.queryOptions(undefined, { staleTime: Infinity }));
  const create = useCreateWorkflow();
  const ids = { name: useId(), error: useId(), group: useId() };
  const [choice, setChoice] = useState(initial);
  const [name, setName] = useState<string | null>(null); // null: follow the choice
  const chosen = templates.data?.find((t) => t.slug === choice);
  const shownName = name ?? (chosen ? shortName(chosen.name) : BLANK_NAME);
  const error = create.error ? describeError(create.error) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const finalName = shownName.trim();
    if (!finalName) return;
    if (choice === BLANK) create.mutate({ name: finalName, spec: blankSpec() });
    else create.mutate({ template: choice, name: finalName });
  }

  return (
    <form onSubmit={submit} aria-describedby={error ? ids.error : undefined}>
      <fieldset>
        <legend id={ids.group} className="mb-2 text-sm font-medium">
          Start from
        </legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <ChoiceCard
            name={ids.group}
            value={BLANK}
            checked={choice === BLANK}
            onChange={setChoice}
            icon={<BlankIcon />}
            title="Blank workflow"
            description="An input connected to an output. Add agents, tools and approvals in the editor."
            meta="2 nodes"
          />
          {templates.isPending
            ? Array.from({ length: 3 }, (_, i) => <Skeleton key={i} className="h-28" />)
            : (templates.data ?? []).map((t) => (
                <ChoiceCard
                  key={t.slug}
                  name={ids.group}
                  value={t.slug}
                  checked={choice === t.slug}
                  onChange={setChoice}
                  icon={<WorkflowIcon />}
                  title={t.name}
                  description={t.description}
                  meta={plural(t.node_count, "node")}
                />
              ))}
        </div>
        {templates.isError ? <p className="mt-2 text-sm text-danger">Templates could not be loaded: {describeError(templates.error).message}</p> : null}
      </fieldset>
      <label htmlFor={ids.name} className="mt-4 mb-1.5 block text-sm font-medium">
        Name
      </label>
      <input id={ids.name} value={shownName} onChange={(e) => setName(e.target.value)} maxLength={200} required className={inputClass} />
      {error ? (
        <div id={ids.error} role="alert" className="mt-3 rounded-md bg-danger-surface px-3 py-2 text-sm text-danger">
          {error.message}
        </div>
      ) : null}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={create.isPending || create.isSuccess} disabled={!shownName.trim()}>
          Create workflow
        </Button>
      </DialogFooter>
    </form>
  );
}

function ChoiceCard(props: {
  name: string;
  value: string;
  checked: boolean;
  onChange: (value: string) => void;
  icon: ReactNode;
  title: string;
  description: string;
  meta: string;
}) {
  return (
    <label
      className={`relative flex cursor-pointer gap-3 rounded-lg border p-3 transition has-focus-visible:ring-2 has-focus-visible:ring-accent/40 ${
        props.checked ? "border-accent bg-accent/5" : "border-border hover:bg-surface-muted"
      }`}
    >
      <input type="radio" name={props.name} value={props.value} checked={props.checked} onChange={() => props.onChange(props.value)} className="sr-only" />
      <span className={`mt-0.5 shrink-0 [&_svg]:size-5 ${props.checked ? "text-accent" : "text-muted"}`}>{props.icon}</span>
      <span className="min-w-0">
        <span className="block text-sm font-medium">{props.title}</span>
        <span className="mt-0.5 line-clamp-2 block text-xs text-muted">{props.description}</span>
        <span className="mt-1.5 block text-xs text-muted">{props.meta}</span>
      </span>
    </label>
  );
}
