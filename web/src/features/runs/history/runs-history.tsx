"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";

import { EmptyState } from "@/components/page-header";
import { useTRPC } from "@/lib/trpc/client";
import type { RunListItem, RunStatus } from "../state/types";

import { formatCost, formatDateTime, formatDuration, formatRelative, formatTokens } from "../format";
import { RUN_STATUSES, STATUS_LOOK, StatusBadge } from "../status";
import { useNow } from "../use-now";

const PAGE_SIZE = 25;
const TRIGGERS = { manual: "In the app", api: "API key", webhook: "Webhook", schedule: "Schedule" } as const;
type TriggerFilter = keyof typeof TRIGGERS;
const isTrigger = (value: string | null): value is TriggerFilter => value !== null && value in TRIGGERS;
const isStatus = (value: string | null): value is RunStatus => RUN_STATUSES.includes(value as RunStatus);

function duration(run: RunListItem, now: number): number | null {
  if (!run.started_at) return null;
  const end = run.finished_at ? Date.parse(run.finished_at) : now;
  return Math.max(0, end - Date.parse(run.started_at));
}

/**
 * Runs, newest first, with filters in the URL (`?status=&workflow=`) and cursor
 * pagination ("Load more"). `workflowId` fixes the workflow (a workflow's runs tab).
 */
export function RunsHistory({ workflowId }: { workflowId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const statusParam = params.get("status");
  const status = isStatus(statusParam) ? statusParam : null;
  const workflowFilter = workflowId ?? params.get("workflow");
  const triggerParam = params.get("trigger");
  const trigger = isTrigger(triggerParam) ? triggerParam : null;

  const query = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { status, workflowId: workflowFilter, trigger, limit: PAGE_SIZE },
      {
        getNextPageParam: (page) => page.next_cursor ?? undefined,
        // Keep live runs fresh while any is on screen.
        refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((r) => !["succeeded", "failed", "cancelled"].includes(r.status))) ? 3000 : false),
      },
    ),
  );
  const runs = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const now = useNow(true, 1000);

  const workflows = useMemo(() => {
    const seen = new Map<string, string>();
    for (const r of runs) if (!seen.has(r.workflow_id)) seen.set(r.workflow_id, r.workflow_name ?? r.workflow_id.slice(0, 8));
    if (workflowFilter && !seen.has(workflowFilter)) seen.set(workflowFilter, "This workflow");
    return [...seen.entries()];
  }, [runs, workflowFilter]);

  const setFilter = (key: "status" | "workflow" | "trigger", value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  const filtered = Boolean(status || trigger || (!workflowId && workflowFilter));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter runs">
        <label className="text-xs font-medium text-muted">
          Status
          <select
            value={status ?? ""}
            onChange={(e) => setFilter("status", e.target.value)}
            className="mt-1 block rounded-lg border border-border bg-surface px-2.5 py-1.5 text-sm text-foreground shadow-sm"
          >
            <option value="">All statuses</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LOOK[s].label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-muted">
          Started by
          <select
            value={trigger ?? ""}
            onChange={(e) => setFilter("trigger", e.target.value)}
            className="mt-1 block rounded-lg border border-border bg-surface px-2.5 py-1.5 text-sm text-foreground shadow-sm"
          >
            <option value="">Anything</option>
            {Object.entries(TRIGGERS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {!workflowId ? (
          <label className="text-xs font-medium text-muted">
            Workflow
            <select
              value={workflowFilter ?? ""}
              onChange={(e) => setFilter("workflow", e.target.value)}
              className="mt-1 block max-w-64 rounded-lg border border-border bg-surface px-2.5 py-1.5 text-sm text-foreground shadow-sm"
            >
              <option value="">All workflows</option>
              {workflows.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {filtered ? (
          <button type="button" onClick={() => router.replace(pathname, { scroll: false })} className="mb-1 text-sm text-accent hover:underline">
            Clear filters
          </button>
        ) : null}
      </div>

      {query.isPending ? (
        <div className="space-y-2" aria-busy="true" aria-label="Loading runs">
          {Array.from({ length: 4 }, (_, i) => (
            <div key={i} className="h-12 animate-pulse rounded-lg bg-surface-muted" />
          ))}
        </div>
      ) : query.error ? (
        <div role="alert" className="rounded-xl border border-danger/40 bg-danger-surface p-4 text-sm text-danger">
          {query.error.message}
        </div>
      ) : runs.length === 0 ? (
        <EmptyState title={filtered ? "No runs match these filters" : "No runs yet"}>
          {filtered ? "Try another status, trigger or workflow." : "Runs appear here once you start a workflow."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
          <table className="w-full text-sm" data-testid="runs-table">
            <thead className="border-b border-border bg-surface-muted/60 text-left text-xs text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Workflow
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Started by
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Started
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Duration
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Tokens
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {runs.map((run) => (
                <tr key={run.id} className="group relative transition hover:bg-surface-muted/60" data-run-id={run.id}>
                  <td className="px-4 py-2.5 whitespace-nowrap">
                    <Link href={`/runs/${run.id}`} className="after:absolute after:inset-0 focus-visible:outline-none" aria-label={`Run of ${run.workflow_name ?? "workflow"}, ${STATUS_LOOK[run.status].label}, started ${formatRelative(run.started_at ?? run.created_at, now)}`}>
                      <StatusBadge status={run.status} />
                    </Link>
                    {run.status === "failed" && run.failed_node_id ? (
                      <span className="ml-2 text-xs text-danger" title="The node that failed">
                        at <code>{run.failed_node_id}</code>
                      </span>
                    ) : null}
                  </td>
                  <td className="max-w-72 px-4 py-2.5">
                    <span className="truncate font-medium">{run.workflow_name ?? "Untitled"}</span>
                    <span className="ml-1.5 rounded bg-surface-muted px-1 py-0.5 text-[11px] text-muted">v{run.workflow_version}</span>
                    {run.kind && run.kind !== "run" ? (
                      <span className="ml-1.5 rounded bg-accent/12 px-1 py-0.5 text-[11px] font-medium text-accent" data-testid="run-kind">
                        {run.kind}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-muted" data-testid="run-trigger">
                    {TRIGGERS[run.trigger_kind ?? "manual"]}
                    {run.trigger_name ? <span className="ml-1 text-foreground">{run.trigger_name}</span> : null}
                  </td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-muted" title={formatDateTime(run.started_at ?? run.created_at)}>
                    {formatRelative(run.started_at ?? run.created_at, now)}
                  </td>
                  <td className="px-4 py-2.5 text-right whitespace-nowrap tabular-nums">{formatDuration(duration(run, now))}</td>
                  <td className="px-4 py-2.5 text-right whitespace-nowrap tabular-nums">{formatTokens((run.tokens_in ?? 0) + (run.tokens_out ?? 0))}</td>
                  <td className="px-4 py-2.5 text-right whitespace-nowrap tabular-nums">{formatCost(run.cost_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {query.hasNextPage ? (
        <div className="flex justify-center">
          <button
            type="button"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
            className="rounded-lg border border-border bg-surface px-4 py-1.5 text-sm font-medium shadow-sm hover:bg-surface-muted disabled:opacity-60"
          >
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      ) : null}
    </div>
  );
}
