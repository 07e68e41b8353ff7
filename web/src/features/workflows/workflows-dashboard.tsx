"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { useTRPC } from "@/lib/trpc/client";
import type { WorkflowSummary } from "@/lib/contracts";

import { DashboardDescribe } from "@/features/planner/dashboard-describe";

import { DeleteDialog } from "./delete-dialog";
import { GettingStarted } from "./getting-started";
import { useDeleteWorkflow, useDuplicateWorkflow, useExportWorkflow, useImportWorkflow, useRenameWorkflow } from "./hooks";
import { PlusIcon, SearchIcon, UploadIcon } from "./icons";
import { flattenPages } from "./lib/cache";
import { type ErrorDescription, describeError } from "./lib/errors";
import { MAX_IMPORT_BYTES, parseExportFile } from "./lib/files";
import { BLANK, NewWorkflowDialog } from "./new-workflow-dialog";
import { RenameDialog } from "./rename-dialog";
import { WorkflowList, WorkflowListSkeleton } from "./workflow-list";

const PAGE_SIZE = 25;
const SEARCH_DEBOUNCE_MS = 250;

/** The workflows dashboard: search, list, row actions, new, import; the guide when there is nothing yet. */
export function WorkflowsDashboard({ initialQuery = "" }: { initialQuery?: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState(initialQuery);
  const query = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  useSyncSearchParam(query);

  const list = useInfiniteQuery(
    trpc.workflows.list.infiniteQueryOptions(
      { q: query || undefined, limit: PAGE_SIZE },
      {
        getNextPageParam: (page) => page.next_cursor ?? undefined,
        placeholderData: keepPreviousData,
        retry: (count, error) => count < 1 && (error as { data?: { code?: string } }).data?.code !== "UNAUTHORIZED",
      },
    ),
  );
  const workflows = flattenPages(list.data);

  const [newDialog, setNewDialog] = useState<{ open: boolean; choice: string }>({ open: false, choice: BLANK });
  const [renaming, setRenaming] = useState<WorkflowSummary | null>(null);
  const [deleting, setDeleting] = useState<WorkflowSummary | null>(null);
  const [importError, setImportError] = useState<(ErrorDescription & { file: string }) | null>(null);

  const rename = useRenameWorkflow();
  const remove = useDeleteWorkflow();
  const duplicate = useDuplicateWorkflow();
  const importer = useImportWorkflow();
  const { exportWorkflow, pendingId: exportingId } = useExportWorkflow();

  const openNew = (choice: string = BLANK) => setNewDialog({ open: true, choice });
  const nothingYet = list.data !== undefined && !query && workflows.length === 0 && !list.isPlaceholderData;

  return (
    <>
      <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Workflows</h1>
          <p className="mt-1 text-sm text-muted">Graphs of agents, tools and approvals that turn a brief into finished work.</p>
        </div>
        <div className="flex items-center gap-2">
          <ImportButton
            pending={importer.isPending || importer.isSuccess}
            onFile={(file, text) => {
              setImportError(null);
              if (text === null) return setImportError({ file, message: "This file is over 1 MiB, more than a workflow can be.", details: [], engineDown: false });
              const parsed = parseExportFile(text);
              if (!parsed.ok) return setImportError({ file, message: parsed.error, details: [], engineDown: false });
              importer.mutate({ document: parsed.document }, { onError: (error) => setImportError({ file, ...describeError(error) }) });
            }}
          />
          <Button variant="primary" onClick={() => openNew()}>
            <PlusIcon />
            New workflow
          </Button>
        </div>
      </div>

      <DashboardDescribe />

      {importError ? (
        <ErrorBanner title={`Could not import ${importError.file}`} onDismiss={() => setImportError(null)}>
          <p>{importError.message}</p>
          {importError.details.length ? (
            <ul className="mt-1.5 list-disc space-y-0.5 pl-5">
              {importError.details.slice(0, 8).map((d) => (
                <li key={d}>{d}</li>
              ))}
              {importError.details.length > 8 ? <li>…and {importError.details.length - 8} more</li> : null}
            </ul>
          ) : null}
        </ErrorBanner>
      ) : null}

      {list.isError ? (
        <ErrorBanner title={describeError(list.error).engineDown ? "Can't reach the engine" : "Could not load your workflows"} onRetry={() => void list.refetch()} retrying={list.isFetching}>
          {describeError(list.error).engineDown
            ? "Orrery's engine is not answering, so your workflows can't be shown. If you run Orrery locally, check that `make dev` is still running."
            : describeError(list.error).message}
        </ErrorBanner>
      ) : null}

      {nothingYet ? (
        <GettingStarted onStart={openNew} />
      ) : (
        <>
          {list.data || query ? <SearchBox value={search} onChange={setSearch} busy={list.isFetching && list.isPlaceholderData} /> : null}
          {!list.data ? (
            list.isError ? null : <WorkflowListSkeleton />
          ) : workflows.length === 0 ? (
            <div className="rounded-xl border border-dashed border-border bg-surface px-6 py-12 text-center">
              <p className="text-sm font-medium">No workflows match “{query}”</p>
              <p className="mt-1 text-sm text-muted">Try another name, or clear the search.</p>
              <Button variant="secondary" size="sm" className="mt-4" onClick={() => setSearch("")}>
                Clear search
              </Button>
            </div>
          ) : (
            <WorkflowList
              workflows={workflows}
              busyId={exportingId ?? (duplicate.isPending ? duplicate.variables?.id : null)}
              actions={{
                rename: setRenaming,
                duplicate: (w) => duplicate.mutate({ id: w.id }),
                exportJson: (w) => void exportWorkflow(w.id),
                remove: setDeleting,
              }}
            />
          )}
          {list.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="secondary" pending={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}

      <NewWorkflowDialog open={newDialog.open} initial={newDialog.choice} onClose={() => setNewDialog((d) => ({ ...d, open: false }))} />
      <RenameDialog workflow={renaming} onClose={() => setRenaming(null)} onRename={(id, name) => rename.mutate({ id, name })} />
      <DeleteDialog workflow={deleting} onClose={() => setDeleting(null)} onDelete={(id) => remove.mutate({ id })} />
    </>
  );
}

function SearchBox({ value, onChange, busy }: { value: string; onChange: (value: string) => void; busy: boolean }) {
  const id = useId();
  return (
    <div className="relative mb-4 max-w-sm">
      <label htmlFor={id} className="sr-only">
        Search workflows
      </label>
      <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-muted [&_svg]:size-4">
        <SearchIcon />
      </span>
      <input
        id={id}
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && value) {
            e.preventDefault();
            onChange("");
          }
        }}
        placeholder="Search by name"
        autoComplete="off"
        spellCheck={false}
        className="block h-9 w-full rounded-md border border-border bg-surface pr-8 pl-9 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25 [&::-webkit-search-cancel-button]:hidden"
      />
      {busy ? <span aria-hidden="true" className="absolute top-1/2 right-3 size-3.5 -translate-y-1/2 animate-spin rounded-full border-2 border-muted/30 border-t-muted" /> : null}
    </div>
  );
}

/** A button that opens the file picker; reads the chosen file (null: too large). */
function ImportButton({ pending, onFile }: { pending: boolean; onFile: (name: string, text: string | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  async function onChange(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ""; // picking the same file again fires change again
    if (!file) return;
    onFile(file.name, file.size > MAX_IMPORT_BYTES ? null : await file.text());
  }
  return (
    <>
      <input ref={input} type="file" accept=".json,application/json" onChange={onChange} className="hidden" data-testid="import-file" aria-hidden="true" tabIndex={-1} />
      <Button variant="secondary" pending={pending} onClick={() => input.current?.click()}>
        {pending ? null : <UploadIcon />}
        Import
      </Button>
    </>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Keeps `?q=` in the address bar in step with the search, without a navigation. */
function useSyncSearchParam(query: string) {
  useEffect(() => {
    const url = new URL(window.location.href);
    if ((url.searchParams.get("q") ?? "") === query) return;
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    window.history.replaceState(window.history.state, "", url);
  }, [query]);
}
