"use client";

import { useEffect, useState } from "react";

import { useTRPCClient } from "@/lib/trpc/client";

import { useEditorStoreApi } from "../store/context";
import { documentOf } from "../store/store";

export const VALIDATE_DEBOUNCE_MS = 400;

export type ValidationStatus = "idle" | "checking" | "done" | "failed";

/** Validates the document with the engine ~400 ms after the user stops editing. */
export function useValidation(): ValidationStatus {
  const store = useEditorStoreApi();
  const client = useTRPCClient();
  const [status, setStatus] = useState<ValidationStatus>("idle");

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let latest = 0;
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.rev === prev.rev) return;
      clearTimeout(timer);
      setStatus("checking");
      timer = setTimeout(async () => {
        const ticket = ++latest;
        const current = store.getState();
        try {
          // With its id: a sub-workflow node that leads back to this workflow is a problem too.
          const result = await client.workflows.validate.mutate({ spec: documentOf(current), workflowId: current.workflowId });
          if (ticket !== latest) return; // a newer check is on its way
          store.getState().actions.setProblems(result.errors);
          setStatus("done");
        } catch {
          if (ticket === latest) setStatus("failed");
        }
      }, VALIDATE_DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, client]);

  return status;
}
