"use client";

import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
  type OnConnectEnd,
  type OnNodeDrag,
  type SelectionDragHandler,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";

import { boundsOf, readableViewport } from "@/features/runs/graph/viewport";

import { ERROR_HANDLE } from "../lib/catalog";
import { checkConnection } from "../lib/connections";
import { layoutPositions, layoutThread } from "../lib/layout";
import { sizeFor, withEstimatesWhereUnmeasured } from "../lib/node-size";
import { useEditor, useEditorStoreApi } from "../store/context";
import type { EditorNode } from "../types";
import { ConnectionPicker, type PickerRequest } from "./connection-picker";
import { NODE_COMPONENTS } from "./flow-node";
import { Minimap } from "./minimap";

export const NODE_DRAG_MIME = "application/x-orrery-node-type";
const SNAP: [number, number] = [16, 16];
const DEFAULT_EDGE_OPTIONS = { type: "default", interactionWidth: 20 } as const;
/**
 * From this many nodes the canvas renders only what is in view (React Flow's
 * `onlyRenderVisibleElements`), with sizes and handles estimated for nodes never drawn. Below it
 * every node is drawn: panning then never mounts nodes, and nothing is estimated (see
 * bench/editor/README.md for the figures behind it).
 */
export const VIRTUALIZE_FROM = 200;
const NO_NODES: EditorNode[] = [];
const NO_EDGES: Edge[] = [];

/** Every node at the origin: a document saved without a layout (as `needsLayout`). */
const unplaced = (nodes: readonly EditorNode[]) => nodes.length > 1 && nodes.every((n) => n.position.x === 0 && n.position.y === 0);

