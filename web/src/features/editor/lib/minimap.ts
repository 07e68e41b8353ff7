/**
 * The minimap's geometry (issue 21), kept apart from its drawing so it can be tested: which
 * part of the flow the minimap shows, where each node goes on it, and which viewport a click
 * or a drag on it asks for.
 *
 * React Flow's own `<MiniMap>` draws one SVG component per node, each subscribed to the store:
 * at 3,000 nodes every change (a drag frame, a pan) runs 3,000 selectors and repaints 3,000
 * rounded rects. The editor's minimap (components/minimap.tsx) draws every node on one canvas
 * in one pass instead; this module follows `<MiniMap>`'s framing (the nodes' bounds joined with
 * the view, centred, with a margin of 5 minimap pixels), so it shows what React Flow's showed.
 */

export type Rect = { x: number; y: number; width: number; height: number };
/** React Flow's viewport: the flow's translation on screen and its zoom. */
export type Viewport = { x: number; y: number; zoom: number };

/** Around the graph, in minimap pixels (React Flow's `offsetScale`). */
export const MINIMAP_MARGIN = 5;

/** The smallest rectangle holding both (either may be null: the other is returned). */
export function union(a: Rect | null, b: Rect | null): Rect | null {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** The part of the flow the screen shows: the pane's size in flow units, from the viewport. */
export function viewRect(viewport: Viewport, pane: { width: number; height: number }): Rect {
  return { x: -viewport.x / viewport.zoom, y: -viewport.y / viewport.zoom, width: pane.width / viewport.zoom, height: pane.height / viewport.zoom };
}

/**
 * What the minimap shows: the nodes' bounds joined with the view, centred in the minimap's
 * aspect, with the margin around it. `scale` is flow units per minimap pixel.
 */
export type Frame = Rect & { scale: number };

export function minimapFrame(nodes: Rect | null, view: Rect, size: { width: number; height: number }): Frame {
  const shown = union(nodes, view)!;
  const inner = { width: Math.max(1, size.width - 2 * MINIMAP_MARGIN), height: Math.max(1, size.height - 2 * MINIMAP_MARGIN) };
  const scale = Math.max(shown.width / inner.width, shown.height / inner.height) || 1;
  const width = size.width * scale;
  const height = size.height * scale;
  return { x: shown.x - (width - shown.width) / 2, y: shown.y - (height - shown.height) / 2, width, height, scale };
}

/** A flow rectangle in minimap pixels. */
export function toMinimap(rect: Rect, frame: Frame): Rect {
  return { x: (rect.x - frame.x) / frame.scale, y: (rect.y - frame.y) / frame.scale, width: rect.width / frame.scale, height: rect.height / frame.scale };
}

/** A point of the minimap (in its pixels) as a point of the flow. */
export function toFlow(point: { x: number; y: number }, frame: Frame): { x: number; y: number } {
  return { x: frame.x + point.x * frame.scale, y: frame.y + point.y * frame.scale };
}

/** The viewport, at the same zoom, whose view is centred on a point of the flow. */
export function centredOn(point: { x: number; y: number }, zoom: number, pane: { width: number; height: number }): Viewport {
  return { x: pane.width / 2 - point.x * zoom, y: pane.height / 2 - point.y * zoom, zoom };
}
