/**
 * The run page's model for control flow: body steps keyed by their iteration (`scope`),
 * each container's progress counted as events arrive (done / failed / running of N), handled
 * failures (the run goes on down the error branch), a sub-workflow's child run, and the
 * container's item list (rows on demand, the failed ones, the rows in view).
 */
import { describe, expect, it } from "vitest";

import { failedItems, itemCount, itemRow, runPathOf, scopeOf, visibleRows, waitingItems } from "@/features/runs/state/items";
import { applyRunEvents, applySeed } from "@/features/runs/state/machine";
import { emptyPMap, pentries, pget, pset } from "@/features/runs/state/pmap";
import { applyRunEvent } from "@/features/runs/state/reducers";
import { parseScope } from "@/features/runs/state/scopes";
import { currentAttempt, displayStatus, edgeState, failedNodeId, streamedText } from "@/features/runs/state/selectors";
import type { RunEvent, RunRead, RunState } from "@/features/runs/state/types";

const RUN = "run-1";
const T0 = "2026-01-01T00:00:00.000Z";
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();
type StepRead = NonNullable<RunRead["steps"]>[number];

const runRead = (over: Partial<RunRead> = {}): RunRead => ({
  id: RUN, workflow_id: "wf-1", workflow_version: 1, status: "running", inputs: {}, cost_usd: 0, tokens_in: 0, tokens_out: 0, last_event_seq: 1, created_at: T0, depth: 0, trigger_kind: "manual", kind: "run", steps: [], logs: [], ...over,
});
const step = (over: Partial<StepRead>): StepRead => ({ id: `s-${over.scope ?? ""}-${over.node_id}-${over.attempt ?? 1}`, node_id: "shot", attempt: 1, status: "queued", handled: false, created_at: T0, cost_usd: 0, cost_unknown: false, cached: false, tokens_in: 0, tokens_out: 0, executions: 1, ...over });
const ev = (type: RunEvent["type"], fields: Record<string, unknown> = {}) => ({ type, run_id: RUN, at: at(0), ...fields }) as unknown as RunEvent;

/** script -> scenes (map: shot -> caption) -> out */
const SHAPE = { nodeIds: ["script", "scenes", "out"], bodies: { scenes: ["shot", "caption"] } };
const fresh = (): RunState => applySeed(null, runRead(), SHAPE);
let seq = 1;
const apply = (state: RunState, ...events: RunEvent[]) => applyRunEvents(state, events.map((event) => ({ event, seq: ++seq })));

/** Both body steps of item `i` of `scenes`, succeeding (or `fail`ing at caption). */
function item(i: number, outcome: "ok" | "fail" | "running" = "ok"): RunEvent[] {
  const scope = `scenes[${i}]`;
  const events = [ev("step.started", { node_id: "shot", scope, at: at(i) }), ev("step.succeeded", { node_id: "shot", scope, at: at(i + 1), output: `shot ${i}` })];
  if (outcome === "running") return [...events, ev("step.started", { node_id: "caption", scope, at: at(i + 1) })];
  events.push(ev("step.started", { node_id: "caption", scope, at: at(i + 1) }));
  events.push(
    outcome === "ok"
      ? ev("step.succeeded", { node_id: "caption", scope, at: at(i + 2), output: `caption ${i}` })
      : ev("step.failed", { node_id: "caption", scope, at: at(i + 2), error: { code: "boom", message: `item ${i} broke` } }),
  );
  return events;
}

