"use client";

import { useId, useState } from "react";

export type DecisionInput = { approved: boolean; comment: string | null; output?: unknown };

/** Approve or reject a waiting approval step, with a comment and (when allowed) an edited value. */
export function DecisionForm({
  message,
  value,
  allowEdit,
  pending,
  error,
  onDecide,
}: {
  message: string | null;
  value: unknown;
  allowEdit: boolean;
  pending: boolean;
  error: string | null;
  onDecide: (decision: DecisionInput) => void;
}) {
  const id = useId();
  const [comment, setComment] = useState("");
  const initial = typeof value === "string" ? value : JSON.stringify(value ?? null, null, 2);
  const [edited, setEdited] = useState(initial);
  const [editError, setEditError] = useState<string | null>(null);

  const decide = (approved: boolean) => {
    let output: unknown;
    if (approved && allowEdit && edited !== initial) {
      if (typeof value === "string") output = edited;
      else {
        try {
          output = JSON.parse(edited);
        } catch {
          setEditError("The edited value is not valid JSON.");
          return;
        }
      }
    }
    setEditError(null);
    onDecide({ approved, comment: comment.trim() || null, ...(output !== undefined ? { output } : {}) });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-xl border border-amber-500/40 bg-amber-500/5 p-3">
      <h3 id={`${id}-title`} className="flex items-center gap-2 text-sm font-semibold text-amber-800 dark:text-amber-200">
        Waiting for your decision
      </h3>
      {message ? <p className="mt-1 whitespace-pre-wrap text-sm">{message}</p> : null}
      {allowEdit ? (
        <div className="mt-3">
          <label htmlFor={`${id}-value`} className="text-xs font-medium text-muted">
            Value (you may edit it before approving)
          </label>
          <textarea
            id={`${id}-value`}
            value={edited}
            onChange={(e) => setEdited(e.target.value)}
            rows={Math.min(12, Math.max(3, edited.split("\n").length))}
            className="mt-1 w-full rounded-lg border border-border bg-surface p-2 font-mono text-xs"
            aria-invalid={editError ? true : undefined}
          />
        </div>
      ) : null}
      <div className="mt-3">
        <label htmlFor={`${id}-comment`} className="text-xs font-medium text-muted">
          Comment (optional)
        </label>
        <textarea
          id={`${id}-comment`}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={2}
          className="mt-1 w-full rounded-lg border border-border bg-surface p-2 text-sm"
          placeholder="Why, for the record"
        />
      </div>
      {editError || error ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          {editError ?? error}
        </p>
      ) : null}
      <div className="mt-3 flex gap-2">
        <button
          type="button"
          disabled={pending}
          onClick={() => decide(true)}
          className="inline-flex items-center rounded-lg bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm transition hover:bg-emerald-700 disabled:opacity-60"
        >
          Approve
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => decide(false)}
          className="inline-flex items-center rounded-lg border border-border bg-surface px-3 py-1.5 text-sm font-medium text-danger transition hover:bg-danger-surface disabled:opacity-60"
        >
          Reject
        </button>
      </div>
    </section>
  );
}
