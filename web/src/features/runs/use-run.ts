"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";

import { useTRPC, useTRPCClient } from "@/lib/trpc/client";

import type { RunShape } from "./state/machine";
import { TERMINAL_RUN } from "./state/selectors";
import { createRunStore } from "./state/store";
import type { RunEvent, RunRead } from "./state/types";

const ONCE = { staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false } as const;

/**
 * A run, live. One snapshot (`runs.get`: steps, logs and `last_event_seq`, read together)
 * seeds the model; `runs.events` then streams every event after that seq into the store,
 * which applies them once per animation frame. Nothing is re-read because the stream went
 * quiet. `seed(run)` takes a snapshot a mutation answered with (a retry re-opens the stream
 * from it); `loadInputs()` reads the snapshot again for step inputs too large for their event.
 */
export function useLiveRun(runId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const runQuery = useQuery(trpc.runs.get.queryOptions({ id: runId }, ONCE));
  const specQuery = useQuery(trpc.runs.spec.queryOptions({ id: runId }, ONCE));
  const spec = specQuery.data;
  // The model's shape: the top-level nodes, and each container's body (what makes an item done).
  const nodeIds = useMemo<RunShape>(() => shapeOf(spec?.nodes ?? []), [spec]);

  const [store] = useState(createRunStore);
  // Unmounting stops the pending frame; mounting (again, in React's dev double run) applies what is queued.
  useEffect(() => {
    store.flush();
    return () => store.dispose();
  }, [store]);
  const state = useSyncExternalStore(store.subscribe, store.getState, () => null);
  const terminal = state ? TERMINAL_RUN.has(state.run.status) : false;

  /** Where the current stream starts; a new value re-subscribes (a retry of an ended run). */
  const [streamFrom, setStreamFrom] = useState<number | null>(null);

  const seed = useCallback(
    (run: RunRead) => {
      const wasOver = (() => {
        const current = store.getState();
        return !current || TERMINAL_RUN.has(current.run.status);
      })();
      store.seed(run, nodeIds);
      const now = store.getState();
      // A stream is open while the run is not over; a run going again after it ended needs a new one.
      if (now && !TERMINAL_RUN.has(now.run.status) && (streamFrom === null || wasOver)) setStreamFrom(now.lastSeq);
    },
    [store, nodeIds, streamFrom],
  );

  // The one snapshot the page starts from (the graph's node ids come with the spec).
  const snapshot = runQuery.data;
  const seeded = useRef<RunRead | null>(null);
  useEffect(() => {
    if (!snapshot || !spec || seeded.current === snapshot) return;
    seeded.current = snapshot;
    seed(snapshot);
  }, [snapshot, spec, seed]);

  // The stream, straight from the client into the store: no React state per event (events
  // arrive by the hundred per second; React hears of them once per frame, from the store).
  const streaming = streamFrom !== null && !terminal;
  const [link, setLink] = useState<{ from: number | null; state: "connecting" | "pending" | "idle" | "error" }>({ from: null, state: "idle" });
  useEffect(() => {
    if (!streaming || streamFrom === null) return;
    const set = (state: (typeof link)["state"]) => setLink({ from: streamFrom, state });
    const subscription = client.runs.events.subscribe(
      { runId, lastEventId: String(streamFrom) },
      {
        onStarted: () => set("pending"),
        onConnectionStateChange: (s) => set(s.state),
        onData: (message) => {
          if ("type" in message) store.push(message as RunEvent, null);
          else store.push(message.data as RunEvent, Number(message.id));
        },
        onError: () => set("error"),
        onComplete: () => set("idle"),
      },
    );
    return () => subscription.unsubscribe();
  }, [client, runId, store, streamFrom, streaming]);
  const connection = !streaming ? ("closed" as const) : link.from === streamFrom ? link.state : ("connecting" as const);

  const [inputs, setInputs] = useState<{ loading: boolean; error: string | null }>({ loading: false, error: null });
  /** Reads the snapshot again for the inputs that events carried only as a size marker. */
  const loadInputs = useCallback(() => {
    setInputs({ loading: true, error: null });
    client.runs.get
      .query({ id: runId })
      .then((run) => {
        store.seed(run, nodeIds);
        setInputs({ loading: false, error: null });
      })
      .catch((error: unknown) => setInputs({ loading: false, error: error instanceof Error ? error.message : String(error) }));
  }, [client, runId, store, nodeIds]);

  return {
    state,
    spec,
    store,
    error: runQuery.error ?? specQuery.error,
    loading: runQuery.isPending || specQuery.isPending,
    connection,
    seed,
    inputs: { ...inputs, load: loadInputs },
  };
}

/** The pinned graph as the model needs it: top-level node ids and each container's body node ids. */
export function shapeOf(nodes: readonly { id: string; parent?: string | null }[]): RunShape {
  const bodies: Record<string, string[]> = {};
  const nodeIds: string[] = [];
  for (const n of nodes) {
    if (n.parent) (bodies[n.parent] ??= []).push(n.id);
    else nodeIds.push(n.id);
  }
  return { nodeIds, bodies };
}
