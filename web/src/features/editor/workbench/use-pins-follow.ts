"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { pinMoves, type Renames } from "../lib/rename";

/**
 * After a save: the pins of renamed nodes follow them to their new ids (pins are stored by node
 * id, and a test run reads them by the saved version's ids). Outputs are put under the new ids
 * before the old ids are unpinned, so a failure half way loses no pin; the renames stay in the
 * draft until every move is done, and the next save tries again. Returns whether all moved.
 */
export function usePinsFollow(workflowId: string): (renames: Renames) => Promise<boolean> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pin = useMutation(trpc.workbench.pin.mutationOptions());
  const unpin = useMutation(trpc.workbench.unpin.mutationOptions());
  return useCallback(
    async (renames: Renames) => {
      if (!workflowId || !Object.keys(renames).length) return true;
      const key = trpc.workbench.pins.queryKey({ workflowId });
      try {
        const pins = await queryClient.fetchQuery({ ...trpc.workbench.pins.queryOptions({ workflowId }), staleTime: 0 });
        const moves = pinMoves(new Map(pins.map((p) => [p.node_id, p.output] as const)), renames);
        for (const [nodeId, output] of moves.put) await pin.mutateAsync({ workflowId, nodeId, output });
        for (const nodeId of moves.remove) await unpin.mutateAsync({ workflowId, nodeId });
        return true;
      } catch {
        return false;
      } finally {
        await queryClient.invalidateQueries({ queryKey: key });
      }
    },
    [workflowId, trpc, queryClient, pin, unpin],
  );
}
