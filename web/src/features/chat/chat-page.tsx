"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

import { buttonClasses } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { PageHeader, EmptyState } from "@/components/page-header";
import { Icon } from "@/features/editor/components/icons";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { ChatView } from "./chat-view";
import { SessionList, useNewSession } from "./sessions";

/**
 * /workflows/[id]/chat: the workflow as a chat, with its sessions on the side (new, reopen,
 * rename, delete). The open session is in the URL (`?session=`), so a reload reopens it.
 */
export function ChatPage({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const workflow = useQuery(trpc.workflows.get.queryOptions({ id: workflowId }, { refetchOnWindowFocus: false }));
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const selected = params.get("session");
  const select = useCallback(
    (id: string | null) => router.replace(id ? `${pathname}?session=${encodeURIComponent(id)}` : pathname),
    [router, pathname],
  );
  const create = useNewSession(workflowId, (s) => select(s.id));

  if (workflow.error) {
    return (
      <ErrorBanner title="This workflow could not be opened" onRetry={() => void workflow.refetch()} retrying={workflow.isFetching}>
        {describeError(workflow.error).message}
      </ErrorBanner>
    );
  }
  const name = workflow.data?.name ?? "Chat";
  return (
    <div className="flex h-[calc(100vh-8rem)] min-h-[28rem] flex-col" data-testid="chat-page">
      <PageHeader
        title={workflow.data ? `${name}: chat` : "Chat"}
        description="Each message runs the workflow with the conversation so far; every run is in its run history."
        actions={
          <div className="flex gap-2">
            <Link href={`/workflows/${workflowId}/edit`} className={buttonClasses({ size: "sm" })}>
              <Icon name="workflow" className="size-3.5" /> Editor
            </Link>
            <Link href={`/workflows/${workflowId}/runs`} className={buttonClasses({ size: "sm" })}>
              <Icon name="list" className="size-3.5" /> Runs
            </Link>
          </div>
        }
      />
      {workflow.data && !workflow.data.is_chat ? (
        <EmptyState title="This workflow is not a chat" icon={<Icon name="message-square" className="size-8" />}>
          A chat needs a <code>message</code> input (text) and, to remember the conversation, a <code>history</code> input (a list). Add them in the{" "}
          <Link className="underline" href={`/workflows/${workflowId}/edit`}>
            editor
          </Link>
          , or start from the Chat assistant template.
        </EmptyState>
      ) : (
        <div className="flex min-h-0 flex-1 overflow-hidden rounded-xl border border-border bg-background">
          <aside className="flex w-64 shrink-0 flex-col border-r border-border bg-surface">
            <SessionList workflowId={workflowId} selected={selected} onSelect={select} />
          </aside>
          <section className="flex min-w-0 flex-1 flex-col" aria-label="Conversation">
            {selected ? (
              <ChatView key={selected} sessionId={selected} />
            ) : (
              <div className="m-auto text-center text-sm text-muted">
                <p className="mb-3">Open a chat on the left, or start a new one.</p>
                <button type="button" onClick={() => create.mutate({ workflowId })} className={buttonClasses({ variant: "primary", size: "sm" })} data-testid="chat-start">
                  <Icon name="plus" className="size-3.5" /> New chat
                </button>
              </div>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
