"use client";

import Link from "next/link";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Icon } from "@/features/editor/components/icons";

import { ChatView } from "./chat-view";
import { SessionButtons, SessionDeleteConfirm, SessionRenameForm, useNewSession, useSessions } from "./sessions";

/**
 * The editor's Chat panel: talk to the workflow being built. It opens the most recent session
 * (or starts one), switches between sessions, renames the open one inline and deletes it (asking
 * first), as the chat page's list does, and links to the full chat page. `beforeSend` saves the
 * draft first: a chat runs the saved version.
 */
export function ChatPanel({ workflowId, beforeSend, onClose }: { workflowId: string; beforeSend(): Promise<boolean>; onClose(): void }) {
  const sessions = useSessions(workflowId);
  const [chosen, setChosen] = useState<string | null>(null);
  // What the header does to the open session: nothing, rename it (inline) or ask before deleting it.
  const [acting, setActing] = useState<"rename" | "delete" | null>(null);
  // Deleted here: left out until the list is read again.
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(() => new Set());
  const create = useNewSession(workflowId, (s) => setChosen(s.id));
  const items = (sessions.data?.items ?? []).filter((s) => !deleted.has(s.id));
  const current = (chosen && !deleted.has(chosen) ? chosen : null) ?? items[0]?.id ?? null;
  const session = items.find((s) => s.id === current) ?? null;

  return (
    <aside
      aria-label="Chat"
      data-testid="chat-panel"
      className="absolute top-3 right-3 bottom-3 z-20 flex w-[min(28rem,calc(100%-1.5rem))] flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-xl"
    >
      <header className="flex items-center gap-2 border-b border-border px-3.5 py-2">
        <h2 className="text-[13px] font-semibold">Chat</h2>
        {acting === "rename" && session ? (
          <SessionRenameForm key={session.id} session={session} onDone={() => setActing(null)} className="flex-1" />
        ) : (
          <>
            <label className="sr-only" htmlFor="chat-panel-session">
              Session
            </label>
            <select
              id="chat-panel-session"
              value={current ?? ""}
              onChange={(e) => {
                setChosen(e.target.value || null);
                setActing(null);
              }}
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
            {session ? <SessionButtons session={session} onRename={() => setActing("rename")} onDelete={() => setActing("delete")} /> : null}
          </>
        )}
        <Button
          size="sm"
          variant="ghost"
          pending={create.isPending}
          onClick={() => create.mutate({ workflowId })}
          aria-label="New chat"
          title="New chat"
          data-testid="chat-panel-new"
        >
          <Icon name="plus" className="size-3.5" />
        </Button>
        <Link
          href={`/workflows/${workflowId}/chat${current ? `?session=${current}` : ""}`}
          className="rounded p-1 text-muted hover:text-foreground"
          title="Open the chat page"
          aria-label="Open the chat page"
        >
          <Icon name="external-link" className="size-4" />
        </Link>
        <button type="button" aria-label="Close chat" onClick={onClose} className="rounded p-1 text-muted hover:bg-surface-muted hover:text-foreground">
          <Icon name="x" className="size-4" />
        </button>
      </header>
      {acting === "delete" && session ? (
        <div className="flex flex-wrap items-center gap-2 border-b border-border bg-surface-muted px-3.5 py-2 text-xs" data-testid="chat-panel-delete">
          <span className="min-w-0 flex-1">Delete “{session.title}” and its messages? Its runs stay in the run history.</span>
          <SessionDeleteConfirm
            session={session}
            onKeep={() => setActing(null)}
            onDeleted={() => {
              setDeleted((d) => new Set(d).add(session.id));
              setChosen(null);
              setActing(null);
            }}
          />
        </div>
      ) : null}
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
