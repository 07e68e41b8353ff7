"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { Button, Spinner } from "@/components/ui/button";
import { currentAttempt, TERMINAL_RUN, waitingNodeIds } from "@/features/runs/state/selectors";
import type { RunState } from "@/features/runs/state/types";
import { useLiveRun } from "@/features/runs/use-run";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { latestText } from "./reply-text";

/**
 * A reply being written: its run, live (the run page's snapshot + SSE subscription and its
 * coalesced `step.delta` tokens, `useLiveRun`), shown as the text streamed so far; an approval
 * the run waits on shows inline with Approve / Reject (`runs.decide`). When the run ends,
 * `onEnded` has the chat read its messages again (the reply is derived from the run).
 */
export function LiveReply({ runId, onEnded }: { runId: string; onEnded(): void }) {
  const live = useLiveRun(runId);
  const state = live.state;
  const ended = state ? TERMINAL_RUN.has(state.run.status) : false;
  useEffect(() => {
    if (ended) onEnded();
  }, [ended, onEnded]);

  // The streams of finished attempts are dropped: the text shown so far stays until the reply lands.
  const [shown, setShown] = useState("");
  const text = state ? latestText(state) : "";
  if (text && text !== shown) setShown(text);
  const waiting = state ? waitingNodeIds(state) : [];

  return (
    <div className="space-y-2" data-testid="live-reply" data-run-status={state?.run.status ?? "loading"}>
      {shown ? (
        <p className="whitespace-pre-wrap" data-testid="reply-streaming">
          {shown}
          {!ended ? <span aria-hidden="true" className="ml-0.5 inline-block h-3.5 w-1.5 animate-pulse bg-current align-middle" /> : null}
        </p>
      ) : (
        <p className="flex items-center gap-2 text-muted" data-testid="reply-thinking">
          <Spinner /> {state?.run.status === "waiting" ? "Waiting for a decision…" : "Thinking…"}
        </p>
      )}
      {state
        ? waiting.map((nodeId) => <InlineApproval key={nodeId} runId={runId} nodeId={nodeId} state={state} onDecided={live.seed} />)
        : null}
      {live.error ? <p className="text-danger text-xs">{describeError(live.error).message}</p> : null}
    </div>
  );
}

function InlineApproval({ runId, nodeId, state, onDecided }: { runId: string; nodeId: string; state: RunState; onDecided(run: Parameters<ReturnType<typeof useLiveRun>["seed"]>[0]): void }) {
  const trpc = useTRPC();
  const decide = useMutation(trpc.runs.decide.mutationOptions({ onSuccess: (run) => onDecided(run) }));
  const output = currentAttempt(state.nodes[nodeId])?.output as { message?: unknown } | null | undefined;
  const message = typeof output?.message === "string" && output.message ? output.message : "This step waits for your decision.";
  return (
    <div className="rounded-lg border border-warning/40 bg-warning/5 p-2.5 text-[13px]" data-testid="chat-approval" data-node-id={nodeId}>
      <p className="mb-2">{message}</p>
      <div className="flex gap-2">
        <Button size="sm" variant="primary" pending={decide.isPending && decide.variables?.approved === true} disabled={decide.isPending} onClick={() => decide.mutate({ runId, nodeId, approved: true })}>
          Approve
        </Button>
        <Button size="sm" variant="secondary" pending={decide.isPending && decide.variables?.approved === false} disabled={decide.isPending} onClick={() => decide.mutate({ runId, nodeId, approved: false })}>
          Reject
        </Button>
      </div>
      {decide.error ? <p className="mt-1.5 text-danger text-xs">{describeError(decide.error).message}</p> : null}
    </div>
  );
}
