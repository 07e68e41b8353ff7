"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { Icon } from "@/features/editor/components/icons";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";

import { deliveryNote } from "./delivery";

type Notification = RouterOutputs["notifications"]["list"]["items"][number];

const UNREAD_POLL_MS = 10_000;

/**
 * The header's bell: the unread count (polled), and an inbox of the latest notifications. An
 * approval waiting is approved or rejected right here (the runs API's decision), which also
 * marks it read.
 */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const unread = useQuery(trpc.notifications.unread.queryOptions(undefined, { refetchInterval: UNREAD_POLL_MS }));
  const inbox = useQuery(trpc.notifications.list.queryOptions({ limit: 20 }, { enabled: open, refetchInterval: open ? UNREAD_POLL_MS : false }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: () => void refresh() }));

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", escape);
    };
  }, [open]);

  const count = unread.data?.unread ?? 0;
  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        aria-label={count ? `Notifications, ${count} unread` : "Notifications"}
        data-testid="notification-bell"
        className="relative rounded-md p-1.5 text-muted transition hover:bg-surface-muted hover:text-foreground"
      >
        <Icon name="bell" className="size-5" />
        {count ? (
          <span data-testid="unread-count" className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-danger px-1 text-center text-[10px] leading-4 font-semibold text-white">
            {count > 99 ? "99+" : count}
          </span>
        ) : null}
      </button>
      {open ? (
        <section aria-label="Inbox" data-testid="inbox" className="absolute right-0 z-30 mt-2 w-[min(24rem,calc(100vw-2rem))] rounded-xl border border-border bg-surface shadow-xl">
          <header className="flex items-center justify-between border-b border-border px-3 py-2">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <button type="button" className="text-xs text-accent hover:underline disabled:opacity-50" disabled={!count} onClick={() => markRead.mutate({ ids: null })}>
              Mark all read
            </button>
          </header>
          <ul className="thin-scroll max-h-96 divide-y divide-border overflow-y-auto">
            {inbox.isPending ? <li className="p-3 text-sm text-muted">Loading…</li> : null}
            {inbox.error ? <li className="p-3 text-sm text-danger">{inbox.error.message}</li> : null}
            {inbox.data?.items.length === 0 ? <li className="p-3 text-sm text-muted">Nothing yet. Approvals waiting, failed runs and paused schedules show up here.</li> : null}
            {(inbox.data?.items ?? []).map((note) => (
              <NotificationItem key={note.id} note={note} onRead={(ids) => markRead.mutate({ ids })} onClose={() => setOpen(false)} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function NotificationItem({ note, onRead, onClose }: { note: Notification; onRead(ids: string[]): void; onClose(): void }) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const decide = useMutation(
    trpc.runs.decide.mutationOptions({
      onSuccess: () => onRead([note.id]),
      onError: (e) => setError(e.message),
    }),
  );
  const unread = !note.read_at;
  const delivery = deliveryNote(note);
  const canDecide = note.kind === "approval_waiting" && unread && note.run_id && note.node_id;
  const answer = (approved: boolean) => {
    if (!note.run_id || !note.node_id) return;
    setError(null);
    decide.mutate({ runId: note.run_id, nodeId: note.node_id, approved, scope: note.scope ?? null });
  };
  return (
    <li className={`px-3 py-2.5 text-sm ${unread ? "bg-accent/5" : ""}`} data-testid="notification" data-kind={note.kind}>
      <div className="flex items-start gap-2">
        {unread ? <span className="mt-1.5 size-2 shrink-0 rounded-full bg-accent" aria-label="Unread" /> : <span className="size-2 shrink-0" />}
        <div className="min-w-0 flex-1">
          <p className="leading-snug">{note.title}</p>
          <p className="mt-0.5 text-xs text-muted">
            <time dateTime={note.created_at}>{new Date(note.created_at).toLocaleString()}</time>
            {note.run_id ? (
              <>
                {" · "}
                <Link href={`/runs/${note.run_id}`} onClick={() => (unread && !canDecide ? onRead([note.id]) : onClose())} className="text-accent hover:underline">
                  Open run
                </Link>
              </>
            ) : null}
          </p>
          {delivery ? (
            <p className="mt-0.5 text-xs text-muted" data-testid="notification-delivery">
              {delivery}
            </p>
          ) : null}
          {canDecide ? (
            <div className="mt-1.5 flex gap-2">
              <button type="button" className="rounded-md bg-accent px-2.5 py-1 text-xs font-medium text-accent-foreground disabled:opacity-60" disabled={decide.isPending} onClick={() => answer(true)}>
                Approve
              </button>
              <button type="button" className="rounded-md border border-border px-2.5 py-1 text-xs font-medium disabled:opacity-60" disabled={decide.isPending} onClick={() => answer(false)}>
                Reject
              </button>
            </div>
          ) : null}
          {error ? (
            <p role="alert" className="mt-1 text-xs text-danger">
              {error}
            </p>
          ) : null}
        </div>
      </div>
    </li>
  );
}
