"use client";

import { useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useMemo, useReducer, useState } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { runReducer } from "./state/machine";
import { TERMINAL_RUN } from "./state/selectors";
import type { RunEvent, RunRead } from "./state/types";
import type { SpecEdge, SpecNode } from "./graph/run-graph";

type Spec = { nodes?: (SpecNode & { config?: Record<string, unknown> })[]; edges?: SpecEdge[]; inputs?: Record<string, unknown> };

/**
 * A run, live: `runs.get` seeds the state, then `runs.events` drives it from the run's
 * `last_event_seq` (so nothing is applied twice). `seed(run)` takes a mutation's answer
 * and, when the run was over and is going again (a retry), re-opens the stream.
 */
export function useLiveRun(runId: string) {
  const trpc = useTRPC();
  const runQuery = useQuery(trpc.runs.get.queryOptions({ id: runId }, { staleTime: Infinity, refetchOnWindowFocus: false }));
  const specQuery = useQuery(trpc.runs.spec.queryOptions({ id: runId }, { staleTime: Infinity, refetchOnWindowFocus: false }));
  const spec = specQuery.data as Spec | undefined;
  const nodeIds = useMemo(() => (spec?.nodes ?? []).map((n) => n.id), [spec]);

  const [state, dispatch] = useReducer(runReducer, null);
  const terminal = state ? TERMINAL_RUN.has(state.run.status) : false;
  /** Where the current stream started; it streams while the run is not over. Changing it re-subscribes. */
  const [streamFrom, setStreamFrom] = useState<number | null>(null);

  const seed = useCallback(
    (run: RunRead) => {
      dispatch({ type: "seed", run, nodeIds });
      // A run going again after it ended (a retry) needs a new stream, from where its answer stands.
      if (!TERMINAL_RUN.has(run.status) && (streamFrom === null || terminal)) setStreamFrom(run.last_event_seq);
    },
    [nodeIds, streamFrom, terminal],
  );

  // Seed from each new runs.get answer (adjusting state while rendering, not in an effect).
  const [seededFrom, setSeededFrom] = useState<RunRead | null>(null);
  if (runQuery.data && spec && seededFrom !== runQuery.data) {
    setSeededFrom(runQuery.data);
    seed(runQuery.data);
  }

  const subscription = useSubscription(
    trpc.runs.events.subscriptionOptions(
      { runId, lastEventId: streamFrom === null ? null : String(streamFrom) },
      {
        enabled: streamFrom !== null && !terminal,
        onData: (message) => {
          if ("type" in message) dispatch({ type: "event", event: message as RunEvent, seq: null });
          else dispatch({ type: "event", event: message.data as RunEvent, seq: Number(message.id) });
        },
      },
    ),
  );

  // Events carry no step inputs or approval audit: once the stream goes quiet (and when
  // the run ends) re-read the run; the reducer merges it without moving anything back.
  const lastSeq = state?.lastSeq ?? 0;
  const { refetch } = runQuery;
  useEffect(() => {
    if (streamFrom === null || lastSeq <= streamFrom) return;
    const timer = setTimeout(() => void refetch(), 600);
    return () => clearTimeout(timer);
  }, [lastSeq, streamFrom, refetch]);

  return {
    state,
    spec,
    error: runQuery.error ?? specQuery.error,
    loading: runQuery.isPending || specQuery.isPending,
    connection: streamFrom === null || terminal ? ("closed" as const) : subscription.status,
    seed,
  };
}
