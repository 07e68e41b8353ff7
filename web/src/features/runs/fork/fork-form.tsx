"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { parseJson } from "@/features/editor/workbench/lib";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import type { Attempt } from "../state/types";

/**
 * "Fork from here" on a step of a finished run: edit what the step read (`inputs`, and the
 * `steps` outputs it read), then re-run it and everything downstream as a new run that reuses
 * the other outputs of this one (a run of kind `fork`, linked to this run and step).
 */
export function ForkForm({
  runId,
  nodeId,
  attempt,
  runInputs,
  workflowId,
  version,
}: {
  runId: string;
  nodeId: string;
  attempt: Attempt | null;
  runInputs: Record<string, unknown>;
  workflowId: string;
  /** The version the run pinned; the fork may use the workflow's current one instead (a config edited since). */
  version: number;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const fork = useMutation(trpc.workbench.fork.mutationOptions());
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [useCurrent, setUseCurrent] = useState(false);
  const launch = useQuery(trpc.runs.launchInfo.queryOptions({ workflowId }, { enabled: open, staleTime: 10_000 }));
  const current = launch.data?.currentVersion ?? null;

  const start = () => {
    const read = attempt?.input && typeof attempt.input === "object" ? (attempt.input as { inputs?: unknown; steps?: unknown }) : null;
    setText(JSON.stringify({ inputs: read?.inputs ?? runInputs, steps: read?.steps ?? {} }, null, 2));
    setError(null);
    setOpen(true);
  };

  const submit = async () => {
    const parsed = parseJson(text);
    const value = parsed.ok ? parsed.value : null;
    if (!parsed.ok || !value || typeof value !== "object" || Array.isArray(value)) {
      return setError(parsed.ok ? "The input is a JSON object: {inputs, steps}." : `Not JSON: ${parsed.error}`);
    }
    const { inputs, steps } = value as { inputs?: unknown; steps?: unknown };
    const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
    try {
      const started = await fork.mutateAsync({
        runId,
        fromNode: nodeId,
        inputs: isObject(inputs) ? inputs : null,
        outputs: isObject(steps) ? steps : {},
        version: useCurrent && current ? current : null,
      });
      router.push(`/runs/${started.id}`);
    } catch (e) {
      setError(describeError(e).message);
    }
  };

  return (
    <section className="mt-2 border-t border-border pt-3" data-testid="fork-form">
      {!open ? (
        <button type="button" onClick={start} className="text-xs font-medium text-accent hover:underline" data-testid="fork-from-here">
          Fork from here…
        </button>
      ) : (
        <div className="space-y-2">
          <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">Fork from {nodeId}</h3>
          <p className="text-xs text-muted">
            Edit what this step reads, then run it and everything after it as a new run. The other steps keep this run’s outputs (not run again).
          </p>
          <textarea
            aria-label="Step input (JSON)"
            className="block min-h-40 w-full rounded-lg border border-border bg-background p-2 font-mono text-[12px]"
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            data-testid="fork-input"
          />
          {current && current !== version ? (
            <label className="flex items-center gap-2 text-xs">
              <input type="checkbox" checked={useCurrent} onChange={(e) => setUseCurrent(e.target.checked)} data-testid="fork-current-version" />
              Use the workflow’s current version (v{current}, with the config edited since v{version})
            </label>
          ) : null}
          {error ? (
            <p role="alert" className="text-xs text-danger">
              {error}
            </p>
          ) : null}
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => void submit()}
              disabled={fork.isPending}
              className="rounded-lg bg-accent px-3 py-1 text-xs font-medium text-white disabled:opacity-60"
              data-testid="fork-submit"
            >
              Fork and run
            </button>
            <button type="button" onClick={() => setOpen(false)} className="rounded-lg border border-border px-3 py-1 text-xs">
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
