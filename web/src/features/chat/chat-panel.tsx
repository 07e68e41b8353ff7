"use client";

import Link from "next/link";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Icon } from "@/features/editor/components/icons";

import { ChatView } from "./chat-view";
import { useNewSession, useSessions } from "./sessions";

/**
 * The editor's Chat panel: talk to the workflow being built. It opens the most recent session
 * (or starts one), switches between sessions, and links to the full chat page for renaming and
 * deleting. `beforeSend` saves the draft first: a chat runs the saved version.
 */
export function ChatPanel({ workflowId, beforeSend, onClose }: { workflowId: string; beforeSend(): Promise<boolean>; onClose(): void }) {
  const sessions = useSessions(workflowId);
  const [chosen, setChosen] = useState<string | null>(null);
  const create = useNewSession(workflowId, (s) => setChosen(s.id));
  const items = sessions.data?.items ?? [];
  const current = chosen ?? items[0]?.id ?? null;

  return (
    <aside
      aria-label="Chat"
      data-testid="chat-panel"
      className="absolute top-3 right-3 bottom-3 z-20 flex w-[min(28rem,calc(100%-1.5rem))] flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-xl"
    >
      <header className="flex items-center gap-2 border-b border-border px-3.5 py-2">
        <h2 className="text-[13px] font-semibold">Chat</h2>
        <label className="sr-only" htmlFor="chat-panel-session">
          Session
        </label>
        <select
          id="chat-panel-session"
          value={current ?? ""}
          onChange={(e) => setChosen(e.target.value || null)}
          className="h-7 min-w-0 flex-1 rounded-md border border-border bg-background px-1.5 text-[12px]"
          disabled={items.length === 0}
          data-testid="chat-panel-session"
        >
          {items.length === 0 ? <option value="">No chats yet</option> : null}
          {items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
        <Button size="sm" variant="ghost" pending={create.isPending} onClick={() => create.mutate({ workflowId })} aria-label="New chat" title="New chat" data-testid="chat-panel-new">
          <Icon name="plus" className="size-3.5" />
        </Button>
        <Link href={`/workflows/${workflowId}/chat${current ? `?session=${current}` : ""}`} className="rounded p-1 text-muted hover:text-foreground" title="Open the chat page" aria-label="Open the chat page">
          <Icon name="external-link" className="size-4" />
        </Link>
        <button type="button" aria-label="Close chat" onClick={onClose} className="rounded p-1 text-muted hover:bg-surface-muted hover:text-foreground">
          <Icon name="x" className="size-4" />
        </button>
      </header>
      {current ? (
        <ChatView key={current} sessionId={current} beforeSend={beforeSend} />
      ) : (
        <div className="m-auto p-6 text-center text-sm text-muted">
          <p className="mb-3">{sessions.isPending ? "Loading…" : "Talk to this workflow: each message runs it with the conversation so far."}</p>
          <Button size="sm" variant="primary" pending={create.isPending} onClick={() => create.mutate({ workflowId })} data-testid="chat-panel-start">
            <Icon name="plus" className="size-3.5" /> Start a chat
          </Button>
        </div>
      )}
    </aside>
  );
}
