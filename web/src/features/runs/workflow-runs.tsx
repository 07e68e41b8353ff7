"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

import { PageHeader } from "@/components/page-header";
import { useTRPC } from "@/lib/trpc/client";

import { RunsHistory } from "./history/runs-history";
import { StartRunDialog } from "./start-run-dialog";

/** A workflow's runs: its history, and "Run workflow" (`?run=1` opens the start dialog, so it can be linked to). */
export function WorkflowRuns({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const info = useQuery(trpc.runs.launchInfo.queryOptions({ workflowId }));
  const open = params.get("run") === "1";
  const setOpen = (next: boolean) => {
    const qs = new URLSearchParams(params);
    if (next) qs.set("run", "1");
    else qs.delete("run");
    router.replace(qs.toString() ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  if (info.error) {
    return (
      <div role="alert" className="rounded-xl border border-danger/40 bg-danger-surface p-6 text-sm">
        <p className="font-medium text-danger">This workflow could not be loaded.</p>
        <p className="mt-1">{info.error.message}</p>
      </div>
    );
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/workflows" className="hover:text-foreground">
          Workflows
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="text-foreground">{info.data?.name ?? "…"}</span>
      </nav>
      <PageHeader
        title={info.data ? `${info.data.name}: runs` : "Runs"}
        description={info.data ? `Version ${info.data.currentVersion} · every run of this workflow` : "Every run of this workflow"}
        actions={
          <div className="flex gap-2">
            <Link href={`/workflows/${workflowId}/edit`} className="rounded-lg border border-border bg-surface px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-surface-muted">
              Open editor
            </Link>
            <button
              type="button"
              disabled={!info.data}
              onClick={() => setOpen(true)}
              className="inline-flex items-center gap-1.5 rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-accent-foreground shadow-sm hover:opacity-90 disabled:opacity-60"
            >
              <svg viewBox="0 0 16 16" className="size-3.5" fill="currentColor" aria-hidden="true">
                <path d="M4.5 2.8v10.4a.6.6 0 0 0 .9.5l8.2-5.2a.6.6 0 0 0 0-1L5.4 2.3a.6.6 0 0 0-.9.5z" />
              </svg>
              Run workflow
            </button>
          </div>
        }
      />
      <RunsHistory workflowId={workflowId} />
      {info.data ? (
        <StartRunDialog workflowId={workflowId} workflowName={info.data.name} inputs={info.data.inputs} open={open} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}
