"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Menu } from "@/components/ui/menu";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { OpenIcon, PlusIcon, TrashIcon } from "@/features/workflows/icons";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { MemoryCollectionRead } from "@/lib/contracts";

import { collectionHref } from "./hooks";
import { modelLabel, plural } from "./lib";
import { NewCollectionDialog } from "./new-collection-dialog";
import { ErrorBanner } from "@/components/ui/error-banner";

import { ConfirmDeleteDialog, MemoryIcon } from "./ui";

/** Memory: the user's collections; new one; delete one. */
export function MemoryCollections() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const collections = useQuery(trpc.memory.collections.queryOptions());
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<MemoryCollectionRead | null>(null);

  const remove = useMutation(
    trpc.memory.deleteCollection.mutationOptions({
      onSuccess: ({ id }) => {
        queryClient.setQueryData<MemoryCollectionRead[]>(trpc.memory.collections.queryKey(), (old) => old?.filter((c) => c.id !== id));
        toast({ title: "Collection deleted", tone: "success" });
      },
      onError: (error) => toast({ title: "Could not delete the collection", description: describeError(error).message, tone: "error" }),
    }),
  );
  const error = collections.isError ? describeError(collections.error) : null;

  return (
    <>
      <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Memory</h1>
          <p className="mt-1 text-sm text-muted">Collections of documents your agents search by meaning, with the Memory search and write nodes.</p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>
          <PlusIcon />
          New collection
        </Button>
      </div>

      {collections.isError ? (
        <ErrorBanner title={error?.engineDown ? "Can't reach the engine" : "Could not load your collections"} onRetry={() => void collections.refetch()} retrying={collections.isFetching}>
          {error?.message}
        </ErrorBanner>
      ) : collections.isPending ? (
        <CollectionListSkeleton />
      ) : collections.data.length === 0 ? (
        <NoCollections onCreate={() => setCreating(true)} />
      ) : (
        <CollectionList collections={collections.data} onDelete={setDeleting} />
      )}

      <NewCollectionDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDeleteDialog
        name={deleting?.name ?? null}
        description={
          deleting ? (
            <>
              Its {plural(deleting.document_count, "document")} and {plural(deleting.chunk_count, "chunk")} are deleted with it. This cannot be undone.
            </>
          ) : null
        }
        confirmLabel="Delete collection"
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}

function NoCollections({ onCreate }: { onCreate: () => void }) {
  return (
    <section aria-labelledby="no-collections" className="rounded-xl border border-dashed border-border bg-surface px-6 py-14 text-center">
      <div className="mx-auto mb-4 flex size-12 items-center justify-center rounded-xl bg-accent/10 text-accent">
        <MemoryIcon />
      </div>
      <h2 id="no-collections" className="text-base font-semibold tracking-tight">
        No collections yet
      </h2>
      <p className="mx-auto mt-2 max-w-lg text-sm text-muted">
        A collection is a set of documents your agents can search: style guides, notes, past scripts, web pages. Add
        documents here, then put a Memory search node before an agent to give it the passages that matter.
      </p>
      <Button variant="primary" className="mt-5" onClick={onCreate}>
        <PlusIcon />
        New collection
      </Button>
    </section>
  );
}

const GRID = "grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 sm:grid-cols-[minmax(0,1fr)_14rem_6rem_5rem_2rem]";

function CollectionList({ collections, onDelete }: { collections: MemoryCollectionRead[]; onDelete: (c: MemoryCollectionRead) => void }) {
  return (
    <div className="rounded-xl border border-border bg-surface shadow-xs">
      <div className={`${GRID} hidden border-b border-border px-4 py-2 text-xs font-medium text-muted sm:grid`} aria-hidden="true">
        <span>Name</span>
        <span>Embedding model</span>
        <span>Documents</span>
        <span>Chunks</span>
        <span />
      </div>
      <ul aria-label="Collections" className="divide-y divide-border">
        {collections.map((c) => (
          <li key={c.id} data-testid="collection-row" className={`${GRID} relative px-4 py-3 transition first:rounded-t-xl last:rounded-b-xl hover:bg-surface-muted/60`}>
            <div className="min-w-0">
              {/* The name's link covers the row; the menu sits above it. */}
              <Link
                href={collectionHref(c.id)}
                className="block truncate text-sm font-medium after:absolute after:inset-0 after:content-[''] focus-visible:outline-none focus-visible:after:rounded-[inherit] focus-visible:after:ring-2 focus-visible:after:ring-accent"
              >
                {c.name}
              </Link>
              <p className="mt-0.5 truncate text-xs text-muted">{c.description || <span className="italic">No description</span>}</p>
              <p className="mt-1 text-xs text-muted sm:hidden">
                {plural(c.document_count, "document")} · {plural(c.chunk_count, "chunk")} · {modelLabel(c)}
              </p>
            </div>
            <span className="hidden truncate text-sm text-muted sm:block" title={`${c.dimensions} dimensions`}>
              {modelLabel(c)}
            </span>
            <span className="hidden text-sm tabular-nums sm:block" aria-label={plural(c.document_count, "document")}>
              {c.document_count.toLocaleString("en")}
            </span>
            <span className="hidden text-sm text-muted tabular-nums sm:block" aria-label={plural(c.chunk_count, "chunk")}>
              {c.chunk_count.toLocaleString("en")}
            </span>
            <div className="relative z-10 justify-self-end">
              <Menu
                label={`Actions for ${c.name}`}
                items={[
                  { label: "Open", href: collectionHref(c.id), icon: <OpenIcon /> },
                  "separator",
                  { label: "Delete…", onSelect: () => onDelete(c), icon: <TrashIcon />, danger: true },
                ]}
              />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function CollectionListSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div className="rounded-xl border border-border bg-surface" aria-busy="true" aria-label="Loading collections">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={`${GRID} border-b border-border px-4 py-3.5 last:border-b-0`}>
          <div className="space-y-2">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-3 w-64 max-w-full" />
          </div>
          <Skeleton className="hidden h-4 w-32 sm:block" />
          <Skeleton className="hidden h-4 w-8 sm:block" />
          <Skeleton className="hidden h-4 w-8 sm:block" />
          <Skeleton className="size-6" />
        </div>
      ))}
    </div>
  );
}
