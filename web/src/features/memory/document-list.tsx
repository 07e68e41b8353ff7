"use client";

import { useInfiniteQuery } from "@tanstack/react-query";

import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { PlusIcon } from "@/features/workflows/icons";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { MemoryDocumentRead } from "@/lib/contracts";

import { crawlLabel, formatDate, isSettled, plural, sourceLabel, statusLabel } from "./lib";
import { ErrorBanner } from "@/components/ui/error-banner";

const PAGE_SIZE = 50;

/** While any document is still being embedded, the list asks again this often (its progress moves live). */
const PROGRESS_POLL_MS = 1000;

/** The collection's documents, newest first, 50 at a time, each with its status; while one is
 * queued, being read, embedding, or having its site added, the list polls so its progress
 * (and the site's new pages) moves on screen. */
export function DocumentList({
  collectionId,
  onView,
  onDelete,
  onAdd,
}: {
  collectionId: string;
  onView: (document: MemoryDocumentRead) => void;
  onDelete: (document: MemoryDocumentRead) => void;
  onAdd: () => void;
}) {
  const trpc = useTRPC();
  const documents = useInfiniteQuery(
    trpc.memory.documents.infiniteQueryOptions(
      { collectionId, limit: PAGE_SIZE },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((d) => !isSettled(d))) ? PROGRESS_POLL_MS : false),
      },
    ),
  );
  const items = documents.data?.pages.flatMap((p) => p.items) ?? [];
  const total = documents.data?.pages.at(-1)?.total ?? 0;

  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading" className="mb-3 text-sm font-semibold">
        Documents{documents.data ? <span className="ml-1.5 font-normal text-muted">{total.toLocaleString("en")}</span> : null}
      </h2>
      {documents.isError ? (
        <ErrorBanner title="Could not load the documents" onRetry={() => void documents.refetch()} retrying={documents.isFetching}>
          {describeError(documents.error).message}
        </ErrorBanner>
      ) : documents.isPending ? (
        <div aria-busy="true" aria-label="Loading documents" className="space-y-2">
          <Skeleton className="h-12" />
          <Skeleton className="h-12" />
        </div>
      ) : items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-border bg-surface px-6 py-10 text-center">
          <p className="text-sm font-medium">No documents yet</p>
          <p className="mx-auto mt-1 max-w-md text-sm text-muted">Paste text, upload a PDF, Word, HTML, Markdown or text file, or give the address of a web page. Each is split into chunks your agents can search once they are embedded.</p>
          <Button variant="secondary" size="sm" className="mt-4" onClick={onAdd}>
            <PlusIcon />
            Add document
          </Button>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-xs">
          <table className="w-full text-left text-sm" aria-label="Documents">
            <thead className="bg-surface-muted text-xs text-muted">
              <tr>
                <th className="px-4 py-2 font-medium">Title</th>
                <th className="px-3 py-2 font-medium">Source</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 text-right font-medium">Chunks</th>
                <th className="px-3 py-2 font-medium">Added</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="document-row" className="border-t border-border">
                  <td className="max-w-80 px-4 py-2">
                    <button
                      type="button"
                      onClick={() => onView(d)}
                      className="block max-w-full truncate text-left font-medium hover:text-accent hover:underline focus-visible:underline focus-visible:outline-none"
                      title={`Show the chunks of ${d.title}`}
                    >
                      {d.title}
                    </button>
                  </td>
                  <td className="max-w-56 truncate px-3 py-2 text-muted">
                    {d.source === "url" && d.source_url ? (
                      <a href={d.source_url} target="_blank" rel="noreferrer noopener" className="hover:text-foreground hover:underline" title={d.source_url}>
                        {sourceLabel(d)}
                      </a>
                    ) : (
                      sourceLabel(d)
                    )}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap" data-testid="document-status" title={d.error ?? undefined}>
                    <span className={d.status === "failed" ? "text-danger" : d.status === "ready" ? "text-muted" : "text-foreground"}>{statusLabel(d)}</span>
                    {d.status === "embedding" && d.chunk_count > 0 ? (
                      <progress className="ml-2 h-1.5 w-16 align-middle" max={d.chunk_count} value={d.chunks_embedded} aria-label={`Embedding ${d.title}`} />
                    ) : null}
                    {d.status === "extracting" && d.pages_total ? (
                      <progress className="ml-2 h-1.5 w-16 align-middle" max={d.pages_total} value={d.pages_read ?? 0} aria-label={`Reading ${d.title}`} />
                    ) : null}
                    {d.status === "failed" && d.error ? <p className="max-w-64 truncate text-xs text-danger">{d.error}</p> : null}
                    {d.crawl ? (
                      <p className="text-xs text-muted" data-testid="document-crawl" title={d.crawl.failed_pages.map((f) => `${f.url}: ${f.reason}`).join("\n") || undefined}>
                        {crawlLabel(d)}
                      </p>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="document-chunks">
                    {d.chunk_count.toLocaleString("en")}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-muted">
                    <time dateTime={d.created_at} title={formatDate(d.created_at, true)}>
                      {formatDate(d.created_at)}
                    </time>
                  </td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    <Button variant="ghost" size="sm" onClick={() => onView(d)} aria-label={`Chunks of ${d.title}`}>
                      Chunks
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => onDelete(d)} aria-label={`Delete ${d.title}`}>
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {documents.hasNextPage ? (
            <div className="flex justify-center border-t border-border p-3">
              <Button variant="secondary" size="sm" pending={documents.isFetchingNextPage} onClick={() => void documents.fetchNextPage()}>
                Load more ({plural(total - items.length, "more document")})
              </Button>
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}
