/**
 * A container's items as the run page shows them: which iteration a body node shows (the
 * item the user picked in each container around it), how many items there are, one row per
 * item (index, status, duration, error) read on demand for the rows in view, the failed
 * ones to retry, and which rows of a long list are drawn. Pure.
 */
import { pentries, pget } from "./pmap";
import { containerPath, itemScope, itemStatus, type ItemStatus, type Progress, type ScopeRun } from "./scopes";
import { currentAttempt } from "./selectors";
import type { Attempt, ErrorInfo, NodeRun, RunState } from "./types";

/** The item picked in each container (by container node id); none picked: not shown. */
export type PickedItems = Readonly<Record<string, number>>;

/** Each body node's container (by node id), from the pinned spec. */
export type Parents = ReadonlyMap<string, string>;

/** The containers around `nodeId`, outermost first. */
export function containersAround(nodeId: string, parents: Parents): string[] {
  const out: string[] = [];
  for (let at = parents.get(nodeId); at && !out.includes(at) && out.length < 32; at = parents.get(at)) out.unshift(at);
  return out;
}

/**
 * The iteration `nodeId`'s step is shown from: null at the top level; `scenes[3]` when item 3
 * of `scenes` is picked; undefined when a container around it has no item picked (nothing to show).
 */
export function scopeOf(nodeId: string, parents: Parents, picked: PickedItems): string | null | undefined {
  const around = containersAround(nodeId, parents);
  if (!around.length) return null;
  const parts: string[] = [];
  for (const c of around) {
    const index = picked[c];
    if (index === undefined) return undefined;
    parts.push(`${c}[${index}]`);
  }
  return parts.join("/");
}

/** The container run of `containerId` as shown: `scenes` at the top level, `scenes[3]/refine` inside item 3. */
export function runPathOf(containerId: string, parents: Parents, picked: PickedItems): string | undefined {
  const scope = scopeOf(containerId, parents, picked);
  return scope === undefined ? undefined : containerPath(scope, containerId);
}

/**
 * How many items the container run has: the length of its result list once it has one (a
 * map's `results`, a loop's), else what its step logged when it started them (a map logs
 * "Mapping over N item(s)" with `{count: N}`), else as many as have started so far
 * (`progress.maxIndex + 1`; `exact: false` then, the list may be longer).
 */
export function itemCount(progress: Progress | undefined, container: Attempt | null, run?: Pick<NodeRun, "logs">): { count: number; exact: boolean } {
  const output = container?.output as { results?: unknown; count?: unknown } | null | undefined;
  if (output && Array.isArray(output.results)) return { count: output.results.length, exact: true };
  if (output && typeof output.count === "number") return { count: output.count, exact: true };
  if (container && run) {
    for (let i = run.logs.length - 1; i >= 0; i--) {
      const log = run.logs[i]!;
      if (log.attempt === container.attempt && typeof log.data?.count === "number") return { count: log.data.count, exact: true };
    }
  }
  return { count: (progress?.maxIndex ?? -1) + 1, exact: false };
}

/**
 * The first iteration where `nodeId` waits for a person (an approval inside a map), as the items
 * it picks; null when none. O(iterations), on a click.
 */
export function waitingItems(state: Pick<RunState, "scopes">, nodeId: string): PickedItems | null {
  for (const [scope, run] of pentries(state.scopes)) {
    if (currentAttempt(run.nodes[nodeId])?.status === "waiting") return pickedFromScope(scope);
  }
  return null;
}

export type ItemRow = {
  index: number;
  scope: string;
  status: ItemStatus;
  startedAt: string | null;
  finishedAt: string | null;
  /** The first step that failed for good: which and why. */
  error: (ErrorInfo & { nodeId: string }) | null;
};

/** Item `index` of the container run at `path` (O(body)). */
export function itemRow(state: Pick<RunState, "scopes" | "bodies">, path: string, index: number, container: string): ItemRow {
  const scope = itemScope(path, index);
  const run: ScopeRun | undefined = pget(state.scopes, scope);
  let startedAt: string | null = null;
  let finishedAt: string | null = null;
  let error: ItemRow["error"] = null;
  for (const [nodeId, node] of Object.entries(run?.nodes ?? {})) {
    const a = currentAttempt(node);
    if (!a) continue;
    if (a.startedAt && (!startedAt || a.startedAt < startedAt)) startedAt = a.startedAt;
    if (a.finishedAt && (!finishedAt || a.finishedAt > finishedAt)) finishedAt = a.finishedAt;
    if (!error && a.status === "failed" && !a.handled && a.error && a.retryDelayS === null) error = { ...a.error, nodeId };
  }
  const status = itemStatus(run, state.bodies[container] ?? []);
  return { index, scope, status, startedAt, finishedAt: status === "running" ? null : finishedAt, error };
}

/** The failed items of the container run (what "retry failed items" re-runs). O(count x body), on demand. */
export function failedItems(state: Pick<RunState, "scopes" | "bodies">, path: string, count: number, container: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (itemStatus(pget(state.scopes, itemScope(path, i)), state.bodies[container] ?? []) === "failed") out.push(i);
  return out;
}

/** The rows of a list of `count` rows of `rowHeight` px drawn for a viewport at `scrollTop` (with `overscan` around). */
export function visibleRows(count: number, scrollTop: number, viewport: number, rowHeight: number, overscan = 6): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(viewport, rowHeight) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, first + shown + overscan) };
}

/** The items a scope picks (`scenes[3]/refine[0]` -> scenes 3, refine 0): a link to a step inside containers. */
export function pickedFromScope(scope: string | null | undefined): PickedItems {
  const picked: Record<string, number> = {};
  for (const part of (scope ?? "").split("/")) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\[(\d+)\]$/.exec(part);
    if (match) picked[match[1]!] = Number(match[2]);
  }
  return picked;
}
