"use client";

import { useQuery } from "@tanstack/react-query";

import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { MemoryDocumentRead } from "@/lib/contracts";

import { formatDate, plural, sourceLabel } from "./lib";

/** A document's chunks, in order: what a search can return of it. */
export function ChunksDialog({ document, onClose }: { document: MemoryDocumentRead | null; onClose: () => void }) {
  return (
    <Dialog
      open={document !== null}
      onClose={onClose}
      size="lg"
      title={<span className="break-words">{document?.title}</span>}
      description={
        document ? (
          <>
            {sourceLabel(document)} · {plural(document.chunk_count, "chunk")} · {plural(document.char_count, "character")} · added {formatDate(document.created_at, true)}
          </>
        ) : null
      }
    >
      {document ? <ChunkList documentId={document.id} /> : null}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} autoFocus>
          Close
        </Button>
      </DialogFooter>
    </Dialog>
  );
}

function ChunkList({ documentId }: { documentId: string }) {
  const trpc = useTRPC();
  const chunks = useQuery(trpc.memory.chunks.queryOptions({ documentId }));
  if (chunks.isError) {
    return (
      <p role="alert" className="text-sm text-danger">
        {describeError(chunks.error).message}
      </p>
    );
  }
  if (chunks.isPending) {
    return (
      <div aria-busy="true" aria-label="Loading chunks" className="space-y-2">
        <Skeleton className="h-16" />
        <Skeleton className="h-16" />
      </div>
    );
  }
  return (
    <ol aria-label="Chunks" className="max-h-[60vh] space-y-2 overflow-y-auto pr-1">
      {chunks.data.map((chunk) => (
        <li key={chunk.id} data-testid="chunk" className="rounded-lg border border-border bg-background px-3 py-2">
          <p className="text-xs font-medium text-muted">Chunk {chunk.chunk_index + 1}</p>
          <p className="mt-1 text-sm break-words whitespace-pre-wrap">{chunk.content}</p>
        </li>
      ))}
    </ol>
  );
}
