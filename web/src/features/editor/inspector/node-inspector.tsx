"use client";

import { useCallback, useMemo, useState } from "react";

import { Icon, categoryTone } from "../components/icons";
import { NodeExplanation } from "../components/planner";
import { problemsAt } from "../lib/problems";
import { formFor, pathString, type FieldSpec } from "../lib/schema-form";
import { customFieldOf } from "../node-types/fields";
import { containerUI, nodeTypeUI } from "../node-types/registry";
import { useEditor } from "../store/context";
import type { JsonObject, Problem } from "../types";
import { CredentialSelect } from "./credential-select";
import { ModelSelect } from "./model-select";
import { CollectionNameField } from "./collection-name-field";
import { MemoryToolField } from "./memory-tool-field";
import { OutputSchemaEditor } from "./output-schema-editor";
import { FormContext, SchemaField, type Path } from "./schema-field";
import { FieldShell, Section, inputClass, monoInputClass, renderTicks } from "./ui";
import { TestNodeSection } from "../workbench/test-node";

const NO_PROBLEMS: Problem[] = [];

/** The side panel for one selected node: label, id, and its config form. */
export function NodeInspector({ nodeId }: { nodeId: string }) {
  // `data` keeps its identity while the node is dragged: no re-render per frame.
  const data = useEditor((s) => s.nodes.find((n) => n.id === nodeId)?.data);
  const inBody = useEditor((s) => !!s.nodes.find((n) => n.id === nodeId)?.parentId);
  const info = useEditor((s) => (data ? s.catalog.get(data.type, data.typeVersion) : undefined));
  const problems = useEditor((s) => s.problems.byNode.get(nodeId) ?? NO_PROBLEMS);
  const actions = useEditor((s) => s.actions);
  const [showAdvanced, setShowAdvanced] = useState(false);

  const fields = useMemo(() => (info ? formFor(info.config_schema) : []), [info]);
  const setValue = useCallback((path: Path, value: unknown) => actions.updateConfig(nodeId, path, value), [actions, nodeId]);
  const config = data?.config;
  const ui = data ? nodeTypeUI(data.type) : null;
  const newItem = useCallback((path: Path) => ui?.newItem?.(path.join("."), config ?? {}), [ui, config]);
  const nodeType = data?.type;
  const workflowId = useEditor((s) => s.workflowId);
  const custom = useCallback(
    (field: FieldSpec, path: Path, value: unknown) => {
      // A type's own field editors, from the node-type registry (node-types/fields.tsx).
      const Field = nodeType ? customFieldOf(nodeType, path) : undefined;
      if (Field) {
        return (
          <Field
            nodeId={nodeId}
            workflowId={workflowId}
            field={field}
            path={path}
            value={value}
            config={(config ?? {}) as JsonObject}
            problems={problems}
            update={(p, v, coalesce) => actions.updateConfig(nodeId, p, v, coalesce)}
          />
        );
      }
      if (nodeType === "agent" && path.length === 1 && field.key === "credential_id") {
        return (
          <CredentialSelect
            provider={(config as JsonObject | undefined)?.provider}
            value={value}
            errors={problemsAt(problems, "config.credential_id", false)}
            onChange={(id) => actions.updateConfig(nodeId, ["credential_id"], id)}
          />
        );
      }
      // A fallback's key and model: the same pickers as the agent's own, for that fallback's provider.
      if (nodeType === "agent" && path.length === 3 && path[0] === "fallbacks" && typeof path[1] === "number") {
        const index = path[1];
        const fallback = ((config as JsonObject | undefined)?.fallbacks as JsonObject[] | undefined)?.[index];
        const provider = fallback?.provider ?? "demo";
        if (field.key === "credential_id") {
          return (
            <CredentialSelect
              provider={provider}
              value={value}
              errors={problemsAt(problems, `config.fallbacks[${index}].credential_id`, false)}
              onChange={(id) => actions.updateConfig(nodeId, ["fallbacks", index, "credential_id"], id)}
            />
          );
        }
        if (field.key === "model") {
          return (
            <ModelSelect
              key={`${index}:${String(provider)}`}
              provider={provider}
              value={value}
              errors={problemsAt(problems, `config.fallbacks[${index}].model`, false)}
              onChange={(name) => actions.updateConfig(nodeId, ["fallbacks", index, "model"], name, { key: `config:${nodeId}:fallbacks:${index}:model` })}
            />
          );
        }
      }
      if (nodeType === "agent" && path.length === 1 && field.key === "model") {
        const provider = (config as JsonObject | undefined)?.provider ?? "demo";
        return (
          <ModelSelect
            key={String(provider)}
            provider={provider}
            value={value}
            errors={problemsAt(problems, "config.model", false)}
            onChange={(name) => actions.updateConfig(nodeId, ["model"], name, { key: `config:${nodeId}:model` })}
          />
        );
      }
      if (nodeType === "agent" && path.length === 1 && field.key === "memory") {
        return (
          <MemoryToolField
            value={value}
            errors={problemsAt(problems, "config.memory", true)}
            onChange={(memory) => actions.updateConfig(nodeId, ["memory"], memory)}
          />
        );
      }
      if ((nodeType === "memory_search" || nodeType === "memory_write") && path.length === 1 && field.key === "collection") {
        return (
          <CollectionNameField
            nodeType={nodeType}
            value={value}
            errors={problemsAt(problems, "config.collection", false)}
            onChange={(name) => actions.updateConfig(nodeId, ["collection"], name, { key: `config:${nodeId}:collection` })}
          />
        );
      }
      if (nodeType === "agent" && path.length === 1 && field.key === "output_schema") {
        return (
          <OutputSchemaEditor
            value={value}
            errors={problemsAt(problems, "config.output_schema", true)}
            onChange={(schema) => actions.updateConfig(nodeId, ["output_schema"], schema, { key: `config:${nodeId}:output_schema` })}
          />
        );
      }
      return null;
    },
    [nodeType, problems, actions, nodeId, config, workflowId],
  );
  const bodyField = useCallback((path: Path) => !!nodeType && !!containerUI(nodeType)?.bodyFields.includes(String(path[0])), [nodeType]);
  const form = useMemo(() => ({ nodeId, problems, setValue, newItem, custom, bodyField }), [nodeId, problems, setValue, newItem, custom, bodyField]);

  if (!data) return null;
  const label = data.label || info?.label || data.type;
  const general = problems.filter((p) => !p.path?.startsWith("config"));
  const main = fields.filter((f) => !f.advanced);
  const advanced = fields.filter((f) => f.advanced);

  return (
    <div data-testid="node-inspector">
      <div className="flex items-start gap-3 border-b border-border px-4 py-4" data-tone={categoryTone(info?.category)}>
        <span className="tone-chip flex size-9 shrink-0 items-center justify-center rounded-xl">
          <Icon name={info?.icon ?? "box"} className="size-5" />
        </span>
        <div className="min-w-0">
          <h2 className="truncate text-[15px] font-semibold">{label}</h2>
          <p className="text-xs leading-snug text-muted">{info ? renderTicks(info.description) : `Unknown node type “${data.type}”.`}</p>
        </div>
      </div>

      <NodeExplanation nodeId={nodeId} />

      {general.length ? (
        <div role="alert" className="mx-4 mt-4 rounded-lg border border-danger/30 bg-danger-surface px-3 py-2 text-xs text-danger">
          <ul className="space-y-1">
            {general.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <Section title="Node">
        <FieldShell id={`label-${nodeId}`} label="Label">
          <input
            id={`label-${nodeId}`}
            value={data.label ?? ""}
            placeholder={info?.label}
            onChange={(e) => actions.setLabel(nodeId, e.target.value)}
            className={inputClass}
          />
        </FieldShell>
        <NodeIdField key={nodeId} nodeId={nodeId} />
      </Section>

      {inBody ? null : <TestNodeSection nodeId={nodeId} />}

      {data.type === "input" ? (
        <Section title="Inputs">
          <p className="text-xs leading-relaxed text-muted">
            A run starts here. Its inputs are declared on the workflow: click the empty canvas to edit them. Downstream templates read them as{" "}
            <code className="font-mono">{"{{ inputs.name }}"}</code>.
          </p>
          <button type="button" onClick={() => actions.select([])} className="text-xs font-medium text-accent hover:underline">
            Edit the workflow’s inputs
          </button>
        </Section>
      ) : null}

      {main.length ? (
        <FormContext.Provider value={form}>
          <Section title="Configuration">
            {main.map((f) => (
              <SchemaField key={f.key} field={f} path={[f.key]} value={(config as JsonObject)[f.key]} />
            ))}
          </Section>
          {advanced.length ? (
            <section className="px-4 py-3">
              <button
                type="button"
                aria-expanded={showAdvanced}
                onClick={() => setShowAdvanced((v) => !v)}
                className="flex w-full items-center gap-1.5 text-[11px] font-semibold tracking-wide text-muted uppercase hover:text-foreground"
              >
                <Icon name={showAdvanced ? "chevron-down" : "chevron-right"} className="size-3.5" />
                Advanced
                {advanced.some((f) => problemsAt(problems, pathString([f.key]), true).length) ? (
                  <span className="ml-1 size-1.5 rounded-full bg-danger" aria-label="has problems" />
                ) : null}
              </button>
              {showAdvanced ? (
                <div className="mt-3 space-y-3.5">
                  {advanced.map((f) => (
                    <SchemaField key={f.key} field={f} path={[f.key]} value={(config as JsonObject)[f.key]} />
                  ))}
                </div>
              ) : null}
            </section>
          ) : null}
        </FormContext.Provider>
      ) : null}
    </div>
  );
}

/** The node's id (what templates reference); renaming rewrites edges and references. */
function NodeIdField({ nodeId }: { nodeId: string }) {
  const actions = useEditor((s) => s.actions);
  const [text, setText] = useState(nodeId);
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    if (text === nodeId) return setError(null);
    const problem = actions.renameNode(nodeId, text.trim());
    setError(problem);
  };
  return (
    <FieldShell id={`id-${nodeId}`} label="ID" description="Templates read this node as steps.<id>; renaming updates them." errors={error ? [error] : []}>
      <input
        id={`id-${nodeId}`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") apply();
          if (e.key === "Escape") {
            setText(nodeId);
            setError(null);
          }
        }}
        aria-invalid={!!error || undefined}
        className={monoInputClass}
        spellCheck={false}
      />
    </FieldShell>
  );
}
