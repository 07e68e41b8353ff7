"use client";

/**
 * The editor's minimap: every node drawn on one canvas, in one pass (issue 21).
 *
 * React Flow's `<MiniMap>` renders one SVG component per node, each subscribed to the flow's
 * store; at 3,000 nodes a drag frame or a pan runs 3,000 selectors, and the browser repaints
 * 3,000 rounded rects whenever the view moves (the mask is in the same SVG). Here nothing of the
 * minimap is React state: it listens to the store, and at most once per animation frame redraws
 * the canvas (the nodes' bounds are recomputed only when the nodes changed). At this size a node
 * is a few pixels at most, so plain rectangles look the same.
 *
 * Like `<MiniMap pannable zoomable>`, it moves the view: a press centres the view under the
 * pointer and dragging carries it along; the wheel zooms. Geometry in ../lib/minimap.ts.
 */
import { Panel, useReactFlow, useStoreApi, type ReactFlowState } from "@xyflow/react";
import { useCallback, useEffect, useRef, type PointerEvent as ReactPointerEvent, type WheelEvent as ReactWheelEvent } from "react";

import { centredOn, minimapFrame, toFlow, toMinimap, viewRect, type Frame, type Rect } from "../lib/minimap";

const SIZE = { width: 168, height: 112 } as const;
/** How much one wheel notch zooms (React Flow's minimap: 2^(-deltaY * 0.002)). */
const WHEEL_ZOOM = 0.002;

type Box = { x: number; y: number; width: number; height: number; selected: boolean };

/** Every drawn node's box in flow coordinates, and their bounds (hidden nodes are left out). */
function nodeBoxes(state: ReactFlowState): { boxes: Box[]; bounds: Rect | null } {
  const boxes: Box[] = [];
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const node of state.nodeLookup.values()) {
    if (node.hidden) continue;
    const user = node.internals.userNode;
    const width = node.measured.width ?? user.width ?? user.initialWidth ?? 0;
    const height = node.measured.height ?? user.height ?? user.initialHeight ?? 0;
    if (!width || !height) continue; // not measured and no estimate: React Flow's minimap skips it too
    const { x, y } = node.internals.positionAbsolute;
    boxes.push({ x, y, width, height, selected: !!user.selected });
    [left, top] = [Math.min(left, x), Math.min(top, y)];
    [right, bottom] = [Math.max(right, x + width), Math.max(bottom, y + height)];
  }
  return { boxes, bounds: boxes.length ? { x: left, y: top, width: right - left, height: bottom - top } : null };
}

/**
 * The theme's colours, read from the CSS custom properties the editor sets (light or dark).
 * Read once and again when the colour scheme changes, not per frame: reading computed style
 * while a drag has left styles dirty would make the browser recompute them early.
 */
function colours(element: Element) {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { node: read("--muted", "#888"), selected: read("--accent", "#4f46e5"), mask: read("--canvas", "#f6f6f6"), outline: read("--border", "#ccc") };
}

