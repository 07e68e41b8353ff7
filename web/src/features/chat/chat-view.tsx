"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";

import { Button, Spinner } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { Icon } from "@/features/editor/components/icons";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { LiveReply } from "./live-reply";
import { UNANSWERED, type ChatMessage, type ChatTurn } from "./types";

const MAX_CHARS = 20_000;

/**
 * One chat session: its messages, oldest first, and the composer. Each message sent starts a
 * run of the workflow with the conversation so far (`chat.send`); the reply streams in from that
 * run (`LiveReply`), and once the run ends the messages are read again (the engine derives the
 * reply from the run). A failed reply shows its error and a retry (`runs.retry`: the same run,
 * from its failed step). `beforeSend` lets the editor save its draft first (a chat runs the saved
 * version).
 */
export function ChatView({ sessionId, beforeSend, onSent }: { sessionId: string; beforeSend?: () => Promise<boolean>; onSent?: (turn: ChatTurn) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const messagesKey = trpc.chat.messages.queryKey({ id: sessionId });
  const messages = useQuery(trpc.chat.messages.queryOptions({ id: sessionId }, { refetchOnWindowFocus: false }));
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: messagesKey }), [queryClient, messagesKey]);

  const send = useMutation(
    trpc.chat.send.mutationOptions({
      onSuccess: (turn) => {
        queryClient.setQueryData<ChatMessage[]>(messagesKey, (old) => [...(old ?? []), turn.user, turn.assistant]);
        void queryClient.invalidateQueries({ queryKey: trpc.chat.sessions.queryKey() });
        onSent?.(turn);
      },
    }),
  );
  const [draft, setDraft] = useState("");
  const list = messages.data ?? [];
  const busy = send.isPending || list.some((m) => m.role === "assistant" && UNANSWERED.has(m.status));

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const content = draft.trim();
    if (!content || busy) return;
    if (beforeSend && !(await beforeSend())) return;
    send.mutate({ id: sessionId, content: draft }, { onSuccess: () => setDraft("") });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  // Keep the newest message in sight.
  const bottom = useRef<HTMLDivElement>(null);
  const last = list.at(-1);
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [list.length, last?.status, last?.content]);

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="chat-view">
      <div className="thin-scroll min-h-0 flex-1 space-y-3 overflow-y-auto p-4" data-testid="chat-messages" aria-live="polite">
        {messages.error ? (
          <ErrorBanner title="The conversation could not be read" onRetry={() => void messages.refetch()} retrying={messages.isFetching}>
            {describeError(messages.error).message}
          </ErrorBanner>
        ) : null}
        {messages.isPending ? (
          <p className="flex items-center gap-2 text-sm text-muted">
            <Spinner /> Loading the conversation…
          </p>
        ) : list.length === 0 ? (
          <p className="py-8 text-center text-sm text-muted" data-testid="chat-empty">
            Say something: each message runs the workflow with the conversation so far.
          </p>
        ) : (
          list.map((message) => <Message key={message.id} message={message} onEnded={refresh} />)
        )}
        <div ref={bottom} />
      </div>
      <form onSubmit={(e) => void submit(e)} className="border-t border-border bg-surface p-3">
        {send.error ? <p className="mb-2 text-xs text-danger" role="alert">{describeError(send.error).message}</p> : null}
        <div className="flex items-end gap-2">
          <label className="sr-only" htmlFor={`chat-input-${sessionId}`}>
            Message
          </label>
          <textarea
            id={`chat-input-${sessionId}`}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            rows={2}
            maxLength={MAX_CHARS}
            placeholder={busy ? "Waiting for the reply…" : "Write a message (Enter sends, Shift+Enter for a new line)"}
            className="min-h-[2.75rem] flex-1 resize-none rounded-lg border border-border bg-background px-3 py-2 text-sm outline-none focus:border-accent"
            data-testid="chat-input"
          />
          <Button type="submit" variant="primary" pending={send.isPending} disabled={busy || !draft.trim()} data-testid="chat-send" aria-label="Send">
            <Icon name="send" className="size-4" />
            Send
          </Button>
        </div>
      </form>
    </div>
  );
}

function Message({ message, onEnded }: { message: ChatMessage; onEnded(): void }) {
  if (message.role === "user") {
    return (
      <div className="flex justify-end" data-testid="chat-message" data-role="user" data-status={message.status}>
        <p className="max-w-[85%] whitespace-pre-wrap rounded-2xl rounded-br-sm bg-accent px-3.5 py-2 text-sm text-accent-foreground">{message.content}</p>
      </div>
    );
  }
  return (
    <div className="flex justify-start" data-testid="chat-message" data-role="assistant" data-status={message.status} data-run-id={message.run_id ?? undefined}>
      <div className="max-w-[85%] rounded-2xl rounded-bl-sm border border-border bg-surface px-3.5 py-2 text-sm">
        {UNANSWERED.has(message.status) && message.run_id ? (
          <LiveReply runId={message.run_id} onEnded={onEnded} />
        ) : message.status === "succeeded" ? (
          <p className="whitespace-pre-wrap" data-testid="reply-text">{message.content}</p>
        ) : (
          <FailedReply message={message} onRetried={onEnded} />
        )}
        {message.run_id ? (
          <Link href={`/runs/${message.run_id}`} className="mt-1 inline-flex items-center gap-1 text-[11px] text-muted hover:text-foreground" title="Open the run that wrote this reply">
            <Icon name="external-link" className="size-3" /> Run
          </Link>
        ) : null}
      </div>
    </div>
  );
}

function FailedReply({ message, onRetried }: { message: ChatMessage; onRetried(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(
    trpc.runs.retry.mutationOptions({
      onSuccess: (run) => {
        // The run goes again: its live view starts from a fresh snapshot, not the ended one cached.
        queryClient.removeQueries({ queryKey: trpc.runs.get.queryKey({ id: run.id }) });
        onRetried();
      },
    }),
  );
  const what = message.status === "cancelled" ? "The reply was cancelled" : "The reply failed";
  return (
    <div className="space-y-1.5" data-testid="reply-failed">
      <p className="font-medium text-danger">{what}</p>
      {message.error ? (
        <p className="text-[13px] text-foreground/80">
          {message.error.message}
          {message.error.node_id ? <span className="text-muted"> (at {message.error.node_id})</span> : null}
        </p>
      ) : null}
      {message.run_id ? (
        <Button size="sm" variant="secondary" pending={retry.isPending} onClick={() => retry.mutate({ runId: message.run_id! })} data-testid="reply-retry">
          <Icon name="refresh-cw" className="size-3.5" /> Retry
        </Button>
      ) : null}
      {retry.error ? <p className="text-xs text-danger">{describeError(retry.error).message}</p> : null}
    </div>
  );
}
