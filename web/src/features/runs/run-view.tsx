"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { RunGraph } from "./graph/run-graph";
import { type InspectorNode, StepInspector } from "./inspector/step-inspector";
import { RunHeader } from "./run-header";
import { StartRunDialog } from "./start-run-dialog";
import { failedNodeId, TERMINAL_RUN } from "./state/selectors";
import { useLiveRun } from "./use-run";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : error ? String(error) : null);

/** The run visualizer: header with actions, the live graph, and the step inspector. */
export function RunView({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { state, spec, error, loading, connection, seed } = useLiveRun(runId);
  /** undefined until the user picks (or closes) a node: until then a waiting step opens itself. */
  const me = useQuery(trpc.system.me.queryOptions(undefined, { staleTime: Infinity }));
  const [picked, setSelected] = useState<string | null | undefined>(undefined);

  const specNodes = useMemo<InspectorNode[]>(() => spec?.nodes ?? [], [spec]);
  const specEdges = useMemo(() => spec?.edges ?? [], [spec]);
  const nodeLabel = (id: string) => specNodes.find((n) => n.id === id)?.label || id;

  const afterChange = { onSuccess: seed, onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() }) };
  const cancel = useMutation(trpc.runs.cancel.mutationOptions(afterChange));
  const retry = useMutation(trpc.runs.retry.mutationOptions(afterChange));
  const decide = useMutation(trpc.runs.decide.mutationOptions(afterChange));
  // "Run again": the start dialog, filled with this run's inputs (editable), for the workflow's current version.
  const [againOpen, setAgainOpen] = useState(false);
  const launch = useQuery(trpc.runs.launchInfo.queryOptions({ workflowId: state?.run.workflowId ?? "" }, { enabled: againOpen && Boolean(state) }));

  const firstWaiting = state?.run.status === "waiting" ? state.run.waitingNodes[0] : undefined;
  const selected = picked === undefined ? (firstWaiting ?? null) : picked;

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
      <div className="space-y-4" aria-busy="true" aria-label="Loading the run">
        <div className="h-40 animate-pulse rounded-xl bg-surface-muted" />
        <div className="h-[480px] animate-pulse rounded-xl bg-surface-muted" />
      </div>
    );
  }

  const terminal = TERMINAL_RUN.has(state.run.status);
  const failing = failedNodeId(state);
  const retryFrom = selected ?? failing;
  const selectedNode = specNodes.find((n) => n.id === selected) ?? null;

  return (
    <div className="space-y-4">
      <RunHeader
        state={state}
        connection={connection}
        nodeLabel={nodeLabel}
        retryFrom={terminal ? retryFrom : null}
        onCancel={() => cancel.mutate({ id: runId })}
        onRetry={() => retryFrom && retry.mutate({ runId, fromNode: retryFrom })}
        onRunAgain={() => setAgainOpen(true)}
        onReview={setSelected}
        busy={{ cancel: cancel.isPending, retry: retry.isPending, again: againOpen && launch.isPending }}
        error={messageOf(cancel.error ?? retry.error ?? launch.error)}
      />
      <div className="flex h-[calc(100dvh-16rem)] min-h-[520px] overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
        <div className="relative min-w-0 flex-1" data-testid="run-graph">
          <RunGraph nodes={specNodes} edges={specEdges} state={state} selectedNodeId={selected} onSelect={setSelected} />
          {!selectedNode ? (
            <p className="pointer-events-none absolute top-3 left-3 rounded-md bg-surface/90 px-2 py-1 text-xs text-muted shadow-sm">Select a node to inspect it</p>
          ) : null}
        </div>
        {selectedNode ? (
          <div className="w-[380px] shrink-0 border-l border-border">
            <StepInspector
              key={selectedNode.id}
              node={selectedNode}
              run={state.nodes[selectedNode.id]}
              runFinished={terminal}
              viewerId={me.data?.id ?? null}
              decision={{
                pending: decide.isPending,
                error: messageOf(decide.error),
                onDecide: (d) => {
                  setSelected(selectedNode.id); // keep the step open to see what the decision did
                  decide.mutate({ runId, nodeId: selectedNode.id, ...d });
                },
              }}
              onRetryFrom={terminal ? () => retry.mutate({ runId, fromNode: selectedNode.id }) : null}
              retryPending={retry.isPending}
              onClose={() => setSelected(null)}
            />
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
