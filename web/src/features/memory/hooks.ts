"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

import { useTRPC } from "@/lib/trpc/client";

export const MEMORY_HREF = "/memory";
export const collectionHref = (id: string) => `${MEMORY_HREF}/${id}`;

/** After a document is added or deleted: the collection's counts, its documents and the list are stale. */
export function useRefreshCollection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (collectionId: string) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.memory.collection.queryKey({ id: collectionId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.memory.documents.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.memory.collections.queryKey() }),
      ]),
    [trpc, queryClient],
  );
}
