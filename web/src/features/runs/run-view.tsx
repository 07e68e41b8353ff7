"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import { containerUI, iterationName } from "@/features/editor/node-types/registry";
import { useTRPC } from "@/lib/trpc/client";

import { isContainerNode, parentsOf, shownRun } from "./graph/build";
import { RunGraph } from "./graph/run-graph";
import { ForkForm } from "./fork/fork-form";
import { ItemList } from "./inspector/item-list";
import { type InspectorNode, StepInspector } from "./inspector/step-inspector";
import { RunHeader } from "./run-header";
import { StartRunDialog } from "./start-run-dialog";
import { containersAround, itemCount, pickedFromScope, runPathOf, scopeOf, waitingItems, type PickedItems } from "./state/items";
import { pget } from "./state/pmap";
import { currentAttempt, failedNodeId, streamedText, TERMINAL_RUN } from "./state/selectors";
import type { RunStore } from "./state/store";
import { useChildRuns } from "./use-child-runs";
import { useLiveRun } from "./use-run";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : error ? String(error) : null);

/** The page below the app's header, like the editor: the graph takes the room the run bar leaves. */
const FRAME = "fixed inset-x-0 top-14 bottom-0 z-20 flex flex-col bg-background";

/**
 * What the page's model applied, as data attributes on the view (read by the live-view
 * benchmark and the browser tests; nothing else depends on them).
 */
function modelAttributes(store: RunStore, lastSeq: number) {
  const stats = store.stats();
  return {
    "data-last-seq": lastSeq,
    "data-snapshot-seq": stats.snapshotSeq ?? undefined,
    "data-received": stats.received,
    "data-batches": stats.batches,
    "data-largest-batch": stats.largestBatch,
    "data-applied-running": stats.applied.running ?? 0,
    "data-applied-succeeded": stats.applied.succeeded ?? 0,
  };
}

/** "round" for a loop, "item" for a map. */
const nounOf = (type: string) => containerUI(type)?.noun ?? "item";

/**
 * The run visualizer: the run's bar with its actions, the live graph, and the step inspector.
 * Containers show their items' progress; picking an item (in a container's inspector) shows
 * its body steps on the graph. `initialNode` / `initialScope` open a step (a child run's link
 * back to the step that started it).
 */
