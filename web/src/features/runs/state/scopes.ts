/**
 * Steps inside containers. A body step's `scope` names its iteration: `scenes[3]` is item 3
 * (0-based) of container `scenes` (a map's item or a loop's round), nested ones join with `/`
 * (`scenes[3]/refine[0]`). Each iteration's steps are one `ScopeRun`; each container run (its
 * `path`: `scenes`, or `scenes[3]/refine` inside item 3) has a `Progress`, counts of its items
 * by status kept up to date by the reducers as each step event moves one item, so drawing a
 * container's "12 of 40 done" never walks its items. Pure.
 */
import { emptyPMap, pget, pset, type PMap } from "./pmap";
import type { Attempt, NodeRun } from "./types";

/** Where an iteration is: its container run's path, the container node, the item's index. */
export type ScopeKey = { scope: string; path: string; container: string; index: number; parent: string | null };

const LAST = /^(?:(.*)\/)?([A-Za-z_][A-Za-z0-9_]*)\[(\d+)\]$/;

/** `a[0]/b[2]` -> path `a[0]/b`, container `b`, index 2, parent scope `a[0]`; null when malformed. */
export function parseScope(scope: string): ScopeKey | null {
  const match = LAST.exec(scope);
  if (!match) return null;
  const parent = match[1] ?? null;
  const container = match[2]!;
  return { scope, path: parent ? `${parent}/${container}` : container, container, index: Number(match[3]), parent };
}

/** The scope of item `index` of the container run at `path`. */
export const itemScope = (path: string, index: number) => `${path}[${index}]`;

/** The container run at `container` inside `scope` (null: at the top level). */
export const containerPath = (scope: string | null, container: string) => (scope ? `${scope}/${container}` : container);

/** A scope the API gives: None (or "") is the top level. */
export const normalScope = (scope: string | null | undefined): string | null => (scope ? scope : null);

/** One iteration's steps, by node id (a `NodeRun` per body node that has a step). */
export type ScopeRun = { scope: string; nodes: Readonly<Record<string, NodeRun>> };

export type ItemStatus = "pending" | "running" | "succeeded" | "failed" | "cancelled";

/** A container run's items by status (pending ones have no step yet and are not counted). */
export type Progress = {
  path: string;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Items with at least one step. */
  seen: number;
  /** The largest item index seen (-1: none). */
  maxIndex: number;
};

const emptyProgress = (path: string): Progress => ({ path, running: 0, succeeded: 0, failed: 0, cancelled: 0, seen: 0, maxIndex: -1 });

/** The attempt that holds a node's result: the last one, unless a retry superseded it. */
const current = (node: NodeRun): Attempt | null => {
  const last = node.attempts.at(-1);
  return last && !last.superseded ? last : null;
};

/**
 * What an iteration amounts to, from its steps and its container's body (`body`: the body's
 * node ids): failed as soon as one step failed for good (not handled by an error branch, no
 * retry pending); running while any step is queued, running or waiting, or some body nodes
 * have no result yet; succeeded when every body node has one (succeeded, skipped, or failed
 * and handled). O(body).
 */
export function itemStatus(run: ScopeRun | undefined, body: readonly string[]): ItemStatus {
  if (!run) return "pending";
  let any = false;
  let active = false;
  let cancelled = false;
  let settled = 0;
  for (const node of Object.values(run.nodes)) {
    const a = current(node);
    if (!a) continue;
    any = true;
    switch (a.status) {
      case "failed":
        if (a.retryDelayS !== null) active = true;
        else if (a.handled) settled += 1;
        else return "failed";
        break;
      case "succeeded":
      case "skipped":
        settled += 1;
        break;
      case "cancelled":
        cancelled = true;
        break;
      default:
        active = true;
    }
  }
  if (!any) return "pending";
  if (active) return "running";
  if (cancelled) return "cancelled";
  return body.length === 0 || settled >= body.length ? "succeeded" : "running";
}

const COUNTED = { running: "running", succeeded: "succeeded", failed: "failed", cancelled: "cancelled" } as const;

/** `progress` with one item moved from `before` to `after` (and seen when new). O(1). */
export function moveItem(progress: Progress, index: number, before: ItemStatus, after: ItemStatus): Progress {
  if (before === after && index <= progress.maxIndex) return progress;
  const next = { ...progress };
  if (before !== "pending") next[COUNTED[before]] -= 1;
  if (after !== "pending") next[COUNTED[after]] += 1;
  if (before === "pending" && after !== "pending") next.seen += 1;
  if (before !== "pending" && after === "pending") next.seen -= 1;
  next.maxIndex = Math.max(progress.maxIndex, index);
  return next;
}

export type Scoped = {
  scopes: PMap<ScopeRun>;
  progress: PMap<Progress>;
  bodies: Readonly<Record<string, readonly string[]>>;
};

/**
 * The scoped part of the state with iteration `scope` replaced by `update(its run)`, and its
 * container run's progress moved to match. O(body) whatever the number of items.
 */
export function withScope(state: Scoped, scope: string, update: (run: ScopeRun) => ScopeRun): Pick<Scoped, "scopes" | "progress"> {
  const before = pget(state.scopes, scope);
  const after = update(before ?? { scope, nodes: {} });
  if (after === before) return state;
  const scopes = pset(state.scopes, scope, after);
  const key = parseScope(scope);
  if (!key) return { scopes, progress: state.progress };
  const body = state.bodies[key.container] ?? [];
  const was = itemStatus(before, body);
  const now = itemStatus(after, body);
  const progress = pget(state.progress, key.path) ?? emptyProgress(key.path);
  const moved = moveItem(progress, key.index, was, now);
  return { scopes, progress: moved === progress && pget(state.progress, key.path) ? state.progress : pset(state.progress, key.path, moved) };
}

/** Every iteration's status counted afresh (a snapshot's seed). O(steps). */
export function progressOf(scopes: Iterable<[string, ScopeRun]>, bodies: Readonly<Record<string, readonly string[]>>): PMap<Progress> {
  const byPath = new Map<string, Progress>();
  for (const [scope, run] of scopes) {
    const key = parseScope(scope);
    if (!key) continue;
    const progress = byPath.get(key.path) ?? emptyProgress(key.path);
    byPath.set(key.path, moveItem(progress, key.index, "pending", itemStatus(run, bodies[key.container] ?? [])));
  }
  let map = emptyPMap<Progress>();
  for (const [path, p] of byPath) map = pset(map, path, p);
  return map;
}