describe("body steps are kept per iteration", () => {
  it("keeps each item's steps apart, and the top-level node of the same id untouched", () => {
    // Given two items of the map running the same body nodes
    const state = apply(fresh(), ...item(0), ...item(1, "running"));
    // Then each iteration has its own steps and outputs
    expect(currentAttempt(pget(state.scopes, "scenes[0]")!.nodes.caption)).toMatchObject({ status: "succeeded", output: "caption 0" });
    expect(currentAttempt(pget(state.scopes, "scenes[1]")!.nodes.caption)).toMatchObject({ status: "running" });
    expect(currentAttempt(pget(state.scopes, "scenes[1]")!.nodes.shot)).toMatchObject({ output: "shot 1" });
    // And nothing leaked to the top level
    expect(state.nodes.shot).toBeUndefined();
    expect(state.nodes.scenes!.attempts).toEqual([]);
  });

  it("keeps logs and streamed text per iteration", () => {
    const state = apply(
      fresh(),
      ev("step.log", { node_id: "caption", scope: "scenes[2]", message: "for item 2" }),
      ev("step.started", { node_id: "caption", scope: "scenes[2]", at: at(1) }),
    );
    const streamed = applyRunEvent(state, ev("step.delta", { node_id: "caption", scope: "scenes[2]", text: "Hel" }), null);
    const caption = pget(streamed.scopes, "scenes[2]")!.nodes.caption!;
    expect(caption.logs.map((l) => l.message)).toEqual(["for item 2"]);
    expect(streamedText(streamed, "caption", currentAttempt(caption), "scenes[2]")).toBe("Hel");
    expect(streamedText(streamed, "caption", currentAttempt(caption))).toBe("");
  });

  it("seeds a snapshot's body steps and logs into their iterations, counting the progress once", () => {
    const state = applySeed(
      null,
      runRead({
        steps: [
          step({ node_id: "script", status: "succeeded" }),
          step({ node_id: "scenes", status: "running" }),
          step({ node_id: "shot", scope: "scenes[0]", status: "succeeded" }),
          step({ node_id: "caption", scope: "scenes[0]", status: "succeeded" }),
          step({ node_id: "shot", scope: "scenes[1]", status: "failed", error: { code: "x", message: "no" } }),
          step({ node_id: "shot", scope: "scenes[2]", status: "running" }),
        ],
        logs: [{ seq: 1, node_id: "shot", scope: "scenes[1]", attempt: 1, at: T0, level: "error", message: "no" }],
      }),
      SHAPE,
    );
    expect(pget(state.progress, "scenes")).toMatchObject({ succeeded: 1, failed: 1, running: 1, seen: 3, maxIndex: 2 });
    expect(pget(state.scopes, "scenes[1]")!.nodes.shot!.logs.map((l) => l.message)).toEqual(["no"]);
    expect(state.nodes.shot).toBeUndefined();
  });
});

describe("a container's progress", () => {
  it("counts done, failed and running items as their steps move, without walking the items", () => {
    let state = fresh();
    state = apply(state, ...item(0), ...item(1, "fail"), ...item(2, "running"));
    expect(pget(state.progress, "scenes")).toMatchObject({ succeeded: 1, failed: 1, running: 1, seen: 3, maxIndex: 2 });
    // When item 2 finishes, it moves from running to done
    state = apply(state, ev("step.succeeded", { node_id: "caption", scope: "scenes[2]", at: at(9) }));
    expect(pget(state.progress, "scenes")).toMatchObject({ succeeded: 2, failed: 1, running: 0 });
  });

  it("does not call an item done while a body node has no result yet", () => {
    const state = apply(fresh(), ev("step.succeeded", { node_id: "shot", scope: "scenes[0]", at: at(1) }));
    expect(pget(state.progress, "scenes")).toMatchObject({ succeeded: 0, running: 1 });
  });

  it("counts a step waiting for its retry as running, not failed", () => {
    const state = apply(fresh(), ev("step.retrying", { node_id: "shot", scope: "scenes[0]", at: at(1), delay_s: 2, error: { code: "t", message: "slow" } }));
    expect(pget(state.progress, "scenes")).toMatchObject({ failed: 0, running: 1 });
  });

  it("copies a constant amount per event in a 1,000-item map: other iterations and progress buckets are shared", () => {
    // Given a map whose 1,000 items have all run
    let state = fresh();
    const all: RunEvent[] = [];
    for (let i = 0; i < 1000; i++) all.push(...item(i));
    state = apply(state, ...all);
    expect(pget(state.progress, "scenes")).toMatchObject({ succeeded: 1000, seen: 1000 });
    // When one more event arrives for item 500
    const next = apply(state, ev("step.log", { node_id: "shot", scope: "scenes[500]", message: "late" }));
    // Then every other iteration is the very same object, and at most one bucket of the trie changed
    let same = 0;
    for (const [scope, run] of pentries(next.scopes)) if (pget(state.scopes, scope) === run) same += 1;
    expect(same).toBe(999);
    const changedLeaves = next.scopes.root.filter((leaf, i) => leaf !== state.scopes.root[i]).length;
    expect(changedLeaves).toBe(1);
  });
});

