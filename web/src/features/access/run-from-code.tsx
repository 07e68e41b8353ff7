"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";

import { Field, inputClass } from "@/components/ui/form";
import { SNIPPET_LANGUAGES, type SnippetLanguage, exampleInputs, snippet } from "./snippets";

/** How to start a run from code: a chosen workflow's id filled into curl, Python and JavaScript. */
export function RunFromCode() {
  const trpc = useTRPC();
  const workflows = useQuery(trpc.workflows.list.queryOptions({ limit: 100 }));
  const engine = useQuery(trpc.apiKeys.engineUrl.queryOptions());
  const [chosen, setChosen] = useState<string>("");
  const [language, setLanguage] = useState<SnippetLanguage>("curl");
  const items = workflows.data?.items ?? [];
  const workflowId = chosen || items[0]?.id || "";
  const workflow = useQuery({ ...trpc.workflows.get.queryOptions({ id: workflowId }), enabled: Boolean(workflowId) });
  const declared = (workflow.data?.spec.inputs ?? {}) as Record<string, { type?: string; default?: unknown }>;
  const text =
    workflowId && engine.data
      ? snippet(language, { engineUrl: engine.data.url, workflowId, inputs: exampleInputs(declared) })
      : "";

  return (
    <div className="space-y-3 rounded-lg border border-border bg-surface p-4" aria-labelledby="run-from-code">
      <h3 id="run-from-code" className="text-sm font-semibold">
        Run a workflow from code
      </h3>
      <p className="text-sm text-muted">
        Set <code className="font-mono text-xs">ORRERY_API_KEY</code> to a key with the <code className="font-mono text-xs">runs:write</code>{" "}
        scope. With <code className="font-mono text-xs">wait=true</code> the answer is the finished run and its outputs, or 202 with
        its <code className="font-mono text-xs">events_url</code> if it is still running.
      </p>
      {items.length === 0 ? (
        <p className="text-sm text-muted">Create a workflow to get its snippet.</p>
      ) : (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Workflow" id="snippet-workflow">
              <select id="snippet-workflow" className={inputClass} value={workflowId} onChange={(event) => setChosen(event.target.value)}>
                {items.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </select>
            </Field>
            <div className="flex items-end gap-1" role="tablist" aria-label="Language">
              {SNIPPET_LANGUAGES.map((l) => (
                <Button
                  key={l.id}
                  size="sm"
                  role="tab"
                  aria-selected={language === l.id}
                  variant={language === l.id ? "primary" : "secondary"}
                  onClick={() => setLanguage(l.id)}
                >
                  {l.label}
                </Button>
              ))}
            </div>
          </div>
          <pre data-testid="run-snippet" className="overflow-x-auto rounded bg-surface-muted p-3 font-mono text-xs">
            {text}
          </pre>
          <div className="flex justify-end">
            <Button size="sm" onClick={() => void navigator.clipboard?.writeText(text)} disabled={!text}>
              Copy snippet
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
