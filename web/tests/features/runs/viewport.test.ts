import { describe, expect, it } from "vitest";

import { boundsOf, followViewport, isInView, READABLE_ZOOM, readableViewport } from "@/features/runs/graph/viewport";
import { seedRunState } from "@/features/runs/state/seed";
import { activeNodeIds } from "@/features/runs/state/selectors";
import { applyRunEvent } from "@/features/runs/state/reducers";
import type { RunEvent, RunRead } from "@/features/runs/state/types";

/** The YouTube template's shape: 8 nodes in a row, 280 px apart, 224 x 80 each. */
const CHAIN_8 = { x: 0, y: 0, width: 7 * 280 + 224, height: 80 };
const EDITOR_PANE = { width: 1600 - 240 - 320, height: 800 };

describe("readableViewport: where a graph opens", () => {
  it("opens a long chain at a readable zoom, at its start, where React Flow's fit would shrink it to ~0.45", () => {
    // Given the 8-node template in the editor's pane (palette and inspector beside it)
    const fitZoom = (EDITOR_PANE.width - 64) / CHAIN_8.width;
    expect(fitZoom).toBeLessThan(0.5);
    // When it opens
    const view = readableViewport(CHAIN_8, EDITOR_PANE);
    // Then labels are readable, and the first node (the input) is on screen at the left
    expect(view.zoom).toBe(READABLE_ZOOM);
    expect(isInView({ x: 0, y: 0, width: 224, height: 80 }, view, EDITOR_PANE)).toBe(true);
    expect(view.x).toBe(32);
    // and the chain sits in the middle of the pane's height, not at its top
    expect(view.y).toBeCloseTo((EDITOR_PANE.height - 80 * READABLE_ZOOM) / 2);
  });

  it("shows a graph that fits whole, centred, never blown up past 1.1", () => {
    const small = { x: 100, y: 50, width: 504, height: 80 };
    const view = readableViewport(small, { width: 1200, height: 600 });
    expect(view.zoom).toBe(1.1);
    expect(view.x + (small.x + small.width / 2) * view.zoom).toBeCloseTo(600);
    expect(view.y + (small.y + small.height / 2) * view.zoom).toBeCloseTo(300);
  });

  it("fits a graph between the floor and 1.1 exactly", () => {
    const medium = { x: 0, y: 0, width: 1400, height: 400 };
    const pane = { width: 1164, height: 600 };
    const view = readableViewport(medium, pane);
    expect(view.zoom).toBeCloseTo((1164 - 64) / 1400);
    expect(view.zoom).toBeGreaterThan(READABLE_ZOOM);
  });

  it("opens a tall fan-out at its top", () => {
    const fan = { x: 0, y: 0, width: 3 * 280, height: 50 * 110 };
    const view = readableViewport(fan, { width: 900, height: 600 });
    expect(view.zoom).toBe(READABLE_ZOOM);
    expect(view.y).toBe(32);
  });
});

describe("boundsOf: the box the view is placed from", () => {
  it("spans every node's box, from where the graph starts", () => {
    const nodes = [0, 280, 560].map((x, i) => ({ x, y: i === 1 ? -110 : 0, width: 224, height: 84 }));
    expect(boundsOf(nodes)).toEqual({ x: 0, y: -110, width: 784, height: 194 });
    expect(boundsOf([])).toBeNull();
  });
});

describe("following a live run", () => {
  const pane = { width: 900, height: 500 };
  const view = { x: 32, y: 200, zoom: 0.7 };

  it("stays still while the active node is in view", () => {
    expect(followViewport([{ x: 560, y: 0, width: 224, height: 80 }], view, pane)).toBeNull();
  });

  it("stays still while any running node is in view (a fan-out starting many at once)", () => {
    const started = [{ x: 280, y: 2200, width: 224, height: 80 }, { x: 280, y: 110, width: 224, height: 80 }];
    expect(followViewport(started, { x: 32, y: 32, zoom: 0.7 }, pane)).toBeNull();
  });

  it("centres the active node, at the same zoom, once it leaves the view", () => {
    const node = { x: 2240, y: 0, width: 224, height: 80 };
    const next = followViewport([node], view, pane)!;
    expect(next.zoom).toBe(0.7);
    expect(next.x + (node.x + 112) * 0.7).toBeCloseTo(450);
    expect(isInView(node, next, pane)).toBe(true);
  });

  it("follows the step that started last among those running or waiting", () => {
    const run: RunRead = { id: "r", workflow_id: "w", workflow_version: 1, status: "running", inputs: {}, cost_usd: 0, tokens_in: 0, tokens_out: 0, last_event_seq: 1, created_at: "2026-01-01T00:00:00Z", depth: 0, trigger_kind: "manual", kind: "run" };
    const start = (node_id: string, at: string) => ({ type: "step.started", run_id: "r", node_id, attempt: 1, at }) as RunEvent;
    let state = seedRunState(run, ["a", "b", "c"]);
    expect(activeNodeIds(state)).toEqual([]);
    state = applyRunEvent(state, start("a", "2026-01-01T00:00:01Z"), 2);
    state = applyRunEvent(state, start("b", "2026-01-01T00:00:02Z"), 3);
    expect(activeNodeIds(state)).toEqual(["b", "a"]);
    state = applyRunEvent(state, { type: "step.succeeded", run_id: "r", node_id: "b", attempt: 1, at: "2026-01-01T00:00:03Z" } as RunEvent, 4);
    expect(activeNodeIds(state)).toEqual(["a"]);
  });
});
