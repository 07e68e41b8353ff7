"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { SearchIcon } from "@/features/workflows/icons";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { formatScore, scoreWidth } from "./lib";

/** "Search this collection": the closest chunks to a question, best first, with their scores. */
/** `contents` changes whenever documents are added or deleted: the last search is then run
 * again, so its results never show a deleted document's chunks. */
export function SearchPanel({ collectionId, empty, contents }: { collectionId: string; empty: boolean; contents: string }) {
  const trpc = useTRPC();
  const ids = { input: useId(), heading: useId(), results: useId() };
  const [query, setQuery] = useState("");
  const search = useMutation(trpc.memory.search.mutationOptions());
  const { mutate } = search;
  const error = search.error ? describeError(search.error) : null;
  const lastQuery = useRef<string | null>(null);

  useEffect(() => {
    if (lastQuery.current) mutate({ collectionId, query: lastQuery.current, k: 5 });
  }, [collectionId, contents, mutate]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const q = query.trim();
    if (!q) return;
    lastQuery.current = q;
    search.mutate({ collectionId, query: q, k: 5 });
  }

  return (
    <section aria-labelledby={ids.heading} className="mb-8 rounded-xl border border-border bg-surface p-4 shadow-xs">
      <h2 id={ids.heading} className="text-sm font-semibold">
        Search
      </h2>
      <p className="mt-0.5 text-xs text-muted">Ask in your own words: results are the passages closest in meaning, as a Memory search node would find them.</p>
      <form onSubmit={submit} role="search" className="mt-3 flex gap-2">
        <label htmlFor={ids.input} className="sr-only">
          Search this collection
        </label>
        <div className="relative flex-1">
          <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-muted [&_svg]:size-4">
            <SearchIcon />
          </span>
          <input
            id={ids.input}
            type="search"
            value={query}
            maxLength={4000}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={empty ? "Add a document first, then search it" : "e.g. How do our videos start?"}
            autoComplete="off"
            className="block h-9 w-full rounded-md border border-border bg-background pr-3 pl-9 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25"
          />
        </div>
        <Button type="submit" variant="secondary" pending={search.isPending} disabled={!query.trim()}>
          Search
        </Button>
      </form>

      {error ? (
        <p role="alert" className="mt-3 text-sm text-danger">
          {error.message}
        </p>
      ) : null}

      {search.data && !search.isPending ? (
        search.data.results.length === 0 ? (
          <p role="status" className="mt-4 text-sm text-muted">
            Nothing found{empty ? ": the collection holds no documents yet." : "."}
          </p>
        ) : (
          <ol aria-label="Search results" id={ids.results} className="mt-4 space-y-2">
            {search.data.results.map((hit, i) => (
              <li key={hit.chunk_id} data-testid="search-result" className="rounded-lg border border-border bg-background px-3 py-2.5">
                <div className="flex items-center gap-3 text-xs">
                  <span className="font-medium text-muted tabular-nums">#{i + 1}</span>
                  <span className="min-w-0 flex-1 truncate font-medium" data-testid="search-result-title">
                    {hit.document_title}
                  </span>
                  <span className="text-muted">chunk {hit.chunk_index + 1}</span>
                  <span className="flex items-center gap-1.5" title={`Cosine similarity ${hit.score.toFixed(3)}`}>
                    <span aria-hidden="true" className="h-1.5 w-12 overflow-hidden rounded-full bg-surface-muted">
                      <span className="block h-full rounded-full bg-accent" style={{ width: `${scoreWidth(hit.score)}%` }} />
                    </span>
                    <span className="w-9 text-right font-medium tabular-nums" data-testid="search-result-score" aria-label={`Score ${formatScore(hit.score)}`}>
                      {formatScore(hit.score)}
                    </span>
                  </span>
                </div>
                <p className="mt-1.5 line-clamp-4 text-sm whitespace-pre-wrap text-foreground/90">{hit.content}</p>
              </li>
            ))}
          </ol>
        )
      ) : null}
    </section>
  );
}
