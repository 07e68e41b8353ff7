"use client";

/**
 * The planner in the editor: the notes of a draft saved as a new workflow, "Describe what
 * you want" on an empty canvas, the banner naming the planner of the draft on the canvas, the
 * schedule the request asked for (offered, ticked, created on save), each step's explanation
 * in the inspector, and "Change it so that…" (a proposed diff the user accepts or rejects).
 * Every draft lands as an unsaved, undoable change.
 */
import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";

import { DescribeForm } from "@/features/planner/describe-form";
import { PlannerChoice } from "@/features/planner/planner-choice";
import { takeNotes } from "@/features/planner/draft-stash";
import { offerLabel, offerOf } from "@/features/planner/schedule-offer";
import { plannerLabel, type RefineResult } from "@/features/planner/types";
import { browserTimeZone } from "@/features/triggers/lib";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { useEditor, useEditorStoreApi } from "../store/context";
import { isDirty } from "../store/store";
import type { WorkflowDoc } from "../types";
import { Dialog, buttonClass, primaryButtonClass } from "./dialog";

/** The notes of a draft just saved as this new workflow (its planner, a note per step), once. */
export function useStashedNotes(workflowId: string) {
  const actions = useEditor((s) => s.actions);
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !workflowId) return;
    done.current = true;
    const notes = takeNotes(workflowId);
    if (!notes) return;
    actions.setDraftNotes({ planner: notes.planner, explanations: notes.explanations });
    if (notes.notice) actions.notify(notes.notice, "success");
  }, [actions, workflowId]);
}

const isEmpty = (types: readonly string[]) => types.every((t) => t === "input" || t === "output");

/**
 * On a canvas with nothing but an input and an output: describe the workflow instead. Drawn
 * at the bottom so the top of the canvas stays free for the first nodes dropped by hand;
 * it can be closed.
 */
export function EmptyCanvasDescribe() {
  const empty = useEditor((s) => isEmpty(s.nodes.map((n) => n.data.type)));
  const actions = useEditor((s) => s.actions);
  const [closed, setClosed] = useState(false);
  if (!empty || closed) return null;
  return (
    <div className="pointer-events-none absolute inset-x-0 bottom-8 z-10 flex justify-center px-4">
      <div className="pointer-events-auto relative w-[min(34rem,60%)] rounded-xl border border-border bg-surface p-4 shadow-lg" data-testid="empty-canvas-describe">
        <button type="button" aria-label="Close" title="Close" onClick={() => setClosed(true)} className="absolute top-2 right-2 rounded-md px-1.5 text-muted hover:bg-surface-muted hover:text-foreground">
          ×
        </button>
        <DescribeForm
          compact
          onDrafted={(result) => {
            actions.applyDraft(result.document as WorkflowDoc, { planner: result.planner, explanations: result.explanations, schedule: offerOf(result) });
            actions.notify(`Drafted by ${plannerLabel(result.planner)}: review it, then save`, "success");
          }}
        />
      </div>
    </div>
  );
}

/** Over the canvas while a draft is on it: which planner drafted it, and whether it is saved. */
export function DraftBanner() {
  const draft = useEditor((s) => s.draft);
  const dirty = useEditor(isDirty);
  if (!draft) return null;
  return (
    <div className="pointer-events-none absolute top-3 left-3 z-10 rounded-lg border border-accent/30 bg-surface/95 px-3 py-1.5 text-xs shadow-sm" data-testid="draft-banner">
      Drafted by <strong>{plannerLabel(draft.planner)}</strong> · {dirty ? "not saved yet" : "saved"}
    </div>
  );
}

/**
 * Under the banner while the draft's schedule is not settled: "Create schedule: every Monday at
 * 09:00 (Europe/Paris)", ticked by default; saving creates it. A phrase the planner could not
 * read shows its note instead (the Triggers panel takes a cron by hand).
 */
export function ScheduleOfferCard() {
  const offer = useEditor((s) => s.draft?.schedule);
  const actions = useEditor((s) => s.actions);
  const id = useId();
  const [zone] = useState(browserTimeZone);
  if (!offer) return null;
  return (
    <div className="absolute top-12 left-3 z-10 max-w-md rounded-lg border border-accent/30 bg-surface/95 px-3 py-2 text-xs shadow-sm" data-testid="schedule-offer">
      {offer.cron ? (
        <>
          <label htmlFor={id} className="flex items-center gap-2">
            <input id={id} type="checkbox" checked={offer.create} onChange={(e) => actions.chooseSchedule(e.target.checked)} />
            <span>
              Create schedule: <strong>{offerLabel(offer, zone)}</strong>
            </span>
          </label>
          <p className="mt-0.5 pl-5 text-muted">{offer.create ? "Made when you save; its runs use the inputs' defaults." : "Not made: you asked for “" + offer.phrase + "”."}</p>
          {offer.note ? <p className="mt-0.5 pl-5 text-muted">{offer.note}</p> : null}
        </>
      ) : (
        <p>{offer.note}</p>
      )}
    </div>
  );
}

