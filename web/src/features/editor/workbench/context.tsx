"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { pinsAfterRenames } from "../lib/rename";
import { useEditor } from "../store/context";
import { lastRunByNode, type LastStep } from "./lib";

/**
 * What the editor's workbench shares with the inspector and the canvas: saving the draft
 * before a test run (a test runs the saved version), the outputs pinned on nodes, and what
 * the workflow's latest run left on each node (the canvas overlay, the `{{` suggestions).
 */
export type Workbench = {
  workflowId: string;
  /** Saves the draft if it has changes; false when it could not be saved. */
  save(): Promise<boolean>;
  /** By the draft's node ids: a renamed node's pin shows under its new id before the save moves it. */
  pins: ReadonlyMap<string, unknown>;
  /** Pins an output (saves the draft first while it holds renames the pins have not followed). */
  pin(nodeId: string, output: unknown): Promise<void>;
  unpin(nodeId: string): Promise<void>;
  /** The latest normal run's steps, by node (empty before the first run). */
  lastRun: ReadonlyMap<string, LastStep>;
  lastRunId: string | null;
  /** The latest normal run's inputs. */
  lastInputs: Readonly<Record<string, unknown>>;
  /** Whether the canvas shows the last run on each node. */
  overlay: boolean;
  setOverlay(on: boolean): void;
  /** Reads the latest run again (after a run or a test ended). */
  refresh(): void;
};

const WorkbenchContext = createContext<Workbench | null>(null);

/**
 * What a canvas node shows of the workbench (pins, the last-run overlay), apart from the rest:
 * the whole workbench changes with the editor's save callback, and every node on the canvas
 * would re-render with it.
 */
export type WorkbenchOverlay = Pick<Workbench, "pins" | "lastRun" | "overlay">;
const WorkbenchOverlayContext = createContext<WorkbenchOverlay | null>(null);
const NOTHING = new Map<string, never>();
const QUIET = { refetchOnWindowFocus: false, staleTime: 30_000 } as const;

export function WorkbenchProvider({ workflowId, save, children }: { workflowId: string; save(): Promise<boolean>; children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A new workflow not saved yet (workflowId ""): no pins, no runs, nothing to ask for.
  const saved = workflowId !== "";
  const pinsQuery = useQuery(trpc.workbench.pins.queryOptions({ workflowId }, { ...QUIET, enabled: saved }));
  const latest = useQuery(trpc.runs.list.queryOptions({ workflowId, kind: "run", limit: 1 }, { ...QUIET, enabled: saved }));
  const lastRunId = latest.data?.items[0]?.id ?? null;
  const lastRunQuery = useQuery({
    ...trpc.runs.get.queryOptions({ id: lastRunId ?? "00000000-0000-0000-0000-000000000000" }, QUIET),
    enabled: !!lastRunId,
  });
  const [overlay, setOverlay] = useState(false);
  const pinMutation = useMutation(trpc.workbench.pin.mutationOptions());
  const unpinMutation = useMutation(trpc.workbench.unpin.mutationOptions());

  const lastInputs = useMemo(() => (lastRunId && lastRunQuery.data ? lastRunQuery.data.inputs : {}), [lastRunId, lastRunQuery.data]);
  const renames = useEditor((s) => s.renames);
  const setPinnedIds = useEditor((s) => s.actions.setPinnedIds);
  // New nodes keep clear of the ids pins are kept under (a deleted node's pin stays there).
  useEffect(() => setPinnedIds(new Set((pinsQuery.data ?? []).map((p) => p.node_id))), [pinsQuery.data, setPinnedIds]);
  const pins = useMemo(() => pinsAfterRenames(new Map((pinsQuery.data ?? []).map((p) => [p.node_id, p.output] as const)), renames), [pinsQuery.data, renames]);
  // A pin is kept under the saved id: with renames pending, the save moves the pins first.
  const pending = Object.keys(renames).length > 0;
  const lastRun = useMemo(() => (lastRunId && lastRunQuery.data ? lastRunByNode(lastRunQuery.data.steps) : NOTHING), [lastRunId, lastRunQuery.data]);

  const reloadPins = useCallback(
    () =>
      queryClient.invalidateQueries({
        queryKey: trpc.workbench.pins.queryKey({ workflowId }),
      }),
    [queryClient, trpc, workflowId],
  );
  const pin = useCallback(
    async (nodeId: string, output: unknown) => {
      if (pending && !(await save())) return;
      await pinMutation.mutateAsync({ workflowId, nodeId, output });
      await reloadPins();
    },
    [pinMutation, workflowId, reloadPins, pending, save],
  );
  const unpin = useCallback(
    async (nodeId: string) => {
      if (pending && !(await save())) return;
      await unpinMutation.mutateAsync({ workflowId, nodeId });
      await reloadPins();
    },
    [unpinMutation, workflowId, reloadPins, pending, save],
  );
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({
      queryKey: trpc.runs.list.queryKey({ workflowId, kind: "run", limit: 1 }),
    });
    void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey() });
  }, [queryClient, trpc, workflowId]);

  const value = useMemo<Workbench>(
    () => ({ workflowId, save, pins, pin, unpin, lastRun, lastRunId, lastInputs, overlay, setOverlay, refresh }),
    [workflowId, save, pins, pin, unpin, lastRun, lastRunId, lastInputs, overlay, refresh],
  );
  const shown = useMemo<WorkbenchOverlay>(() => ({ pins, lastRun, overlay }), [pins, lastRun, overlay]);
  return (
    <WorkbenchContext.Provider value={value}>
      <WorkbenchOverlayContext.Provider value={shown}>{children}</WorkbenchOverlayContext.Provider>
    </WorkbenchContext.Provider>
  );
}

/** The editor's workbench; null outside one (a read-only canvas). */
export function useWorkbench(): Workbench | null {
  return useContext(WorkbenchContext);
}

/** What canvas nodes show of the workbench; null outside one. */
export function useWorkbenchOverlay(): WorkbenchOverlay | null {
  return useContext(WorkbenchOverlayContext);
}
