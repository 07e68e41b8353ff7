/**
 * Where a graph opens, and where following a run moves it: pure viewport arithmetic, shared
 * by the run graph and the editor. React Flow's own `fitView` shrinks a long graph until its
 * labels cannot be read (an 8-node chain in an editor-sized pane: ~0.3); here the zoom never
 * goes under a readable floor, and a graph too large for the pane at that zoom opens at its
 * beginning (top left, where a left-to-right workflow starts) instead of at its middle.
 */

export type Rect = { x: number; y: number; width: number; height: number };
export type Size = { width: number; height: number };
export type Viewport = { x: number; y: number; zoom: number };

/** The smallest zoom a graph opens at: 14 px labels stay ~10 px on screen. */
export const READABLE_ZOOM = 0.7;
/** A small graph is not blown up past this. */
export const MAX_OPEN_ZOOM = 1.1;
/** Screen pixels kept free around the graph. */
export const VIEW_PADDING = 32;

export type FitOptions = { minZoom?: number; maxZoom?: number; padding?: number };

/**
 * The whole graph when it fits at a readable zoom (centered), else the readable zoom with the
 * graph's start in view: left-aligned when too wide, top-aligned when too tall.
 */
export function readableViewport(bounds: Rect, pane: Size, { minZoom = READABLE_ZOOM, maxZoom = MAX_OPEN_ZOOM, padding = VIEW_PADDING }: FitOptions = {}): Viewport {
  const roomW = Math.max(1, pane.width - 2 * padding);
  const roomH = Math.max(1, pane.height - 2 * padding);
  const fit = Math.min(roomW / Math.max(1, bounds.width), roomH / Math.max(1, bounds.height));
  const zoom = Math.min(maxZoom, Math.max(minZoom, fit));
  const axis = (start: number, length: number, paneLength: number) => {
    const screen = length * zoom;
    return screen <= paneLength - 2 * padding ? (paneLength - screen) / 2 - start * zoom : padding - start * zoom;
  };
  return { x: axis(bounds.x, bounds.width, pane.width), y: axis(bounds.y, bounds.height, pane.height), zoom };
}

/** The box around `rects`; null for none. */
export function boundsOf(rects: readonly Rect[]): Rect | null {
  if (!rects.length) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** True when `rect` (graph coordinates) is wholly on screen, `margin` px inside the pane. */
export function isInView(rect: Rect, view: Viewport, pane: Size, margin = 16): boolean {
  const left = rect.x * view.zoom + view.x;
  const top = rect.y * view.zoom + view.y;
  return left >= margin && top >= margin && left + rect.width * view.zoom <= pane.width - margin && top + rect.height * view.zoom <= pane.height - margin;
}

/**
 * Following a run: null while one of `active` (the running or waiting nodes, the one started
 * last first) is in view, else the same zoom with the first centred. Moving only when the
 * run's work has left the view keeps the graph still enough to read (a fan-out starting 50
 * steps at once does not send the view after each).
 */
export function followViewport(active: readonly Rect[], view: Viewport, pane: Size): Viewport | null {
  const rect = active[0];
  if (!rect || active.some((r) => isInView(r, view, pane))) return null;
  const cx = rect.x + rect.width / 2;
  const cy = rect.y + rect.height / 2;
  return { x: pane.width / 2 - cx * view.zoom, y: pane.height / 2 - cy * view.zoom, zoom: view.zoom };
}
