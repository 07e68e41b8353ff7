"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { Button, Spinner } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { Icon } from "@/features/editor/components/icons";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import type { ChatSession } from "./types";

/** A workflow's chat sessions, most recently active first (`chat.sessions`). */
export function useSessions(workflowId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.chat.sessions.queryOptions({ workflowId }, { refetchOnWindowFocus: false }));
}

/** Starts a session ("New chat" until its first message names it) and hands it to `onCreated`. */
export function useNewSession(workflowId: string, onCreated: (session: ChatSession) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.chat.create.mutationOptions({
      onSuccess: (session) => {
        void queryClient.invalidateQueries({ queryKey: trpc.chat.sessions.queryKey({ workflowId }) });
        onCreated(session);
      },
    }),
  );
}

/**
 * The sessions list beside a chat: new, reopen (select), rename (inline), delete (asks first).
 * Deleting a session deletes its messages; the runs that wrote its replies stay in run history.
 */
export function SessionList({ workflowId, selected, onSelect }: { workflowId: string; selected: string | null; onSelect(id: string | null): void }) {
  const sessions = useSessions(workflowId);
  const create = useNewSession(workflowId, (s) => onSelect(s.id));
  const items = sessions.data?.items ?? [];
  return (
    <nav aria-label="Chats" className="flex min-h-0 flex-col" data-testid="chat-sessions">
      <div className="p-3">
        <Button variant="primary" size="sm" className="w-full" pending={create.isPending} onClick={() => create.mutate({ workflowId })} data-testid="chat-new">
          <Icon name="plus" className="size-3.5" /> New chat
        </Button>
        {create.error ? <p className="mt-1 text-xs text-danger">{describeError(create.error).message}</p> : null}
      </div>
      {sessions.error ? (
        <div className="px-3">
          <ErrorBanner title="Chats could not be listed" onRetry={() => void sessions.refetch()} retrying={sessions.isFetching}>
            {describeError(sessions.error).message}
          </ErrorBanner>
        </div>
      ) : null}
      <ul className="thin-scroll min-h-0 flex-1 space-y-0.5 overflow-y-auto px-2 pb-3">
        {sessions.isPending ? (
          <li className="flex items-center gap-2 px-2 py-1.5 text-xs text-muted">
            <Spinner /> Loading…
          </li>
        ) : items.length === 0 ? (
          <li className="px-2 py-1.5 text-xs text-muted">No chats yet.</li>
        ) : (
          items.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              active={session.id === selected}
              onSelect={() => onSelect(session.id)}
              onDeleted={() => {
                if (session.id === selected) onSelect(null);
              }}
            />
          ))
        )}
      </ul>
    </nav>
  );
}

function SessionItem({ session, active, onSelect, onDeleted }: { session: ChatSession; active: boolean; onSelect(): void; onDeleted(): void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);

  if (editing) {
    return (
      <li>
        <SessionRenameForm session={session} onDone={() => setEditing(false)} />
      </li>
    );
  }
  return (
    <li className={`group flex items-center gap-1 rounded-lg pr-1 ${active ? "bg-surface-muted" : "hover:bg-surface-muted"}`} data-testid="chat-session" data-session-id={session.id} aria-current={active ? "true" : undefined}>
      <button type="button" onClick={onSelect} className="min-w-0 flex-1 truncate px-2 py-1.5 text-left text-[13px]" title={session.title}>
        {session.title}
      </button>
      {confirming ? (
        <SessionDeleteConfirm session={session} onDeleted={onDeleted} onKeep={() => setConfirming(false)} />
      ) : (
        <SessionButtons session={session} className={active ? "" : "opacity-0 group-focus-within:opacity-100 group-hover:opacity-100"} onRename={() => setEditing(true)} onDelete={() => setConfirming(true)} />
      )}
    </li>
  );
}

/** A session's rename and delete buttons (what each does is the caller's: an inline form, a confirmation). */
export function SessionButtons({ session, className = "", onRename, onDelete }: { session: ChatSession; className?: string; onRename(): void; onDelete(): void }) {
  return (
    <span className={`flex items-center ${className}`}>
      <button type="button" aria-label={`Rename ${session.title}`} onClick={onRename} className="rounded p-1 text-muted hover:text-foreground" data-testid="chat-rename">
        <Icon name="pencil" className="size-3.5" />
      </button>
      <button type="button" aria-label={`Delete ${session.title}`} onClick={onDelete} className="rounded p-1 text-muted hover:text-danger" data-testid="chat-delete">
        <Icon name="trash" className="size-3.5" />
      </button>
    </span>
  );
}

/** Renames a session inline: its title in a field, saved on Enter or Save, left on Escape. `onDone` after either. */
export function SessionRenameForm({ session, onDone, className = "" }: { session: ChatSession; onDone(): void; className?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(session.title);
  const rename = useMutation(
    trpc.chat.rename.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.chat.sessions.queryKey() });
        onDone();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() && title.trim() !== session.title) rename.mutate({ id: session.id, title });
    else onDone();
  };
  return (
    <div className={`min-w-0 ${className}`}>
      <form onSubmit={submit} className="flex items-center gap-1 px-1 py-0.5">
        <label className="sr-only" htmlFor={`rename-${session.id}`}>
          Chat name
        </label>
        <input
          id={`rename-${session.id}`}
          autoFocus
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && onDone()}
          className="h-7 min-w-0 flex-1 rounded-md border border-border bg-background px-2 text-[13px] outline-none focus:border-accent"
          data-testid="chat-rename-input"
        />
        <Button type="submit" size="sm" variant="secondary" pending={rename.isPending} data-testid="chat-rename-save">
          Save
        </Button>
      </form>
      {rename.error ? <p className="px-2 text-xs text-danger">{describeError(rename.error).message}</p> : null}
    </div>
  );
}

/**
 * The question before a session is deleted: Delete (its messages go; the runs that wrote its
 * replies stay in run history) or Keep. `onDeleted` once it is gone.
 */
export function SessionDeleteConfirm({ session, onDeleted, onKeep }: { session: ChatSession; onDeleted(): void; onKeep(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.chat.delete.mutationOptions({
      onSuccess: () => {
        queryClient.removeQueries({ queryKey: trpc.chat.messages.queryKey({ id: session.id }) });
        onDeleted();
        void queryClient.invalidateQueries({ queryKey: trpc.chat.sessions.queryKey() });
      },
    }),
  );
  return (
    <span className="flex flex-wrap items-center gap-1" role="group" aria-label={`Delete ${session.title}?`}>
      <Button size="sm" variant="danger" pending={remove.isPending} onClick={() => remove.mutate({ id: session.id })} data-testid="chat-delete-confirm">
        Delete
      </Button>
      <Button size="sm" variant="ghost" onClick={onKeep} data-testid="chat-delete-keep">
        Keep
      </Button>
      {remove.error ? <span className="px-1 text-xs text-danger">{describeError(remove.error).message}</span> : null}
    </span>
  );
}
