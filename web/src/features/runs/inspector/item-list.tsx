"use client";
/**
 * A container's items in its inspector: one row per item (index, status, duration, error),
 * the picked one highlighted; picking one shows its body steps on the graph. A map can have
 * 1,000 items: only the rows in view are drawn (fixed-height rows, `visibleRows`), each read
 * from the model when drawn. "Failed only" filters to the failed ones; retry buttons re-run
 * the picked item or every failed one once the run has ended.
 */
import { useMemo, useState, type UIEvent } from "react";

import { formatDuration } from "../format";
import { failedItems, itemRow, visibleRows, type ItemRow } from "../state/items";
import type { Progress } from "../state/scopes";
import type { RunState } from "../state/types";
import { StatusBadge } from "../status";
import { useNow } from "../use-now";

const ROW = 34;
const VIEWPORT = 288;

export type ItemListProps = {
  state: Pick<RunState, "scopes" | "bodies">;
  /** The container run (`scenes`, or `scenes[3]/refine` inside an item). */
  path: string;
  container: string;
  progress: Progress | null;
  count: { count: number; exact: boolean };
  picked: number | null;
  onPick: (index: number) => void;
  /** Null while the run has not ended (the engine retries a finished run). */
  retry: { item: (index: number) => void; failed: () => void; pending: boolean } | null;
  /** "item" for a map, "round" for a loop. */
  noun: string;
  /** An iteration as people say it: "item 3", "round 1". */
  name: (index: number) => string;
};

export function ItemList({ state, path, container, progress, count, picked, onPick, retry, noun, name }: ItemListProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const [failedOnly, setFailedOnly] = useState(false);
  const failedCount = progress?.failed ?? 0;
  // The failed indexes, read again only when the counts change (not per frame).
  const failed = useMemo(
    () => (failedOnly ? failedItems(state, path, count.count, container) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `progress` changes whenever an item's status does
    [failedOnly, progress, path, count.count, container],
  );
  const total = failed ? failed.length : count.count;
  const { start, end } = visibleRows(total, scrollTop, VIEWPORT, ROW);
  const rows: ItemRow[] = [];
  for (let i = start; i < end; i++) rows.push(itemRow(state, path, failed ? failed[i]! : i, container));
  const live = rows.some((r) => r.status === "running");
  const now = useNow(live, 500);

  return (
    <div data-testid="item-list" data-count={count.count}>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <span className="text-muted" data-testid="item-count">
          {count.count ? `${count.count}${count.exact ? "" : "+"} ${noun}${count.count === 1 ? "" : "s"}` : `No ${noun}s yet`}
        </span>
        {failedCount ? (
          <label className="inline-flex cursor-pointer items-center gap-1 text-muted">
            <input type="checkbox" className="size-3.5 accent-[var(--accent)]" checked={failedOnly} onChange={(e) => (setScrollTop(0), setFailedOnly(e.target.checked))} />
            Failed only ({failedCount})
          </label>
        ) : null}
        {retry && failedCount ? (
          <button type="button" onClick={retry.failed} disabled={retry.pending} className="ml-auto rounded-md border border-border px-2 py-0.5 font-medium hover:bg-surface-muted disabled:opacity-50">
            Retry failed {noun}s ({failedCount})
          </button>
        ) : null}
      </div>
      <div
        role="listbox"
        aria-label={`${noun}s`}
        className="relative overflow-y-auto rounded-lg border border-border"
        style={{ height: Math.min(VIEWPORT, Math.max(ROW, total * ROW)) }}
        onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div style={{ height: total * ROW, position: "relative" }}>
          {rows.map((row, i) => {
            const duration = row.startedAt ? (row.finishedAt ? Date.parse(row.finishedAt) : now) - Date.parse(row.startedAt) : null;
            const on = row.index === picked;
            return (
              <div
                key={row.index}
                role="option"
                aria-selected={on}
                tabIndex={0}
                onClick={() => onPick(row.index)}
                onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), onPick(row.index))}
                className={`absolute inset-x-0 flex cursor-pointer items-center gap-2 border-b border-border/60 px-2 text-xs ${on ? "bg-accent/10" : "hover:bg-surface-muted"}`}
                style={{ top: (start + i) * ROW, height: ROW }}
                data-testid={`item-${row.index}`}
                data-item-status={row.status}
              >
                <span className="w-16 shrink-0 truncate tabular-nums text-muted">{name(row.index)}</span>
                <StatusBadge status={row.status === "pending" ? "pending" : row.status} className="!py-0" />
                <span className="w-14 shrink-0 text-right tabular-nums text-muted">{duration !== null ? formatDuration(Math.max(0, duration)) : ""}</span>
                <span className="min-w-0 flex-1 truncate text-danger" title={row.error ? `${row.error.nodeId}: ${row.error.message}` : undefined}>
                  {row.error ? `${row.error.nodeId}: ${row.error.message}` : ""}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {retry && picked !== null ? (
        <button type="button" onClick={() => retry.item(picked)} disabled={retry.pending} className="mt-2 rounded-md border border-border px-2 py-1 text-xs font-medium hover:bg-surface-muted disabled:opacity-50">
          Retry {name(picked)}
        </button>
      ) : null}
    </div>
  );
}