describe("handled failures", () => {
  const edges = { ok: { source: "script", target: "out", source_handle: null }, onError: { source: "script", target: "fallback", source_handle: "error" } };

  it("shows a failure the error branch took as handled, with the error as its output, and follows only that branch", () => {
    // Given `script` failed on its last attempt and its error edge took it
    const state = apply(fresh(), ev("step.failed", { node_id: "script", attempt: 2, at: at(3), handled: true, error: { code: "http_status", message: "502 from the API" } }));
    const attempt = currentAttempt(state.nodes.script)!;
    // Then the step reads "failed, handled" with the error as its output
    expect(displayStatus(attempt)).toBe("handled");
    expect(attempt.output).toEqual({ error: { code: "http_status", message: "502 from the API", attempt: 2 } });
    // And the error branch is the one taken, the normal one not
    expect(edgeState(state, edges.onError)).toBe("taken");
    expect(edgeState(state, edges.ok)).toBe("untaken");
    // And it is not where a retry would start: the run did not fail there
    expect(failedNodeId(state)).toBeNull();
  });

  it("never takes an error branch on success or on a failure it did not handle", () => {
    const ok = apply(fresh(), ev("step.succeeded", { node_id: "script", at: at(1) }));
    expect(edgeState(ok, edges.onError)).toBe("untaken");
    expect(edgeState(ok, edges.ok)).toBe("taken");
    const failed = apply(fresh(), ev("step.failed", { node_id: "script", at: at(1), error: { code: "x", message: "no" } }));
    expect(displayStatus(currentAttempt(failed.nodes.script))).toBe("failed");
    expect(edgeState(failed, edges.onError)).toBe("untaken");
    expect(failedNodeId(failed)).toBe("script");
  });

  it("counts an item whose body failure was handled as done", () => {
    const state = apply(
      fresh(),
      ev("step.failed", { node_id: "shot", scope: "scenes[0]", at: at(1), handled: true, error: { code: "x", message: "no" } }),
      ev("step.succeeded", { node_id: "caption", scope: "scenes[0]", at: at(2) }),
    );
    expect(pget(state.progress, "scenes")).toMatchObject({ succeeded: 1, failed: 0 });
  });
});

describe("a sub-workflow's child run", () => {
  it("is known while the step waits and after it ends", () => {
    const child = "7d3f7a52-1111-4c1e-9a55-3a1e2b3c4d5e";
    const waiting = apply(fresh(), ev("step.waiting", { node_id: "script", at: at(1), output: { run_id: child } }));
    expect(currentAttempt(waiting.nodes.script)).toMatchObject({ status: "waiting", childRunId: child });
    const done = apply(waiting, ev("step.succeeded", { node_id: "script", at: at(5), output: { summary: "done" } }));
    expect(currentAttempt(done.nodes.script)).toMatchObject({ status: "succeeded", childRunId: child, output: { summary: "done" } });
  });

  it("comes from the step row in a snapshot, with the run's link to its parent", () => {
    const state = applySeed(
      null,
      runRead({ parent_run_id: "p-1", parent_node_id: "research", parent_scope: "topics[2]", depth: 1, steps: [step({ node_id: "script", status: "succeeded", child_run_id: "c-1" })] }),
      SHAPE,
    );
    expect(currentAttempt(state.nodes.script)!.childRunId).toBe("c-1");
    expect(state.run.parent).toEqual({ runId: "p-1", nodeId: "research", scope: "topics[2]" });
    expect(state.run.depth).toBe(1);
  });
});