/** The React Flow canvas, controlled by the editor store. */
export function Canvas() {
  const store = useEditorStoreApi();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const catalog = useEditor((s) => s.catalog);
  const byEdge = useEditor((s) => s.problems.byEdge);
  const actions = useEditor((s) => s.actions);
  const layoutRequest = useEditor((s) => s.layoutRequest);
  const focusRequest = useEditor((s) => s.focusRequest);
  const flow = useReactFlow<EditorNode, Edge>();
  const nodesInitialized = useNodesInitialized();
  const [picker, setPicker] = useState<PickerRequest | null>(null);
  /** The last layout request applied and fitted (tests and the benchmark wait on it). */
  const [laidOut, setLaidOut] = useState(0);
  const wrapper = useRef<HTMLDivElement>(null);
  const doneLayout = useRef(0);
  const virtual = nodes.length >= VIRTUALIZE_FROM;
  /**
   * A large document without positions is held back until laid out: at the origin every node
   * would be "in view", and drawing them all is the cost virtualisation avoids.
   */
  const [holding, setHolding] = useState(() => {
    const initial = store.getState().nodes;
    return initial.length >= VIRTUALIZE_FROM && unplaced(initial);
  });

  // A node never measured goes to React Flow with estimated size and handles, so it can be
  // culled without being drawn first (else React Flow draws every node once to measure it).
  const [estimated] = useState(() => new WeakMap<EditorNode, EditorNode>());
  const flowNodes = useMemo(() => {
    if (holding) return NO_NODES;
    return virtual ? withEstimatesWhereUnmeasured(nodes, catalog, estimated) : nodes;
  }, [nodes, virtual, holding, catalog, estimated]);

  // Invalid edges dashed red; error branches in the error colour.
  const styledEdges = useMemo(
    () =>
      holding
        ? NO_EDGES
        : edges.map((e) => {
        const className = byEdge.has(e.id) ? "invalid" : e.sourceHandle === ERROR_HANDLE ? "error-edge" : undefined;
        return className && e.className !== className ? { ...e, className } : e;
      }),
    [edges, byEdge, holding],
  );

  /**
   * Opens the graph at a readable zoom: whole when it fits at one, else its start (React Flow's
   * `fitView` would shrink an 8-node template until its labels cannot be read).
   */
  const openReadable = useCallback(
    (duration = 0) => {
      const pane = wrapper.current;
      const { nodes, catalog } = store.getState();
      // A body node lies inside its container: the top-level nodes bound the graph.
      const bounds = boundsOf(nodes.filter((n) => !n.parentId).map((n) => ({ ...n.position, ...sizeFor(n, catalog) })));
      if (!pane || !bounds) return Promise.resolve(false);
      return flow.setViewport(readableViewport(bounds, { width: pane.clientWidth, height: pane.clientHeight }), { duration });
    },
    [flow, store],
  );

  // Open once the first nodes have their sizes (after the panels settled); a large graph at
  // once, on its estimates (nodes out of view are never measured).
  // An empty canvas stays where it is (a fit would jump to the first node added).
  const [startsEmpty] = useState(() => store.getState().nodes.length === 0);
  const fitted = useRef(startsEmpty);
  const sized = nodesInitialized || virtual;
  useEffect(() => {
    if (fitted.current || !sized || layoutRequest || holding) return;
    fitted.current = true;
    requestAnimationFrame(() => void openReadable().then(() => wrapper.current?.setAttribute("data-opened", "true")));
  }, [sized, layoutRequest, holding, openReadable]);

  // Auto-layout when asked (button, or a document without positions), once nodes have sizes
  // (measured, or for a large graph estimated where not).
  useEffect(() => {
    if (!layoutRequest || layoutRequest === doneLayout.current || !sized) return;
    doneLayout.current = layoutRequest;
    const { nodes: current, edges: currentEdges, catalog } = store.getState();
    let cancelled = false;
    layoutPositions(current, currentEdges, catalog).then((positions) => {
      if (cancelled) return;
      store.getState().actions.applyPositions(positions);
      setHolding(false);
      // After React Flow has taken the new positions (a frame is not always enough).
      setTimeout(() => {
        void openReadable(250).then(() => {
          setLaidOut(layoutRequest);
          wrapper.current?.setAttribute("data-opened", "true");
        });
      }, 60);
      wrapper.current?.setAttribute("data-layout-thread", layoutThread());
    }, (error: unknown) => {
      if (cancelled) return;
      setHolding(false);
      store.getState().actions.notify(`The graph could not be laid out: ${error instanceof Error ? error.message : String(error)}`, "error");
    });
    return () => {
      cancelled = true;
    };
  }, [layoutRequest, sized, store, openReadable]);

  // Select and center a node (from the problems list).
  useEffect(() => {
    if (!focusRequest) return;
    const node = store.getState().nodes.find((n) => n.id === focusRequest.nodeId);
    if (!node) return;
    store.getState().actions.select([node.id]);
    const w = node.measured?.width ?? 248;
    const h = node.measured?.height ?? 80;
    // A body node's position is its container's: centre on where it is drawn.
    const at = flow.getInternalNode(node.id)?.internals.positionAbsolute ?? node.position;
    void flow.setCenter(at.x + w / 2, at.y + h / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 });
  }, [focusRequest, store, flow]);

  const isValidConnection: IsValidConnection<Edge> = useCallback(
    (c) => {
      const s = store.getState();
      return checkConnection(s.nodes, s.edges, s.catalog, c).ok;
    },
    [store],
  );

  const onConnect = useCallback((c: Connection) => actions.connect(c), [actions]);

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode || !state.fromHandle) return;
      const from = { nodeId: state.fromNode.id, handleId: state.fromHandle.id ?? null, handleType: state.fromHandle.type };
      const s = store.getState();
      if (state.toNode) {
        // Dropped on a node (or one of its handles) that refused it: say why.
        const other = state.toNode.id;
        const toHandle = state.toHandle;
        const attempt =
          from.handleType === "source"
            ? { source: from.nodeId, sourceHandle: from.handleId, target: other, targetHandle: toHandle?.type === "target" ? (toHandle.id ?? null) : "in" }
            : { source: other, sourceHandle: toHandle?.type === "source" ? (toHandle.id ?? null) : "out", target: from.nodeId, targetHandle: from.handleId };
        if (!toHandle && from.handleType === "source") {
          // Dropped on a node's body: connect to its input, as n8n does.
          actions.connect(attempt);
          return;
        }
        const verdict = checkConnection(s.nodes, s.edges, s.catalog, attempt);
        actions.notify(verdict.ok ? "Drop the connection on a handle of the other kind (an output onto an input)." : verdict.reason, "error");
        return;
      }
      const point = "changedTouches" in event ? event.changedTouches[0]! : event;
      setPicker({ from, client: { x: point.clientX, y: point.clientY } });
    },
    [actions, store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_DRAG_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_MIME);
      if (!type) return;
      event.preventDefault();
      const p = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // Dropped on a container: the new node is part of its body.
      actions.addNode(type, { x: Math.round(p.x - 124), y: Math.round(p.y - 30) }, undefined, actions.containerAt(p, type));
    },
    [actions, flow],
  );

  // Dynamic grouping: a node dropped on a container joins its body, dragged out it leaves it.
  const onNodeDrag: OnNodeDrag<EditorNode> = useCallback((_, __, dragged) => actions.hoverDrag(dragged.map((n) => n.id)), [actions]);
  const onNodeDragStop: OnNodeDrag<EditorNode> = useCallback(
    (_, __, dragged) => {
      actions.dropNodes(dragged.map((n) => n.id));
      actions.endDrag();
    },
    [actions],
  );
  const onSelectionDragStop: SelectionDragHandler<EditorNode> = useCallback(
    (_, dragged) => {
      actions.dropNodes(dragged.map((n) => n.id));
      actions.endDrag();
    },
    [actions],
  );

  const closePicker = useCallback(() => setPicker(null), []);

  const choosePicked = useCallback(
    (type: string) => {
      if (!picker) return;
      const p = flow.screenToFlowPosition(picker.client);
      const x = picker.from.handleType === "source" ? p.x : p.x - 248;
      actions.addNode(type, { x: Math.round(x), y: Math.round(p.y - 30) }, picker.from);
      setPicker(null);
    },
    [actions, flow, picker],
  );

  return (
    <div
      ref={wrapper}
      className="relative h-full w-full"
      data-testid="canvas"
      data-layout={laidOut}
      data-virtualized={virtual ? "true" : "false"}
    >
      <ReactFlow<EditorNode, Edge>
        nodes={flowNodes}
        edges={styledEdges}
        nodeTypes={NODE_COMPONENTS}
        onNodesChange={actions.onNodesChange}
        onEdgesChange={actions.onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={actions.beginDrag}
        onNodeDrag={onNodeDrag}
        onNodeDragStop={onNodeDragStop}
        onSelectionDragStart={actions.beginDrag}
        onSelectionDragStop={onSelectionDragStop}
        onDrop={onDrop}
        onDragOver={onDragOver}
        onPaneClick={closePicker}
        onlyRenderVisibleElements={virtual}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        snapToGrid
        snapGrid={SNAP}
        connectionRadius={28}
        minZoom={0.1}
        maxZoom={2}
        colorMode="system"
        attributionPosition="bottom-left"
        elevateEdgesOnSelect
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1.3} color="var(--canvas-dot)" />
        <Controls position="bottom-left" showInteractive={false} style={{ marginBottom: 28 }} />
        <Minimap />
      </ReactFlow>
      {holding ? (
        <div role="status" className="pointer-events-none absolute inset-0 flex items-center justify-center gap-2 text-sm text-muted" data-testid="canvas-laying-out">
          Laying out {nodes.length.toLocaleString("en")} nodes…
        </div>
      ) : null}
      {picker ? <ConnectionPicker request={picker} onPick={choosePicked} onClose={closePicker} /> : null}
    </div>
  );
}