export function Minimap() {
  const store = useStoreApi();
  const flow = useReactFlow();
  const canvas = useRef<HTMLCanvasElement>(null);
  /** The frame last drawn: pointer events map through it. */
  const frame = useRef<Frame | null>(null);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext("2d");
    if (!element || !context) return;
    let ratio = 1;
    /** The backing store at the screen's pixel density (again after a browser zoom or a move to another monitor). */
    const resize = () => {
      ratio = window.devicePixelRatio || 1;
      element.width = SIZE.width * ratio;
      element.height = SIZE.height * ratio;
    };
    resize();
    let boxes: ReturnType<typeof nodeBoxes> | null = null;
    let boxesOf: ReactFlowState["nodes"] | null = null;
    let pending = 0;
    let colour = colours(element);

    const draw = () => {
      pending = 0;
      const state = store.getState();
      if (boxesOf !== state.nodes || !boxes) {
        boxes = nodeBoxes(state);
        boxesOf = state.nodes;
      }
      const [x, y, zoom] = state.transform;
      const view = viewRect({ x, y, zoom }, { width: state.width, height: state.height });
      const shown = minimapFrame(boxes.bounds, view, SIZE);
      frame.current = shown;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, SIZE.width, SIZE.height);
      // Nodes: at least a pixel each, so a 3,000-node graph still shows its shape.
      for (const selected of [false, true]) {
        context.globalAlpha = selected ? 1 : 0.55;
        context.fillStyle = selected ? colour.selected : colour.node;
        for (const box of boxes.boxes) {
          if (box.selected !== selected) continue;
          const r = toMinimap(box, shown);
          context.fillRect(r.x, r.y, Math.max(1, r.width), Math.max(1, r.height));
        }
      }
      // The mask: everything but the view, dimmed; the view outlined.
      const v = toMinimap(view, shown);
      context.globalAlpha = 0.7;
      context.fillStyle = colour.mask;
      context.beginPath();
      context.rect(0, 0, SIZE.width, SIZE.height);
      context.rect(v.x, v.y, v.width, v.height);
      context.fill("evenodd");
      context.globalAlpha = 1;
      context.strokeStyle = colour.outline;
      context.lineWidth = 1;
      context.strokeRect(v.x + 0.5, v.y + 0.5, Math.max(0, v.width - 1), Math.max(0, v.height - 1));
      // How many nodes it drew (tests read it); written only when it changes, not every frame.
      const drawn = String(boxes.boxes.length);
      if (element.dataset.nodes !== drawn) element.dataset.nodes = drawn;
    };

    const schedule = () => {
      if (!pending) pending = requestAnimationFrame(draw);
    };
    schedule();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.nodes !== previous.nodes || state.transform !== previous.transform || state.width !== previous.width || state.height !== previous.height) schedule();
    });
    // The theme (light/dark) changes the colours.
    const scheme = window.matchMedia("(prefers-color-scheme: dark)");
    const recolour = () => {
      colour = colours(element);
      schedule();
    };
    scheme.addEventListener("change", recolour);
    // The pixel density: a query for the current one stops matching when it changes.
    let density = window.matchMedia(`(resolution: ${ratio}dppx)`);
    const redensify = () => {
      density.removeEventListener("change", redensify);
      resize();
      density = window.matchMedia(`(resolution: ${ratio}dppx)`);
      density.addEventListener("change", redensify);
      schedule();
    };
    density.addEventListener("change", redensify);
    return () => {
      unsubscribe();
      scheme.removeEventListener("change", recolour);
      density.removeEventListener("change", redensify);
      if (pending) cancelAnimationFrame(pending);
    };
  }, [store]);

  /** Centres the view on a point of the minimap (in its pixels), at the current zoom. */
  const centreAt = useCallback(
    (clientX: number, clientY: number) => {
      const element = canvas.current;
      const shown = frame.current;
      if (!element || !shown) return;
      const box = element.getBoundingClientRect();
      const point = toFlow({ x: ((clientX - box.left) / box.width) * SIZE.width, y: ((clientY - box.top) / box.height) * SIZE.height }, shown);
      const { width, height } = store.getState();
      void flow.setViewport(centredOn(point, flow.getZoom(), { width, height }));
    },
    [flow, store],
  );

  const onPointerDown = useCallback(
    (event: ReactPointerEvent<HTMLCanvasElement>) => {
      if (event.button !== 0) return;
      event.currentTarget.setPointerCapture(event.pointerId);
      centreAt(event.clientX, event.clientY);
    },
    [centreAt],
  );
  const onPointerMove = useCallback(
    (event: ReactPointerEvent<HTMLCanvasElement>) => {
      if (event.currentTarget.hasPointerCapture(event.pointerId)) centreAt(event.clientX, event.clientY);
    },
    [centreAt],
  );
  const onWheel = useCallback(
    (event: ReactWheelEvent<HTMLCanvasElement>) => {
      void flow.zoomTo(flow.getZoom() * Math.pow(2, -event.deltaY * WHEEL_ZOOM));
    },
    [flow],
  );

  return (
    <Panel position="bottom-right" className="react-flow__minimap nopan nowheel" style={SIZE} data-testid="minimap">
      <canvas
        ref={canvas}
        role="img"
        aria-label="Minimap: the whole graph, with the part on screen outlined. Drag to move the view, scroll to zoom."
        style={{ ...SIZE, display: "block", cursor: "grab", touchAction: "none" }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onWheel={onWheel}
      />
    </Panel>
  );
}
