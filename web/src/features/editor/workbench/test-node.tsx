"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";

import { formatCost, formatDuration, formatTokens } from "@/features/runs/format";
import { ValueView } from "@/features/runs/inspector/json-tree";
import { currentAttempt, displayStatus, streamedText, TERMINAL_RUN } from "@/features/runs/state/selectors";
import { StatusBadge } from "@/features/runs/status";
import { useLiveRun } from "@/features/runs/use-run";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { Icon } from "../components/icons";
import { Section, monoInputClass, smallButton } from "../inspector/ui";
import { upstreamOf } from "../lib/graph";
import { useEditor } from "../store/context";
import { useWorkbench, type Workbench } from "./context";
import { parseJson, preview } from "./lib";

/**
 * "Test this node" in the inspector: runs only this node on the real runner (a run of kind
 * `test`), reading its upstream from the edited JSON, else the pins, else the latest run; shows
 * the step's output, logs, tokens and cost as they stream in, and pins outputs.
 */
export function TestNodeSection({ nodeId }: { nodeId: string }) {
  const bench = useWorkbench();
  if (!bench) return null;
  return <TestNode key={nodeId} nodeId={nodeId} bench={bench} />;
}

function TestNode({ nodeId, bench }: { nodeId: string; bench: Workbench }) {
  const trpc = useTRPC();
  const edges = useEditor((s) => s.edges);
  const upstream = useMemo(() => [...upstreamOf(edges, nodeId)].sort(), [edges, nodeId]);
  const [runId, setRunId] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const test = useMutation(trpc.workbench.testNode.mutationOptions());

  const seededWith = useMemo(() => {
    const data: Record<string, unknown> = {};
    for (const id of upstream) {
      if (bench.pins.has(id)) data[id] = bench.pins.get(id);
      else if (bench.lastRun.get(id)?.status === "succeeded") data[id] = bench.lastRun.get(id)!.output;
    }
    return data;
  }, [upstream, bench.pins, bench.lastRun]);

  const run = async () => {
    setError(null);
    let outputs: Record<string, unknown> = {};
    if (editing) {
      const parsed = parseJson(draft);
      if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
        setError(parsed.ok ? "The upstream data is a JSON object: node id → its output." : `The upstream data is not JSON: ${parsed.error}`);
        return;
      }
      outputs = parsed.value as Record<string, unknown>;
    }
    if (!(await bench.save())) return;
    try {
      const started = await test.mutateAsync({
        workflowId: bench.workflowId,
        nodeId,
        outputs,
      });
      setRunId(started.id);
    } catch (e) {
      setError(describeError(e).message);
    }
  };

  return (
    <Section
      title="Test this node"
      actions={
        <button type="button" className={smallButton} onClick={() => void run()} disabled={test.isPending} data-testid="run-this-node">
          <Icon name={test.isPending ? "loader" : "play"} className={`size-3.5 ${test.isPending ? "animate-spin" : ""}`} />
          Run this node
        </button>
      }
    >
      <div className="text-xs text-muted" data-testid="test-upstream">
        {upstream.length === 0 ? (
          <p>Nothing upstream: it runs with the workflow’s inputs.</p>
        ) : (
          <ul className="space-y-0.5">
            {upstream.map((id) => (
              <li key={id} className="flex items-center gap-1.5">
                <span className="font-mono text-foreground">{id}</span>
                <span>{bench.pins.has(id) ? "· pinned" : bench.lastRun.get(id)?.status === "succeeded" ? "· from the last run" : "· no data yet"}</span>
              </li>
            ))}
          </ul>
        )}
        {upstream.length ? (
          <button
            type="button"
            className="mt-1 font-medium text-accent hover:underline"
            onClick={() => {
              setDraft(JSON.stringify(seededWith, null, 2));
              setEditing((v) => !v);
            }}
            data-testid="edit-upstream"
          >
            {editing ? "Use the pins and the last run" : "Edit the data it reads (JSON)"}
          </button>
        ) : null}
      </div>
      {editing ? (
        <textarea
          aria-label="Upstream data (JSON)"
          className={`${monoInputClass} min-h-28`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          spellCheck={false}
          data-testid="upstream-json"
        />
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-danger" data-testid="test-error">
          {error}
        </p>
      ) : null}
      {runId ? <TestResult runId={runId} nodeId={nodeId} bench={bench} /> : null}
      <PinEditor nodeId={nodeId} bench={bench} />
    </Section>
  );
}

