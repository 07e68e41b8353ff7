/**
 * The minimap's geometry (issue 21): it shows the whole graph and the part on screen, and a
 * press on it takes the view there. The minimap itself draws on a canvas (one pass for every
 * node); these are the numbers it draws and moves the view with.
 */
import { describe, expect, it } from "vitest";

import { MINIMAP_MARGIN, centredOn, minimapFrame, toFlow, toMinimap, union, viewRect, type Rect } from "@/features/editor/lib/minimap";

const SIZE = { width: 168, height: 112 };
const PANE = { width: 1200, height: 800 };

/** A 3,000-node graph laid out in columns of 8 (320 x 140 apart), as the editor bench draws it. */
function columns(count: number): Rect[] {
  return Array.from({ length: count }, (_, i) => ({ x: Math.floor(i / 8) * 320, y: (i % 8) * 140, width: 248, height: 73.4 }));
}
const boundsOf = (rects: Rect[]) => rects.reduce<Rect | null>((all, r) => union(all, r), null);
const inside = (r: Rect) => r.x >= 0 && r.y >= 0 && r.x + r.width <= SIZE.width + 1e-9 && r.y + r.height <= SIZE.height + 1e-9;

describe("minimap", () => {
  it("shows every node of a 3,000-node graph and the view, within its margin", () => {
    // Given a 3,000-node graph and a screen showing its start at zoom 1
    const nodes = columns(3000);
    const view = viewRect({ x: 0, y: 0, zoom: 1 }, PANE);

    // When the minimap frames them
    const frame = minimapFrame(boundsOf(nodes), view, SIZE);

    // Then every node and the view are drawn inside it, none closer than the margin to an edge
    const drawn = [...nodes, view].map((r) => toMinimap(r, frame));
    expect(drawn.every(inside)).toBe(true);
    const left = Math.min(...drawn.map((r) => r.x));
    const right = Math.max(...drawn.map((r) => r.x + r.width));
    expect(left).toBeCloseTo(MINIMAP_MARGIN, 6);
    expect(right).toBeCloseTo(SIZE.width - MINIMAP_MARGIN, 6);
    // (the graph is wide: it is centred vertically)
    const top = Math.min(...drawn.map((r) => r.y));
    const bottom = Math.max(...drawn.map((r) => r.y + r.height));
    expect(top).toBeCloseTo(SIZE.height - bottom, 6);
  });

  it("keeps the view in the picture when the user has panned away from the graph", () => {
    // Given a small graph and a view far below it
    const nodes = boundsOf(columns(16))!;
    const view = viewRect({ x: 0, y: -5000, zoom: 1 }, PANE);

    // When the minimap frames them
    const frame = minimapFrame(nodes, view, SIZE);

    // Then both are in the picture
    expect(inside(toMinimap(nodes, frame))).toBe(true);
    expect(inside(toMinimap(view, frame))).toBe(true);
  });

  it("moves the view to where the user presses, at the same zoom", () => {
    // Given a 3,000-node graph shown from its start at zoom 0.8
    const nodes = boundsOf(columns(3000))!;
    const zoom = 0.8;
    const frame = minimapFrame(nodes, viewRect({ x: 0, y: 0, zoom }, PANE), SIZE);

    // When the user presses the minimap where the graph's last column is drawn
    const last = toMinimap({ x: nodes.x + nodes.width - 124, y: nodes.y + nodes.height / 2, width: 0, height: 0 }, frame);
    const viewport = centredOn(toFlow(last, frame), zoom, PANE);

    // Then the new view is centred on that column (the graph's end is on screen), zoom unchanged
    const seen = viewRect(viewport, PANE);
    expect(viewport.zoom).toBe(zoom);
    expect(seen.x + seen.width / 2).toBeCloseTo(nodes.x + nodes.width - 124, 6);
    expect(seen.y + seen.height / 2).toBeCloseTo(nodes.y + nodes.height / 2, 6);
    expect(seen.x + seen.width).toBeGreaterThan(nodes.x + nodes.width);
  });
});