describe("the item list", () => {
  const parents = new Map([
    ["shot", "scenes"],
    ["caption", "scenes"],
    ["refine", "scenes"],
    ["draft", "refine"],
  ]);

  it("shows a body node the iteration picked in each container around it, or nothing", () => {
    expect(scopeOf("script", parents, {})).toBeNull();
    expect(scopeOf("shot", parents, {})).toBeUndefined();
    expect(scopeOf("shot", parents, { scenes: 3 })).toBe("scenes[3]");
    expect(scopeOf("draft", parents, { scenes: 3 })).toBeUndefined();
    expect(scopeOf("draft", parents, { scenes: 3, refine: 0 })).toBe("scenes[3]/refine[0]");
    expect(runPathOf("refine", parents, { scenes: 3 })).toBe("scenes[3]/refine");
    expect(runPathOf("scenes", parents, {})).toBe("scenes");
    expect(parseScope("scenes[3]/refine[0]")).toEqual({ scope: "scenes[3]/refine[0]", path: "scenes[3]/refine", container: "refine", index: 0, parent: "scenes[3]" });
  });

  it("lists each item with its status, times and the error of the step that failed", () => {
    const state = apply(fresh(), ...item(0), ...item(1, "fail"), ...item(2, "running"));
    expect(itemRow(state, "scenes", 0, "scenes")).toMatchObject({ index: 0, status: "succeeded", startedAt: at(0), finishedAt: at(2), error: null });
    expect(itemRow(state, "scenes", 1, "scenes")).toMatchObject({ status: "failed", error: { nodeId: "caption", code: "boom", message: "item 1 broke" } });
    expect(itemRow(state, "scenes", 2, "scenes")).toMatchObject({ status: "running", finishedAt: null });
    expect(itemRow(state, "scenes", 7, "scenes")).toMatchObject({ status: "pending", startedAt: null });
    expect(failedItems(state, "scenes", 3, "scenes")).toEqual([1]);
  });

  it("knows how many items there are from the container's result, else from what started", () => {
    expect(itemCount({ path: "scenes", running: 2, succeeded: 0, failed: 0, cancelled: 0, seen: 2, maxIndex: 5 }, null)).toEqual({ count: 6, exact: false });
    const done = currentAttempt(apply(fresh(), ev("step.succeeded", { node_id: "scenes", at: at(1), output: { results: [1, null, 3], errors: [], count: 3 } })).nodes.scenes);
    expect(itemCount(undefined, done)).toEqual({ count: 3, exact: true });
  });

  it("knows the count as soon as the map logged how many items it runs, before they all started", () => {
    // Given a map of 40 items whose first 4 have started (4 at a time)
    const state = apply(
      fresh(),
      ev("step.started", { node_id: "scenes", at: at(0) }),
      ev("step.log", { node_id: "scenes", message: "Mapping over 40 item(s), 4 at a time.", data: { count: 40 } }),
      ...[0, 1, 2, 3].map((i) => ev("step.started", { node_id: "shot", scope: `scenes[${i}]`, at: at(1) })),
    );
    // Then the container says "of 40", not "of 4+"
    expect(itemCount(pget(state.progress, "scenes"), currentAttempt(state.nodes.scenes), state.nodes.scenes)).toEqual({ count: 40, exact: true });
  });

  it("finds the item where a body approval waits for a person", () => {
    const state = apply(fresh(), ...item(0), ev("step.waiting", { node_id: "caption", scope: "scenes[1]", output: { message: "OK?" } }));
    expect(waitingItems(state, "caption")).toEqual({ scenes: 1 });
    expect(waitingItems(state, "shot")).toBeNull();
  });

  it("draws only the rows in view of a 1,000-item list", () => {
    expect(visibleRows(1000, 0, 320, 32)).toEqual({ start: 0, end: 16 });
    expect(visibleRows(1000, 32 * 500, 320, 32)).toEqual({ start: 494, end: 516 });
    expect(visibleRows(1000, 32 * 999, 320, 32)).toEqual({ start: 993, end: 1000 });
    expect(visibleRows(3, 0, 320, 32)).toEqual({ start: 0, end: 3 });
  });
});

describe("the persistent map", () => {
  it("sets and gets without touching the map it came from", () => {
    const a = pset(emptyPMap<number>(), "x", 1);
    const b = pset(a, "y", 2);
    expect([pget(a, "y"), pget(b, "x"), pget(b, "y"), a.size, b.size]).toEqual([undefined, 1, 2, 1, 2]);
    expect(pset(b, "y", 2)).toBe(b);
    expect(pget(b, "constructor")).toBeUndefined();
  });
});
