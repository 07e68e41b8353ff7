"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { currentAttempt } from "./state/selectors";
import type { RunState, RunStatus } from "./state/types";

/** How often a running child's status is read while its parent's step waits for it. */
export const CHILD_POLL_MS = 2000;

/**
 * The statuses of a run's child runs (its sub-workflow steps'), by run id, live while one runs.
 *
 * Polled, not streamed: one `runs.list?parent_run_id=` request every 2 s answers for every
 * child at once, and only while a sub-workflow step of this run is active. Subscribing to each
 * child's event stream would replay its whole event log and hold an engine connection per
 * child just to show one status that changes a few times (queued, running, waiting, done);
 * the parent's own stream already says when the child ended (its step succeeds or fails).
 * A last read follows the end, so the status shown is the final one.
 */
export function useChildRuns(runId: string, state: RunState | null): ReadonlyMap<string, RunStatus> {
  const trpc = useTRPC();
  const active = useMemo(() => {
    if (!state) return false;
    for (const node of Object.values(state.nodes)) {
      const a = currentAttempt(node);
      if (a?.childRunId && (a.status === "waiting" || a.status === "running" || a.status === "queued")) return true;
    }
    return false;
  }, [state]);
  const hasChildren = useMemo(() => !!state && Object.values(state.nodes).some((n) => n.attempts.some((a) => a.childRunId)), [state]);
  const query = useQuery(
    trpc.runs.list.queryOptions(
      { parentRunId: runId, limit: 100 },
      { enabled: hasChildren, refetchInterval: active ? CHILD_POLL_MS : false, refetchOnWindowFocus: false, staleTime: active ? 0 : Infinity },
    ),
  );
  // One more read when the last child ended: its final status.
  const wasActive = useRef(active);
  const { refetch } = query;
  useEffect(() => {
    if (wasActive.current && !active) void refetch();
    wasActive.current = active;
  }, [active, refetch]);
  return useMemo(() => new Map((query.data?.items ?? []).map((r) => [r.id, r.status])), [query.data]);
}
