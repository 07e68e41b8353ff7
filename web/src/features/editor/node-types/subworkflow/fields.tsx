"use client";
/**
 * The sub-workflow node's inspector: which workflow it runs (a select of the user's
 * workflows, not this one), which version (the latest when the run starts, or a pinned one),
 * and a template for each input the child declares (read with the chosen version).
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { Icon } from "../../components/icons";
import { TemplateInput } from "../../inspector/template-input";
import { FieldShell, iconButton, inputClass } from "../../inspector/ui";
import { problemsAt } from "../../lib/problems";
import type { InputSpec, JsonObject } from "../../types";
import type { CustomField, CustomFieldProps } from "../fields";
import { childInputRows, workflowChoices } from "./lib";

const LIST = { limit: 100 } as const;

function WorkflowField({ nodeId, workflowId, value, config, problems, update }: CustomFieldProps) {
  const id = useId();
  const trpc = useTRPC();
  const list = useQuery(trpc.workflows.list.queryOptions(LIST, { staleTime: 30_000 }));
  const chosen = typeof value === "string" && value ? value : null;
  const options = workflowChoices(list.data?.items ?? [], workflowId, chosen);
  const errors = problemsAt(problems, "config.workflow_id");
  return (
    <FieldShell
      id={id}
      label="Workflow"
      required
      description={options.length === 0 && !list.isLoading ? "You have no other workflow yet: create one to call it from here." : "Runs as a child run of this one, with its own page."}
      errors={errors}
    >
      <div className="flex items-center gap-2">
        <select
          id={id}
          aria-label="Workflow"
          value={chosen ?? ""}
          aria-invalid={errors.length > 0 || undefined}
          onChange={(e) => {
            // Another workflow: its version and inputs are not this one's.
            const next: JsonObject = { ...config, workflow_id: e.target.value || undefined, inputs: {} };
            delete next.version;
            if (!e.target.value) delete next.workflow_id;
            update([], next);
          }}
          className={inputClass}
          data-testid={`${nodeId}-workflow`}
        >
          <option value="">{list.isLoading ? "Loading…" : "Choose a workflow…"}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {chosen ? (
          <Link
            href={`/workflows/${chosen}/edit`}
            target="_blank"
            className={iconButton}
            aria-label="Open the called workflow in a new tab"
            title="Open the called workflow"
            data-testid={`${nodeId}-workflow-link`}
          >
            <Icon name="external-link" className="size-3.5" />
          </Link>
        ) : null}
      </div>
    </FieldShell>
  );
}

function VersionField({ config, value, problems, update }: CustomFieldProps) {
  const id = useId();
  const trpc = useTRPC();
  const child = typeof config.workflow_id === "string" ? config.workflow_id : "";
  const versions = useQuery(trpc.workflows.versions.queryOptions({ id: child }, { enabled: !!child, staleTime: 30_000 }));
  const pinned = typeof value === "number" ? value : null;
  return (
    <FieldShell
      id={id}
      label="Version"
      description={pinned === null ? "The workflow's latest version when each run starts." : "Always this version, whatever is saved later."}
      errors={problemsAt(problems, "config.version")}
    >
      <select
        id={id}
        aria-label="Version"
        value={pinned === null ? "" : String(pinned)}
        disabled={!child}
        onChange={(e) => update(["version"], e.target.value ? Number(e.target.value) : undefined)}
        className={inputClass}
      >
        <option value="">Latest</option>
        {(versions.data ?? []).map((v) => (
          <option key={v.version} value={String(v.version)}>
            Version {v.version} · {v.node_count} nodes
          </option>
        ))}
        {pinned !== null && versions.data && !versions.data.some((v) => v.version === pinned) ? <option value={String(pinned)}>Version {pinned} (not found)</option> : null}
      </select>
    </FieldShell>
  );
}

function InputsField({ nodeId, config, value, problems, update }: CustomFieldProps) {
  const trpc = useTRPC();
  const child = typeof config.workflow_id === "string" ? config.workflow_id : "";
  const version = typeof config.version === "number" ? config.version : null;
  const latest = useQuery(trpc.workflows.get.queryOptions({ id: child }, { enabled: !!child && version === null, staleTime: 30_000 }));
  const pinned = useQuery(trpc.workflows.version.queryOptions({ id: child, version: version ?? 1 }, { enabled: !!child && version !== null, staleTime: 30_000 }));
  const declared = ((version === null ? latest.data?.spec : pinned.data?.spec)?.inputs ?? null) as Record<string, InputSpec> | null;
  const mapped = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const rows = childInputRows(declared, mapped);
  const loading = !!child && (version === null ? latest.isLoading : pinned.isLoading);
  return (
    <div className="space-y-2" role="group" aria-label="Inputs of the called workflow">
      <span className="text-xs font-medium">Inputs</span>
      {!child ? <p className="text-[11.5px] text-muted">Choose a workflow to map its inputs.</p> : null}
      {loading ? <p className="text-[11.5px] text-muted">Reading its inputs…</p> : null}
      {child && !loading && rows.length === 0 ? <p className="text-[11.5px] text-muted">That workflow declares no inputs.</p> : null}
      {rows.map((row) => {
        const errors = problemsAt(problems, `config.inputs.${row.name}`);
        return (
          <div key={row.name} className="space-y-1">
            <div className="flex items-baseline justify-between gap-2">
              <label htmlFor={`${nodeId}-input-${row.name}`} className="font-mono text-[12px]">
                {row.name}
                {row.required ? <span className="ml-0.5 text-danger" aria-hidden="true">*</span> : null}
              </label>
              <span className="truncate text-[11px] text-muted">{row.stale ? "not an input of that workflow" : row.detail}</span>
            </div>
            <div className="flex items-start gap-1.5">
              <div className="min-w-0 flex-1">
                <TemplateInput
                  id={`${nodeId}-input-${row.name}`}
                  nodeId={nodeId}
                  value={row.value}
                  placeholder={row.required ? "{{ inputs.… }} or a value" : "Not set: the input's default"}
                  onChange={(text) => update(["inputs", row.name], text === "" ? undefined : text, { key: `config:${nodeId}:inputs.${row.name}` })}
                  multiline={false}
                  invalid={errors.length > 0 || row.stale}
                />
              </div>
              {row.stale ? (
                <button type="button" aria-label={`Remove ${row.name}`} onClick={() => update(["inputs", row.name], undefined)} className={iconButton}>
                  <Icon name="x" className="size-3.5" />
                </button>
              ) : null}
            </div>
            {errors.map((m, i) => (
              <p key={i} className="text-[11.5px] text-danger">
                {m}
              </p>
            ))}
          </div>
        );
      })}
    </div>
  );
}

export const SUBWORKFLOW_FIELDS: Record<string, CustomField> = {
  workflow_id: WorkflowField,
  version: VersionField,
  inputs: InputsField,
};