/** The test run's step, live: status, output, logs, tokens, cost. */
function TestResult({ runId, nodeId, bench }: { runId: string; nodeId: string; bench: Workbench }) {
  const live = useLiveRun(runId);
  const state = live.state;
  const node = state?.nodes[nodeId];
  const attempt = currentAttempt(node);
  const status = state ? (attempt ? displayStatus(attempt) : state.run.status === "failed" ? "failed" : "pending") : "pending";
  const ended = state ? TERMINAL_RUN.has(state.run.status) : false;
  const { refresh } = bench;
  useEffect(() => {
    if (ended) refresh();
  }, [ended, refresh]);
  if (!state) return <p className="text-xs text-muted">Starting the test run…</p>;
  const text = streamedText(state, nodeId, attempt);
  const error = attempt?.error ?? (state.run.status === "failed" ? state.run.error : null);
  return (
    <div className="space-y-2 rounded-lg border border-border p-3" data-testid="test-result" data-status={status}>
      <div className="flex items-center justify-between gap-2">
        <StatusBadge status={status} />
        <Link href={`/runs/${runId}`} className="text-xs text-accent hover:underline">
          Open the test run
        </Link>
      </div>
      <dl className="grid grid-cols-3 gap-2 text-xs" data-testid="test-figures">
        <div>
          <dt className="text-muted">Tokens</dt>
          <dd className="tabular-nums">{formatTokens((attempt?.tokensIn ?? 0) + (attempt?.tokensOut ?? 0))}</dd>
        </div>
        <div>
          <dt className="text-muted">Cost</dt>
          <dd className="tabular-nums" data-testid="test-cost">
            {formatCost(attempt?.costUsd)}
          </dd>
        </div>
        <div>
          <dt className="text-muted">Time</dt>
          <dd className="tabular-nums">{formatDuration(attempt?.durationMs)}</dd>
        </div>
      </dl>
      {error ? <p className="text-xs text-danger">{error.message}</p> : null}
      <div data-testid="test-output">
        <ValueView value={attempt?.status === "succeeded" ? attempt.output : text || null} empty={ended ? "No output." : "Waiting for the output…"} />
      </div>
      {node?.logs.length ? (
        <ul className="max-h-32 space-y-0.5 overflow-auto font-mono text-[11px]" aria-label="Logs">
          {node.logs.map((log) => (
            <li key={log.seq}>
              <span className="text-muted">{log.level}</span> {log.message}
            </li>
          ))}
        </ul>
      ) : null}
      {attempt?.status === "succeeded" ? (
        <button type="button" className={smallButton} onClick={() => void bench.pin(nodeId, attempt.output)} data-testid="pin-test-output">
          Pin this output
        </button>
      ) : null}
    </div>
  );
}

/** This node's pin: shown, edited as JSON, removed; or made from the last run's output. */
function PinEditor({ nodeId, bench }: { nodeId: string; bench: Workbench }) {
  const pinned = bench.pins.has(nodeId);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const start = () => {
    const value = pinned ? bench.pins.get(nodeId) : (bench.lastRun.get(nodeId)?.output ?? null);
    setText(JSON.stringify(value, null, 2));
    setError(null);
    setOpen(true);
  };
  const save = async () => {
    const parsed = parseJson(text);
    if (!parsed.ok) return setError(`Not JSON: ${parsed.error}`);
    try {
      await bench.pin(nodeId, parsed.value);
      setOpen(false);
    } catch (e) {
      setError(describeError(e).message);
    }
  };
  return (
    <div className="border-t border-border pt-3 text-xs" data-testid="pin-editor">
      <div className="flex items-center justify-between gap-2">
        <span className={pinned ? "font-medium text-foreground" : "text-muted"} data-testid="pin-state">
          {pinned ? `Pinned: ${preview(bench.pins.get(nodeId), 40)}` : "No pinned output"}
        </span>
        <span className="flex gap-1.5">
          <button type="button" className={smallButton} onClick={start} data-testid="edit-pin">
            {pinned ? "Edit pin" : "Pin data…"}
          </button>
          {pinned ? (
            <button type="button" className={smallButton} onClick={() => void bench.unpin(nodeId)} data-testid="unpin">
              Unpin
            </button>
          ) : null}
        </span>
      </div>
      <p className="mt-1 text-muted">Test runs of the nodes after it use a pinned output instead of running it; normal runs never do.</p>
      {open ? (
        <div className="mt-2 space-y-2">
          <textarea
            aria-label="Pinned output (JSON)"
            className={`${monoInputClass} min-h-24`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            data-testid="pin-json"
          />
          {error ? <p className="text-danger">{error}</p> : null}
          <div className="flex gap-1.5">
            <button type="button" className={smallButton} onClick={() => void save()} data-testid="save-pin">
              Save pin
            </button>
            <button type="button" className={smallButton} onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
