"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { PlusIcon, TrashIcon } from "@/features/workflows/icons";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { MemoryCollectionRead, MemoryDocumentRead } from "@/lib/contracts";

import { AddDocumentDialog } from "./add-document-dialog";
import { ChunksDialog } from "./chunks-dialog";
import { DocumentList } from "./document-list";
import { MEMORY_HREF, useRefreshCollection } from "./hooks";
import { formatDate, modelLabel, plural } from "./lib";
import { SearchPanel } from "./search-panel";
import { ErrorBanner } from "@/components/ui/error-banner";

import { ConfirmDeleteDialog } from "./ui";

/** One collection: what it holds, search it, add, view and delete documents, delete it. */
export function CollectionView({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const refresh = useRefreshCollection();
  const collection = useQuery(
    trpc.memory.collection.queryOptions({ id }, { retry: (count, error) => count < 1 && !["NOT_FOUND", "UNAUTHORIZED"].includes(String(error.data?.code)) }),
  );
  const [adding, setAdding] = useState(false);
  const [viewing, setViewing] = useState<MemoryDocumentRead | null>(null);
  const [deletingDocument, setDeletingDocument] = useState<MemoryDocumentRead | null>(null);
  const [deletingCollection, setDeletingCollection] = useState(false);

  const removeDocument = useMutation(
    trpc.memory.deleteDocument.mutationOptions({
      onSuccess: () => {
        toast({ title: "Document deleted", tone: "success" });
        void refresh(id);
      },
      onError: (error) => toast({ title: "Could not delete the document", description: describeError(error).message, tone: "error" }),
    }),
  );
  const removeCollection = useMutation(
    trpc.memory.deleteCollection.mutationOptions({
      onSuccess: () => {
        queryClient.setQueryData<MemoryCollectionRead[]>(trpc.memory.collections.queryKey(), (old) => old?.filter((c) => c.id !== id));
        toast({ title: "Collection deleted", tone: "success" });
        router.push(MEMORY_HREF);
      },
      onError: (error) => toast({ title: "Could not delete the collection", description: describeError(error).message, tone: "error" }),
    }),
  );

  const back = (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm">
      <Link href={MEMORY_HREF} className="text-muted hover:text-foreground">
        ← Memory
      </Link>
    </nav>
  );

  if (collection.isError) {
    const error = describeError(collection.error);
    const missing = collection.error.data?.code === "NOT_FOUND";
    return (
      <>
        {back}
        <ErrorBanner
          title={missing ? "Collection not found" : error.engineDown ? "Can't reach the engine" : "Could not load the collection"}
          onRetry={missing ? undefined : () => void collection.refetch()}
          retrying={collection.isFetching}
        >
          {missing ? "It may have been deleted. Go back to Memory to see your collections." : error.message}
        </ErrorBanner>
      </>
    );
  }

  if (collection.isPending) {
    return (
      <div aria-busy="true" aria-label="Loading the collection">
        {back}
        <Skeleton className="h-8 w-64" />
        <Skeleton className="mt-2 h-4 w-96 max-w-full" />
        <Skeleton className="mt-8 h-24" />
        <Skeleton className="mt-6 h-48" />
      </div>
    );
  }

  const c = collection.data;
  return (
    <>
      {back}
      <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight">{c.name}</h1>
          {c.description ? <p className="mt-1 text-sm text-muted">{c.description}</p> : null}
          <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" data-testid="collection-stats">
            <div>
              <dt className="sr-only">Embedding model</dt>
              <dd title={`${c.dimensions} dimensions`}>{modelLabel(c)}</dd>
            </div>
            <div>
              <dt className="sr-only">Documents</dt>
              <dd>{plural(c.document_count, "document")}</dd>
            </div>
            <div>
              <dt className="sr-only">Chunks</dt>
              <dd>{plural(c.chunk_count, "chunk")}</dd>
            </div>
            <div>
              <dt className="sr-only">Created</dt>
              <dd>Created {formatDate(c.created_at)}</dd>
            </div>
          </dl>
        </div>
        <div className="flex items-center gap-2">
          <Button variant="secondary" onClick={() => setDeletingCollection(true)}>
            <TrashIcon />
            Delete collection
          </Button>
          <Button variant="primary" onClick={() => setAdding(true)}>
            <PlusIcon />
            Add document
          </Button>
        </div>
      </div>

      <SearchPanel collectionId={c.id} empty={c.chunk_count === 0} contents={`${c.document_count}:${c.chunk_count}:${c.updated_at}`} />
      <DocumentList collectionId={c.id} onView={setViewing} onDelete={setDeletingDocument} onAdd={() => setAdding(true)} />

      <AddDocumentDialog collectionId={c.id} open={adding} onClose={() => setAdding(false)} />
      <ChunksDialog document={viewing} onClose={() => setViewing(null)} />
      <ConfirmDeleteDialog
        name={deletingDocument?.title ?? null}
        description={
          deletingDocument ? (
            <>Its {plural(deletingDocument.chunk_count, "chunk")} leave the collection, so searches no longer find them. This cannot be undone.</>
          ) : null
        }
        confirmLabel="Delete document"
        onClose={() => setDeletingDocument(null)}
        onConfirm={() => deletingDocument && removeDocument.mutate({ id: deletingDocument.id })}
      />
      <ConfirmDeleteDialog
        name={deletingCollection ? c.name : null}
        description={
          <>
            Its {plural(c.document_count, "document")} and {plural(c.chunk_count, "chunk")} are deleted with it. This cannot
            be undone.
          </>
        }
        confirmLabel="Delete collection"
        onClose={() => setDeletingCollection(false)}
        onConfirm={() => removeCollection.mutate({ id: c.id })}
      />
    </>
  );
}
