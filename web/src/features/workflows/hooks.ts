"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";

import { useToast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import type { WorkflowRead } from "@/lib/contracts";

import { type WorkflowPages, patchWorkflow, removeWorkflow } from "./lib/cache";
import { describeError } from "./lib/errors";
import { exportFileName } from "./lib/files";

export const editorHref = (id: string) => `/workflows/${id}/edit`;

/** Snapshot every cached list page, apply `update` to them, and give back a rollback. */
function useOptimisticList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.workflows.list.pathKey();
  return {
    async apply(update: (data: WorkflowPages | undefined) => WorkflowPages | undefined) {
      await queryClient.cancelQueries({ queryKey: listKey });
      const previous = queryClient.getQueriesData<WorkflowPages>({ queryKey: listKey });
      queryClient.setQueriesData<WorkflowPages>({ queryKey: listKey }, update);
      return () => previous.forEach(([key, data]) => queryClient.setQueryData(key, data));
    },
    invalidate: () => queryClient.invalidateQueries({ queryKey: listKey }),
  };
}

/** Then open the new workflow in the editor. */
function useOpenInEditor() {
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (workflow: WorkflowRead) => {
    queryClient.setQueryData(trpc.workflows.get.queryKey({ id: workflow.id }), workflow);
    void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
    router.push(editorHref(workflow.id));
  };
}

export function useCreateWorkflow() {
  const trpc = useTRPC();
  const open = useOpenInEditor();
  return useMutation(trpc.workflows.create.mutationOptions({ onSuccess: open }));
}

export function useImportWorkflow() {
  const trpc = useTRPC();
  const open = useOpenInEditor();
  const { toast } = useToast();
  return useMutation(
    trpc.workflows.import.mutationOptions({
      onSuccess: (workflow) => {
        toast({ title: `Imported “${workflow.name}”`, tone: "success" });
        open(workflow);
      },
    }),
  );
}

export function useDuplicateWorkflow() {
  const trpc = useTRPC();
  const open = useOpenInEditor();
  const { toast } = useToast();
  return useMutation(
    trpc.workflows.duplicate.mutationOptions({
      onSuccess: (workflow) => {
        toast({ title: `Created “${workflow.name}”`, tone: "success" });
        open(workflow);
      },
      onError: (error) => toast({ title: "Could not duplicate the workflow", description: describeError(error).message, tone: "error" }),
    }),
  );
}

/** Renames in place at once; rolls back if the engine refuses. */
export function useRenameWorkflow() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useOptimisticList();
  const { toast } = useToast();
  return useMutation(
    trpc.workflows.update.mutationOptions({
      onMutate: async ({ id, name }) => ({ rollback: await list.apply((data) => patchWorkflow(data, id, name === undefined ? {} : { name })) }),
      onError: (error, _vars, context) => {
        context?.rollback();
        toast({ title: "Could not rename the workflow", description: describeError(error).message, tone: "error" });
      },
      onSuccess: (workflow) => queryClient.setQueryData(trpc.workflows.get.queryKey({ id: workflow.id }), workflow),
      onSettled: () => list.invalidate(),
    }),
  );
}

/** Removes the row at once; puts it back if the engine refuses. */
export function useDeleteWorkflow() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useOptimisticList();
  const { toast } = useToast();
  return useMutation(
    trpc.workflows.delete.mutationOptions({
      onMutate: async ({ id }) => ({ rollback: await list.apply((data) => removeWorkflow(data, id)) }),
      onError: (error, _vars, context) => {
        context?.rollback();
        toast({ title: "Could not delete the workflow", description: describeError(error).message, tone: "error" });
      },
      onSuccess: (_data, { id }) => queryClient.removeQueries({ queryKey: trpc.workflows.get.queryKey({ id }) }),
      onSettled: () => list.invalidate(),
    }),
  );
}

/** Fetches the export document and downloads it as `<name>.orrery.json`. */
export function useExportWorkflow() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [pendingId, setPendingId] = useState<string | null>(null);
  const exportWorkflow = useCallback(
    async (id: string) => {
      setPendingId(id);
      try {
        const document = await queryClient.fetchQuery(trpc.workflows.export.queryOptions({ id }, { staleTime: 0, gcTime: 0, retry: false }));
        const filename = exportFileName(document.name);
        download(filename, `${JSON.stringify(document, null, 2)}\n`);
        toast({ title: `Exported ${filename}`, tone: "success" });
      } catch (error) {
        toast({ title: "Could not export the workflow", description: describeError(error).message, tone: "error" });
      } finally {
        setPendingId(null);
      }
    },
    [queryClient, trpc, toast],
  );
  return { exportWorkflow, pendingId };
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
