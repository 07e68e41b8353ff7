"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";

import { BlankIcon, WorkflowIcon } from "./icons";
import { plural } from "./lib/format";

/** The empty dashboard: what a workflow is, and ways to start (the templates, or blank). */
export function GettingStarted({ onStart }: { onStart: (choice: string) => void }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.templates.list.queryOptions(undefined, { staleTime: Infinity }));

  return (
    <section aria-labelledby="getting-started" className="rounded-xl border border-border bg-surface px-6 py-10 sm:px-10">
      <div className="mx-auto max-w-2xl text-center">
        <div className="mx-auto mb-4 flex size-12 items-center justify-center rounded-xl bg-accent/10 text-accent [&_svg]:size-6">
          <WorkflowIcon />
        </div>
        <h2 id="getting-started" className="text-lg font-semibold tracking-tight">
          No workflows yet
        </h2>
        <p className="mt-2 text-sm text-muted">
          A workflow is a graph of steps that turns inputs into results: agents that research and write, tools that call APIs, routers
          that branch, and approvals where a person decides. You draw it once, then run it as often as you like and watch each step live.
        </p>
      </div>
      <h3 className="mt-8 mb-3 text-xs font-medium tracking-wide text-muted uppercase">Start from a template</h3>
      <ul className="grid gap-3 sm:grid-cols-3">
        {templates.isPending
          ? Array.from({ length: 3 }, (_, i) => (
              <li key={i}>
                <Skeleton className="h-36" />
              </li>
            ))
          : (templates.data ?? []).map((t) => (
              <li key={t.slug}>
                <StartCard title={t.name} description={t.description} meta={plural(t.node_count, "node")} icon={<WorkflowIcon />} onClick={() => onStart(t.slug)} />
              </li>
            ))}
      </ul>
      <div className="mt-3">
        <StartCard
          title="Blank workflow"
          description="Start with an input and an output, and build the rest yourself."
          icon={<BlankIcon />}
          onClick={() => onStart("blank")}
          horizontal
        />
      </div>
    </section>
  );
}

function StartCard(props: { title: string; description: string; meta?: string; icon: ReactNode; onClick: () => void; horizontal?: boolean }) {
  return (
    <button
      type="button"
      onClick={props.onClick}
      className={`group flex h-full w-full gap-3 rounded-lg border border-border bg-background p-4 text-left transition hover:border-accent/60 hover:shadow-sm ${
        props.horizontal ? "items-center" : "flex-col"
      }`}
    >
      <span className="text-muted transition group-hover:text-accent [&_svg]:size-5">{props.icon}</span>
      <span className="min-w-0 flex-1">
        <span className="block text-sm font-medium">{props.title}</span>
        <span className="mt-1 block text-xs text-muted">{props.description}</span>
      </span>
      {props.meta ? <span className="text-xs text-muted">{props.meta}</span> : null}
    </button>
  );
}