/** In the inspector: why the planner put this step here. */
export function NodeExplanation({ nodeId }: { nodeId: string }) {
  const text = useEditor((s) => s.draft?.explanations[nodeId]);
  if (!text) return null;
  return (
    <p className="mx-4 mt-4 rounded-lg border border-accent/25 bg-accent/5 px-3 py-2 text-xs leading-snug" data-testid="node-explanation">
      <span className="font-medium">Why this step: </span>
      {text}
    </p>
  );
}

/** "Change it so that…": the instruction, then the proposed diff to accept (an unsaved change) or reject. */
export function RefineDialog({ workflowId, open, onClose }: { workflowId: string; open: boolean; onClose(): void }) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const refine = useMutation(trpc.planner.refine.mutationOptions());
  const [text, setText] = useState("");
  const [credentialId, setCredentialId] = useState("");
  const [proposal, setProposal] = useState<RefineResult | null>(null);
  const field = useId();
  const dirty = useEditor(isDirty);
  const close = () => {
    setProposal(null);
    refine.reset();
    onClose();
  };
  const accept = () => {
    if (!proposal) return;
    store.getState().actions.applyDraft(proposal.document as WorkflowDoc, { planner: proposal.planner, explanations: proposal.explanations });
    store.getState().actions.notify("Change applied: review it, then save", "success");
    setText("");
    close();
  };
  const diff = proposal?.diff;
  return (
    <Dialog
      open={open}
      title={proposal ? "Proposed change" : "Change it so that…"}
      testId="refine-dialog"
      onClose={close}
      actions={
        proposal ? (
          <>
            <button type="button" className={buttonClass} onClick={close}>
              Reject
            </button>
            <button type="button" className={primaryButtonClass} onClick={accept}>
              Accept
            </button>
          </>
        ) : (
          <>
            <button type="button" className={buttonClass} onClick={close}>
              Cancel
            </button>
            <button
              type="button"
              className={primaryButtonClass}
              disabled={!text.trim() || refine.isPending || dirty}
              onClick={() => void refine.mutateAsync({ id: workflowId, instruction: text.trim(), credentialId: credentialId || null }).then(setProposal, () => null)}
            >
              {refine.isPending ? "Proposing…" : "Propose"}
            </button>
          </>
        )
      }
    >
      {proposal && diff ? (
        <div data-testid="refine-diff">
          <p className="text-foreground">{diff.summary}</p>
          <ul className="mt-2 space-y-0.5 text-xs">
            {diff.added.map((c) => (
              <li key={`a-${c.id}`} className="text-success">
                + {c.label ?? c.id} <span className="text-muted">({c.type})</span>
              </li>
            ))}
            {diff.removed.map((c) => (
              <li key={`r-${c.id}`} className="text-danger">
                − {c.label ?? c.id} <span className="text-muted">({c.type})</span>
              </li>
            ))}
            {diff.changed.map((c) => (
              <li key={`c-${c.id}`}>
                ~ {c.label ?? c.id} <span className="text-muted">({c.type})</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs">Accepting puts it on the canvas as an unsaved change; nothing is saved until you save.</p>
        </div>
      ) : (
        <div className="space-y-2">
          <label htmlFor={field} className="sr-only">
            Change it so that…
          </label>
          <textarea
            id={field}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={1000}
            rows={3}
            placeholder="e.g. “ask me before saving to memory”, “remove the research step”, “then summarise it”"
            className="block w-full resize-y rounded-md border border-border bg-background px-3 py-2 text-sm text-foreground"
          />
          <div className="mt-2">
            <PlannerChoice value={credentialId} onChange={setCredentialId} />
          </div>
          {dirty ? <p className="text-xs">Save your changes first: a change is proposed on the saved version.</p> : null}
          {refine.error ? (
            <p role="alert" className="text-xs text-danger">
              {describeError(refine.error).message}
            </p>
          ) : null}
        </div>
      )}
    </Dialog>
  );
}