export function RunView({ runId, initialNode = null, initialScope = null }: { runId: string; initialNode?: string | null; initialScope?: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { state, spec, store, error, loading, connection, seed, inputs } = useLiveRun(runId);
  /** undefined until the user picks (or closes) a node: until then a waiting step opens itself. */
  const me = useQuery(trpc.system.me.queryOptions(undefined, { staleTime: Infinity }));
  const [picked, setSelected] = useState<string | null | undefined>(initialNode ?? undefined);
  /** The item each container's body shows. */
  const [items, setItems] = useState<PickedItems>(() => pickedFromScope(initialScope));

  const specNodes = useMemo<InspectorNode[]>(() => spec?.nodes ?? [], [spec]);
  const specEdges = useMemo(() => spec?.edges ?? [], [spec]);
  const parents = useMemo(() => parentsOf(specNodes), [specNodes]);
  const nodeLabel = (id: string) => specNodes.find((n) => n.id === id)?.label || id;
  const typeOf = (id: string) => specNodes.find((n) => n.id === id)?.type ?? "";

  // Each answer is a snapshot of the run: it only fills in what the events have not shown yet
  // (a retry's answer is newer: it re-opens the stream).
  const afterChange = { onSuccess: seed, onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() }) };
  const cancel = useMutation(trpc.runs.cancel.mutationOptions(afterChange));
  const retry = useMutation(trpc.runs.retry.mutationOptions(afterChange));
  const decide = useMutation(trpc.runs.decide.mutationOptions(afterChange));
  // "Run again": the start dialog, filled with this run's inputs (editable), for the workflow's current version.
  const [againOpen, setAgainOpen] = useState(false);
  const launch = useQuery(trpc.runs.launchInfo.queryOptions({ workflowId: state?.run.workflowId ?? "" }, { enabled: againOpen && Boolean(state) }));
  const childRuns = useChildRuns(runId, state);

  const firstWaiting = state?.run.status === "waiting" ? state.run.waitingNodes[0] : undefined;
  const selected = picked === undefined ? (firstWaiting ?? null) : picked;
  /** Opens a step; one inside a map or loop opens where it waits (an approval in item 3). */
  const review = (nodeId: string) => {
    setSelected(nodeId);
    if (state && parents.has(nodeId)) {
      const where = waitingItems(state, nodeId);
      if (where) setItems((current) => ({ ...where, ...current })); // an item the user picked stays
    }
  };

  if (error) {
    return (
      <div role="alert" className="rounded-xl border border-danger/40 bg-danger-surface p-6">
        <h1 className="font-semibold text-danger">This run could not be loaded</h1>
        <p className="mt-1 text-sm">{error.message}</p>
        <Link href="/runs" className="mt-3 inline-block text-sm text-accent hover:underline">
          Back to runs
        </Link>
      </div>
    );
  }
  if (loading || !state) {
    return (
      <div className={`${FRAME} gap-3 p-4`} aria-busy="true" aria-label="Loading the run">
        <div className="h-20 animate-pulse rounded-xl bg-surface-muted" />
        <div className="flex-1 animate-pulse rounded-xl bg-surface-muted" />
      </div>
    );
  }

  const terminal = TERMINAL_RUN.has(state.run.status);
  const failing = failedNodeId(state);
  const selectedNode = specNodes.find((n) => n.id === selected) ?? null;
  // A body node's step is its picked iteration's; a retry of it re-runs that item of its outermost container.
  const around = selectedNode ? containersAround(selectedNode.id, parents) : [];
  const scope = selectedNode ? scopeOf(selectedNode.id, parents, items) : null;
  const selectedRun = selectedNode ? shownRun({ runNodes: state.nodes, scopes: state.scopes }, scope, selectedNode.id) : undefined;
  const outer = around[0];
  const retryFrom = outer ?? selected ?? failing;
  const retryItem = (container: string, index: number) => retry.mutate({ runId, fromNode: container, items: [index] });

  let itemList: React.ReactNode = null;
  if (selectedNode && isContainerNode(selectedNode) && scope !== undefined) {
    const path = runPathOf(selectedNode.id, parents, items)!;
    const progress = pget(state.progress, path) ?? null;
    const topLevel = scope === null;
    itemList = (
      <ItemList
        key={path}
        state={state}
        path={path}
        container={selectedNode.id}
        progress={progress}
        count={itemCount(progress ?? undefined, currentAttempt(selectedRun), selectedRun)}
        picked={items[selectedNode.id] ?? null}
        onPick={(index) => setItems((current) => ({ ...current, [selectedNode.id]: index }))}
        noun={nounOf(selectedNode.type)}
        name={(index) => iterationName(selectedNode.type, index)}
        retry={
          terminal && topLevel
            ? { item: (index) => retryItem(selectedNode.id, index), failed: () => retry.mutate({ runId, fromNode: selectedNode.id, items: "failed" }), pending: retry.isPending }
            : null
        }
      />
    );
  }

  const where =
    scope && selectedNode
      ? around.map((c) => `${iterationName(typeOf(c), items[c]!)} of ${nodeLabel(c)}`).join(" · ")
      : selectedNode && scope === undefined
        ? `pick an item of ${nodeLabel(around.find((c) => items[c] === undefined) ?? around[0]!)} to see this step`
        : null;

  return (
    <div className={FRAME} data-testid="run-view" {...modelAttributes(store, state.lastSeq)}>
      <RunHeader
        state={state}
        connection={connection}
        nodeLabel={nodeLabel}
        retryFrom={terminal ? retryFrom : null}
        cancelling={!terminal && (state.run.cancelRequested || cancel.isSuccess)}
        onCancel={() => cancel.mutate({ id: runId })}
        onRetry={() => retryFrom && retry.mutate({ runId, fromNode: retryFrom })}
        onRunAgain={() => setAgainOpen(true)}
        onReview={review}
        childRunOf={(id) => currentAttempt(state.nodes[id])?.childRunId ?? null}
        busy={{ cancel: cancel.isPending, retry: retry.isPending, again: againOpen && launch.isPending }}
        error={messageOf(cancel.error ?? retry.error ?? launch.error)}
      />
      <div className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1" data-testid="run-graph">
          <RunGraph
            nodes={specNodes}
            edges={specEdges}
            runNodes={state.nodes}
            scopes={state.scopes}
            progress={state.progress}
            picked={items}
            childRuns={childRuns}
            live={!terminal}
            selectedNodeId={selected}
            onSelect={(id) => (id ? review(id) : setSelected(null))}
          />
          {!selectedNode ? (
            <p className="pointer-events-none absolute top-3 left-3 rounded-md bg-surface/90 px-2 py-1 text-xs text-muted shadow-sm">Select a node to inspect it</p>
          ) : null}
        </div>
        {selectedNode ? (
          <div className="w-[400px] shrink-0 border-l border-border bg-surface">
            <StepInspector
              key={`${selectedNode.id}@${scope ?? ""}`}
              node={selectedNode}
              run={selectedRun}
              where={where}
              streamed={streamedText(state, selectedNode.id, currentAttempt(selectedRun), scope)}
              runFinished={terminal}
              viewerId={me.data?.id ?? null}
              childStatus={(() => {
                const child = currentAttempt(selectedRun)?.childRunId;
                return child ? (childRuns.get(child) ?? null) : null;
              })()}
              decision={{
                pending: decide.isPending,
                error: messageOf(decide.error),
                onDecide: (d) => {
                  setSelected(selectedNode.id); // keep the step open to see what the decision did
                  decide.mutate({ runId, nodeId: selectedNode.id, ...d, ...(scope ? { scope } : {}) });
                },
              }}
              onRetryFrom={
                !terminal ? null : outer ? (items[outer] !== undefined ? () => retryItem(outer, items[outer]!) : null) : () => retry.mutate({ runId, fromNode: selectedNode.id })
              }
              retryLabel={outer && items[outer] !== undefined ? `Retry ${iterationName(typeOf(outer), items[outer]!)}` : undefined}
              retryPending={retry.isPending}
              inputs={inputs}
              onClose={() => setSelected(null)}
            >
              {itemList}
              {terminal && !outer ? (
                <ForkForm
                  key={selectedNode.id}
                  runId={runId}
                  nodeId={selectedNode.id}
                  attempt={currentAttempt(selectedRun)}
                  runInputs={state.run.inputs}
                  workflowId={state.run.workflowId}
                  version={state.run.version}
                />
              ) : null}
            </StepInspector>
          </div>
        ) : null}
      </div>
      {launch.data ? (
        <StartRunDialog
          workflowId={launch.data.id}
          workflowName={launch.data.name}
          inputs={launch.data.inputs}
          initial={state.run.inputs}
          open={againOpen}
          onClose={() => setAgainOpen(false)}
        />
      ) : null}
    </div>
  );
}
