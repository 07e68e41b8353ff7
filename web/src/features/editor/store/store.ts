/**
 * The editor store: one per editor (zustand factory, provided through React context;
 * see context.tsx). It holds the document as React Flow nodes and edges, the undo
 * history, validation problems and UI requests. Selection is derived into its own
 * field, replaced only when it changes, so a drag does not re-render the inspector.
 * Containers (`map`, `loop`): a node dropped on one joins its body, dragged out it leaves
 * it (`dropNodes`); deleting one with a body asks first (`pendingDelete`).
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from "@xyflow/react";
import { createStore } from "zustand/vanilla";

import { defaultConfig, ERROR_HANDLE, type Catalog } from "../lib/catalog";
import { copyNodes, pasteNodes, type ClipboardPayload } from "../lib/clipboard";
import { checkConnection, type ConnectionAttempt, type ConnectionVerdict } from "../lib/connections";
import { containerAt, containerName, descendantsOf, isContainer, reparent, sizeOf, absolutePosition } from "../lib/containers";
import { docToFlow, flowToDoc } from "../lib/document";
import { nextEdgeId, nextNodeId } from "../lib/ids";
import { EMPTY_PROBLEMS, indexProblems, type ProblemIndex } from "../lib/problems";
import { composeRename, NO_RENAMES, rebaseRenames, renameNode, renameProblem, type Renames } from "../lib/rename";
import { setIn } from "../lib/schema-form";
import type { EditorEdge, EditorNode, InputSpec, JsonObject, Problem, WorkflowDoc, WorkflowSettings } from "../types";
import { emptyHistory, record, redo, undo, type Coalesce, type History, type Snapshot } from "./history";

export type Selection = { nodes: readonly string[]; edges: readonly string[] };
export type Notice = { id: number; message: string; tone: "error" | "info" | "success" };
/** A delete that takes a container with a body: the user chooses what happens to the body. */
export type PendingDelete = {
  nodes: readonly string[];
  edges: readonly string[];
  /** The containers being deleted and how many body nodes each holds (not counting selected ones). */
  containers: readonly { id: string; name: string; body: number }[];
};
type XY = { x: number; y: number };

/**
 * The schedule a drafted request asked for ("every Monday"), offered on save: its cron (null
 * when the planner could not read the phrase: then only its note is shown), and whether the
 * user keeps the offer ticked (`create`, ticked by default).
 */
export type ScheduleOffer = {
  phrase: string;
  cron: string | null;
  /** Null: the user's own (the browser's time zone). */
  timezone: string | null;
  summary: string;
  note: string | null;
  create: boolean;
};

/** Where a drafted document came from: the planner's label, a note per node, the schedule it asked for. */
export type DraftNotes = { planner: string; explanations: Readonly<Record<string, string>>; schedule?: ScheduleOffer | null };

export type EditorActions = {
  load(doc: WorkflowDoc): void;
  /**
   * Replaces the document with a planner's draft (or an accepted refinement) as one undoable,
   * unsaved edit, keeping the planner's label and its note per node; asks for a layout.
   */
  applyDraft(doc: WorkflowDoc, notes: DraftNotes): void;
  /** The notes of a draft that is already saved (the first save of a new workflow): no edit. */
  setDraftNotes(notes: DraftNotes): void;
  /** Ticks or unticks "Create schedule" (saving then creates it, or not). */
  chooseSchedule(create: boolean): void;
  /** The offered schedule was created (or declined at a save): it is offered no more. */
  scheduleSettled(): void;
  onNodesChange(changes: NodeChange<EditorNode>[]): void;
  onEdgesChange(changes: EdgeChange<EditorEdge>[]): void;
  beginDrag(): void;
  endDrag(): void;
  connect(attempt: ConnectionAttempt): ConnectionVerdict;
  /**
   * A new node at `position` (canvas coordinates), connected to `from` when given. `into`: the
   * container it is dropped in (null: the top level; omitted: `from`'s container, if any).
   */
  addNode(type: string, position: XY, from?: { nodeId: string; handleId: string | null; handleType: "source" | "target" }, into?: string | null): string | null;
  /**
   * After a drag: each dragged node (not inside another dragged one) joins the container it was
   * dropped on, or the top level when dropped outside its own; part of the drag's undo step.
   */
  dropNodes(nodeIds: readonly string[]): void;
  /** The container a node of `type` would join if dropped at `point` (null: the top level). */
  containerAt(point: XY, type: string): string | null;
  /** During a drag: highlights the container the dragged nodes would join (`dropTarget`). */
  hoverDrag(nodeIds: readonly string[]): void;
  deleteSelection(): void;
  /** Deletes nodes and edges; asks first (`pendingDelete`) when a container with a body goes. */
  deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  /** Answers `pendingDelete`: delete the body too, or keep it (moved out where it is drawn). */
  confirmDelete(body: "delete" | "keep"): void;
  cancelDelete(): void;
  updateConfig(nodeId: string, path: readonly (string | number)[], value: unknown, coalesce?: Coalesce): void;
  setLabel(nodeId: string, label: string): void;
  renameNode(from: string, to: string): string | null;
  /** The ids the engine keeps pins under, as loaded (`pinnedIds`). */
  setPinnedIds(ids: ReadonlySet<string>): void;
  /**
   * A save took the pins along `applied` (the renames read when it began): the draft's renames,
   * and every undo step's, are from then on relative to where the pins are now.
   */
  renamesApplied(applied: Renames): void;
  setInputs(inputs: Record<string, InputSpec>, coalesce?: Coalesce): void;
  /** The workflow's settings (budgets, node defaults, concurrency): an edit like any other. */
  setSettings(settings: WorkflowSettings, coalesce?: Coalesce): void;
  applyPositions(positions: ReadonlyMap<string, XY & { width?: number; height?: number }>): void;
  undo(): void;
  redo(): void;
  copySelection(): ClipboardPayload | null;
  paste(payload: ClipboardPayload, at?: { x: number; y: number }): number;
  duplicateSelection(): number;
  select(nodeIds: readonly string[], edgeIds?: readonly string[]): void;
  selectAll(): void;
  setProblems(problems: readonly Problem[]): void;
  markSaved(rev: number): void;
  notify(message: string, tone?: Notice["tone"]): void;
  dismissNotice(id: number): void;
  requestLayout(): void;
  requestFocus(nodeId: string): void;
};

const NO_IDS: ReadonlySet<string> = new Set();

/** Ids a new node may not take: the nodes' and every id a pin is kept under. */
function takenNodeIds(s: Pick<EditorState, "nodes" | "pinnedIds">): Set<string> {
  return new Set([...s.nodes.map((n) => n.id), ...s.pinnedIds]);
}

/** Ids pins are kept under whose node is gone (deleted; not renamed: a rename's pin follows it). */
function orphanPins(s: Pick<EditorState, "nodes" | "pinnedIds" | "renames">): Set<string> {
  const present = new Set(s.nodes.map((n) => n.id));
  return new Set([...s.pinnedIds].filter((id) => !present.has(id) && !(id in s.renames)));
}

export type EditorState = {
  catalog: Catalog;
  /** The workflow being edited (a sub-workflow node may not call it); null in tests and previews. */
  workflowId: string | null;
  nodes: EditorNode[];
  edges: EditorEdge[];
  inputs: Record<string, InputSpec>;
  settings?: WorkflowSettings;
  /** Node ids renamed since the pins last followed them: pin id -> id now (see lib/rename.ts). */
  renames: Renames;
  /**
   * The ids the engine keeps pinned outputs under (the workbench loads them). A new node never
   * takes one, nor may a node be renamed to a deleted node's: it would pick up that node's pin.
   * Not part of the document (no undo); a deleted node brought back by undo finds its pin again.
   */
  pinnedIds: ReadonlySet<string>;
  /** Bumped by every document edit; `rev !== savedRev` means unsaved changes. */
  rev: number;
  savedRev: number;
  history: History;
  selection: Selection;
  problems: ProblemIndex;
  notice: Notice | null;
  /** Incremented to ask the canvas to auto-layout (after nodes are measured). */
  layoutRequest: number;
  /** A node to select and center on. */
  focusRequest: { nodeId: string; seq: number } | null;
  dragSession: number | null;
  pendingDelete: PendingDelete | null;
  /** The container a dragged node would join if dropped now (highlighted). */
  dropTarget: string | null;
  /** The planner whose draft is on the canvas (null: none) and its note per node. */
  draft: DraftNotes | null;
  actions: EditorActions;
};

export type EditorStore = ReturnType<typeof createEditorStore>;

const EMPTY_SELECTION: Selection = { nodes: [], edges: [] };

function sameIds(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function deriveSelection(prev: Selection, nodes: readonly EditorNode[], edges: readonly EditorEdge[]): Selection {
  const n = nodes.filter((x) => x.selected).map((x) => x.id);
  const e = edges.filter((x) => x.selected).map((x) => x.id);
  if (sameIds(n, prev.nodes) && sameIds(e, prev.edges)) return prev;
  return n.length || e.length ? { nodes: n, edges: e } : EMPTY_SELECTION;
}

function withSelected<T extends { id: string; selected?: boolean }>(items: readonly T[], ids: ReadonlySet<string>): T[] {
  return items.map((item) => (!!item.selected === ids.has(item.id) ? item : { ...item, selected: ids.has(item.id) }));
}

let revCounter = 0;
const nextRev = () => ++revCounter;

export function createEditorStore(init: { catalog: Catalog; doc: WorkflowDoc; workflowId?: string; now?: () => number }) {
  const now = init.now ?? (() => Date.now());
  let dragCounter = 0;
  let noticeCounter = 0;

  return createStore<EditorState>()((set, get) => {
    const snapshot = (): Snapshot => {
      const { nodes, edges, inputs, settings, renames, rev } = get();
      return { nodes, edges, inputs, settings, renames, rev };
    };

    /** Applies a document edit, recording history first. */
    const commit = (change: (s: EditorState) => Partial<EditorState>, coalesce?: Coalesce) => {
      const state = get();
      const history = record(state.history, snapshot(), coalesce, now());
      const patch = change(state);
      const nodes = patch.nodes ?? state.nodes;
      const edges = patch.edges ?? state.edges;
      set({ ...patch, history, rev: nextRev(), selection: deriveSelection(state.selection, nodes, edges) });
    };

    const restore = (target: Snapshot, history: History) => {
      const { selection } = get();
      const nodeIds = new Set(selection.nodes.filter((id) => target.nodes.some((n) => n.id === id)));
      const edgeIds = new Set(selection.edges.filter((id) => target.edges.some((e) => e.id === id)));
      const nodes = withSelected(target.nodes, nodeIds);
      const edges = withSelected(target.edges, edgeIds);
      set({ nodes, edges, inputs: target.inputs, settings: target.settings, renames: target.renames, rev: target.rev, history, selection: deriveSelection(selection, nodes, edges) });
    };

    const removeElements = (nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>) => {
      if (!nodeIds.size && !edgeIds.size) return;
      set({ pendingDelete: null });
      commit((s) => ({
        nodes: s.nodes.filter((n) => !nodeIds.has(n.id)),
        edges: s.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
      }));
    };

    const pasteInto = (payload: ClipboardPayload, placement: Parameters<typeof pasteNodes>[3]) => {
      const s = get();
      const result = pasteNodes(payload, takenNodeIds(s), new Set(s.edges.map((e) => e.id)), placement);
      const unknown = result.nodes.filter((n) => !s.catalog.get(n.data.type));
      commit((st) => ({
        nodes: [...st.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...result.nodes],
        edges: [...st.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...result.edges],
      }));
      if (unknown.length) get().actions.notify(`Pasted ${unknown.length} node(s) of a type this engine does not know.`, "error");
      return result.nodes.length;
    };

    const actions: EditorActions = {
      load(doc) {
        const flow = docToFlow(doc, get().catalog);
        const rev = nextRev();
        set({
          nodes: flow.nodes,
          edges: flow.edges,
          inputs: flow.inputs,
          settings: flow.settings,
          renames: NO_RENAMES,
          rev,
          savedRev: rev,
          history: emptyHistory(),
          selection: EMPTY_SELECTION,
          problems: EMPTY_PROBLEMS,
        });
      },

      applyDraft(doc, notes) {
        const flow = docToFlow(doc, get().catalog);
        commit(() => ({ nodes: flow.nodes, edges: flow.edges, inputs: flow.inputs, settings: flow.settings }));
        const previous = get().draft;
        // A refinement keeps the schedule the first draft offered; a new draft brings its own.
        const schedule = notes.schedule !== undefined ? notes.schedule : (previous?.schedule ?? null);
        set((s) => ({
          draft: { planner: notes.planner, explanations: { ...(previous?.explanations ?? {}), ...notes.explanations }, schedule },
          layoutRequest: s.layoutRequest + 1,
        }));
      },

      setDraftNotes(notes) {
        set({ draft: { planner: notes.planner, explanations: { ...notes.explanations }, schedule: notes.schedule ?? null } });
      },

      chooseSchedule(create) {
        const draft = get().draft;
        if (draft?.schedule) set({ draft: { ...draft, schedule: { ...draft.schedule, create } } });
      },

      scheduleSettled() {
        const draft = get().draft;
        if (draft?.schedule) set({ draft: { ...draft, schedule: null } });
      },

      onNodesChange(changes) {
        const state = get();
        // A resize (NodeResizer sets the container's width/height) is an edit; a measurement is not.
        const edits = changes.filter(
          (c) => c.type === "position" || c.type === "remove" || c.type === "add" || c.type === "replace" || (c.type === "dimensions" && !!c.setAttributes),
        );
        if (!edits.length) {
          const nodes = applyNodeChanges(changes, state.nodes);
          set({ nodes, selection: deriveSelection(state.selection, nodes, state.edges) });
          return;
        }
        const removed = new Set(changes.flatMap((c) => (c.type === "remove" ? [c.id] : [])));
        const resized = edits.find((c) => c.type === "dimensions");
        const coalesce: Coalesce | undefined = resized
          ? { key: `resize:${resized.id}` }
          : edits.every((c) => c.type === "position")
          ? state.dragSession !== null
            ? { key: `drag:${state.dragSession}`, windowMs: Number.POSITIVE_INFINITY }
            : { key: "nudge" }
          : undefined;
        commit(
          (s) => ({
            nodes: applyNodeChanges(changes, s.nodes),
            edges: removed.size ? s.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) : s.edges,
          }),
          coalesce,
        );
      },

      onEdgesChange(changes) {
        const state = get();
        if (changes.some((c) => c.type !== "select")) {
          commit((s) => ({ edges: applyEdgeChanges(changes, s.edges) }));
          return;
        }
        const edges = applyEdgeChanges(changes, state.edges);
        set({ edges, selection: deriveSelection(state.selection, state.nodes, edges) });
      },

      beginDrag() {
        set({ dragSession: ++dragCounter });
      },
      endDrag() {
        set({ dragSession: null, dropTarget: null });
      },

      connect(attempt) {
        const s = get();
        const verdict = checkConnection(s.nodes, s.edges, s.catalog, attempt);
        if (!verdict.ok) {
          actions.notify(verdict.reason, "error");
          return verdict;
        }
        const id = nextEdgeId(attempt.source, attempt.target, new Set(s.edges.map((e) => e.id)), outputHandleName(s, attempt));
        commit((st) => ({
          edges: [
            ...st.edges,
            { id, source: attempt.source, target: attempt.target, sourceHandle: attempt.sourceHandle ?? null, targetHandle: attempt.targetHandle ?? null },
          ],
        }));
        return verdict;
      },

      addNode(type, position, from, into) {
        const s = get();
        const info = s.catalog.get(type);
        if (!info) return null;
        const id = nextNodeId(type, takenNodeIds(s));
        const byId = new Map(s.nodes.map((n) => [n.id, n]));
        const parentId = into !== undefined ? into : from ? (byId.get(from.nodeId)?.parentId ?? null) : null;
        const parent = parentId ? byId.get(parentId) : undefined;
        const origin = parent ? absolutePosition(parent, byId) : { x: 0, y: 0 };
        const node: EditorNode = {
          id,
          type,
          position: { x: Math.round(position.x - origin.x), y: Math.round(position.y - origin.y) },
          selected: true,
          data: { type, typeVersion: info.version, label: null, config: defaultConfig(info) },
        };
        if (parent) node.parentId = parent.id;
        if (isContainer(node)) Object.assign(node, sizeOf(node));
        commit((st) => ({
          nodes: [...st.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
          edges: st.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        }));
        if (from) {
          const attempt =
            from.handleType === "source"
              ? { source: from.nodeId, sourceHandle: from.handleId, target: id, targetHandle: info.inputs[0]?.id ?? null }
              : { source: id, sourceHandle: info.outputs === "dynamic" ? null : (info.outputs[0]?.id ?? null), target: from.nodeId, targetHandle: from.handleId };
          const st = get();
          const verdict = checkConnection(st.nodes, st.edges, st.catalog, attempt);
          if (verdict.ok) {
            const edgeId = nextEdgeId(attempt.source, attempt.target, new Set(st.edges.map((e) => e.id)), outputHandleName(st, attempt));
            // Part of the same step as adding the node: no new history entry.
            set({ edges: [...st.edges, { id: edgeId, ...attempt }], rev: nextRev() });
          } else {
            actions.notify(verdict.reason, "error");
          }
        }
        return id;
      },

      dropNodes(nodeIds) {
        const s = get();
        const moving = new Set(nodeIds);
        const byId = new Map(s.nodes.map((n) => [n.id, n]));
        let nodes = s.nodes;
        let edges = s.edges;
        const dropped: string[] = [];
        for (const id of nodeIds) {
          const node = byId.get(id);
          // A node moves with a dragged container around it: only the outermost ones are dropped.
          if (!node || ancestorsMoving(node, byId, moving)) continue;
          const current = new Map(nodes.map((n) => [n.id, n]));
          const target = dropContainer(nodes, current, current.get(id)!);
          if (target === (node.parentId ?? null)) continue;
          const moved = reparent(nodes, edges, id, target);
          nodes = moved.nodes;
          edges = moved.edges;
          dropped.push(...moved.removedEdges.map((e) => e.id));
        }
        if (nodes === s.nodes) return;
        const session = s.dragSession;
        commit(() => ({ nodes, edges }), session !== null ? { key: `drag:${session}`, windowMs: Number.POSITIVE_INFINITY } : undefined);
        if (dropped.length) {
          actions.notify(
            `Removed ${dropped.length} connection${dropped.length === 1 ? "" : "s"} that would cross a container's wall (undo brings ${dropped.length === 1 ? "it" : "them"} back).`,
            "info",
          );
        }
      },

      containerAt(point, type) {
        return containerAt(point, get().nodes, { id: "", type })?.id ?? null;
      },

      hoverDrag(nodeIds) {
        const s = get();
        // Called on every frame of a drag: a graph without containers has nothing to highlight.
        if (!s.nodes.some(isContainer)) return;
        const byId = new Map(s.nodes.map((n) => [n.id, n]));
        const moving = new Set(nodeIds);
        const lead = nodeIds.map((id) => byId.get(id)).find((n) => n && !ancestorsMoving(n, byId, moving));
        const target = lead ? dropContainer(s.nodes, byId, lead) : null;
        // Only a change of container is shown: the same one it is in is no news.
        const shown = target !== (lead?.parentId ?? null) ? target : null;
        if (s.dropTarget !== shown) set({ dropTarget: shown });
      },

      deleteSelection() {
        const s = get();
        actions.deleteElements(s.selection.nodes, s.selection.edges);
      },

      deleteElements(nodeIds, edgeIds) {
        const s = get();
        const ids = new Set(nodeIds);
        const containers = s.nodes
          .filter((n) => ids.has(n.id) && isContainer(n))
          .map((n) => ({ id: n.id, name: containerName(n), body: [...descendantsOf(n.id, s.nodes)].filter((d) => !ids.has(d)).length }))
          .filter((c) => c.body > 0);
        if (containers.length) {
          set({ pendingDelete: { nodes: [...nodeIds], edges: [...edgeIds], containers } });
          return;
        }
        removeElements(ids, new Set(edgeIds));
      },

      confirmDelete(body) {
        const s = get();
        const pending = s.pendingDelete;
        if (!pending) return;
        const ids = new Set(pending.nodes);
        if (body === "delete") {
          for (const id of pending.nodes) for (const inner of descendantsOf(id, s.nodes)) ids.add(inner);
          removeElements(ids, new Set(pending.edges));
          return;
        }
        // Keep the body: its nodes move out to the deleted container's own level, where they are drawn.
        set({ pendingDelete: null });
        commit((st) => {
          let nodes = st.nodes;
          let edges = st.edges;
          for (const c of pending.containers) {
            const outer = nodes.find((n) => n.id === c.id)?.parentId ?? null;
            const body = nodes.filter((n) => n.parentId === c.id && !ids.has(n.id)).map((n) => n.id);
            const moved = reparent(nodes, edges, body, outer && !ids.has(outer) ? outer : null);
            nodes = moved.nodes;
            edges = moved.edges;
          }
          const edgeIds = new Set(pending.edges);
          return {
            nodes: nodes.filter((n) => !ids.has(n.id)),
            edges: edges.filter((e) => !edgeIds.has(e.id) && !ids.has(e.source) && !ids.has(e.target)),
          };
        });
      },

      cancelDelete() {
        set({ pendingDelete: null });
      },

      updateConfig(nodeId, path, value, coalesce) {
        commit(
          (s) => ({
            nodes: s.nodes.map((n) =>
              n.id === nodeId ? { ...n, data: { ...n.data, config: setIn(n.data.config, path, value) as JsonObject } } : n,
            ),
          }),
          coalesce ?? { key: `config:${nodeId}:${path.join(".")}` },
        );
      },

      setLabel(nodeId, label) {
        commit(
          (s) => ({ nodes: s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, label: label || null } } : n)) }),
          { key: `label:${nodeId}` },
        );
      },

      renameNode(from, to) {
        const s = get();
        const problem = renameProblem(s.nodes, from, to, orphanPins(s));
        if (problem || from === to) return problem;
        commit((st) => ({ ...renameNode(st.nodes, st.edges, from, to), renames: composeRename(st.renames, from, to) }));
        return null;
      },

      setPinnedIds(ids) {
        const was = get().pinnedIds;
        if (ids.size === was.size && [...ids].every((id) => was.has(id))) return;
        set({ pinnedIds: ids });
      },

      renamesApplied(applied) {
        if (!Object.keys(applied).length) return;
        const rebase = (snap: Snapshot): Snapshot => ({ ...snap, renames: rebaseRenames(snap.renames, applied) });
        set((s) => ({
          renames: rebaseRenames(s.renames, applied),
          history: { ...s.history, past: s.history.past.map(rebase), future: s.history.future.map(rebase) },
        }));
      },

      setInputs(inputs, coalesce) {
        commit(() => ({ inputs }), coalesce ?? { key: "inputs" });
      },

      setSettings(settings, coalesce) {
        commit(() => ({ settings }), coalesce ?? { key: "settings" });
      },

      applyPositions(positions) {
        commit((s) => ({
          nodes: s.nodes.map((n) => {
            const p = positions.get(n.id);
            if (!p) return n;
            const resized = p.width !== undefined && p.height !== undefined && (p.width !== n.width || p.height !== n.height);
            if (!resized && p.x === n.position.x && p.y === n.position.y) return n;
            return { ...n, position: { x: p.x, y: p.y }, ...(resized ? { width: p.width, height: p.height } : {}) };
          }),
        }));
      },

      undo() {
        const s = get();
        const step = undo(s.history, snapshot());
        if (step) restore(step.restore, step.history);
      },
      redo() {
        const s = get();
        const step = redo(s.history, snapshot());
        if (step) restore(step.restore, step.history);
      },

      copySelection() {
        const s = get();
        return copyNodes(s.nodes, s.edges, new Set(s.selection.nodes));
      },

      paste(payload, at) {
        return pasteInto(payload, at ? { at } : { offset: { x: 40, y: 40 } });
      },

      duplicateSelection() {
        const payload = actions.copySelection();
        return payload ? pasteInto(payload, { offset: { x: 40, y: 40 } }) : 0;
      },

      select(nodeIds, edgeIds = []) {
        const s = get();
        const nodes = withSelected(s.nodes, new Set(nodeIds));
        const edges = withSelected(s.edges, new Set(edgeIds));
        set({ nodes, edges, selection: deriveSelection(s.selection, nodes, edges) });
      },

      selectAll() {
        const s = get();
        actions.select(s.nodes.map((n) => n.id), s.edges.map((e) => e.id));
      },

      setProblems(problems) {
        set({ problems: indexProblems(problems) });
      },

      markSaved(rev) {
        set({ savedRev: rev });
      },

      notify(message, tone = "info") {
        set({ notice: { id: ++noticeCounter, message, tone } });
      },
      dismissNotice(id) {
        if (get().notice?.id === id) set({ notice: null });
      },

      requestLayout() {
        set((s) => ({ layoutRequest: s.layoutRequest + 1 }));
      },
      requestFocus(nodeId) {
        set((s) => ({ focusRequest: { nodeId, seq: (s.focusRequest?.seq ?? 0) + 1 } }));
      },
    };

    const flow = docToFlow(init.doc, init.catalog);
    const rev = nextRev();
    return {
      catalog: init.catalog,
      workflowId: init.workflowId ?? null,
      nodes: flow.nodes,
      edges: flow.edges,
      inputs: flow.inputs,
      settings: flow.settings,
      renames: NO_RENAMES,
      pinnedIds: NO_IDS,
      rev,
      savedRev: rev,
      history: emptyHistory(),
      selection: deriveSelection(EMPTY_SELECTION, flow.nodes, flow.edges),
      problems: EMPTY_PROBLEMS,
      notice: null,
      layoutRequest: 0,
      focusRequest: null,
      dragSession: null,
      pendingDelete: null,
      dropTarget: null,
      draft: null,
      actions,
    };
  });
}

/** The handle named in a new edge's id: only for named (dynamic) outputs and `error`. */
function outputHandleName(s: EditorState, attempt: ConnectionAttempt): string | null {
  if (attempt.sourceHandle === ERROR_HANDLE) return ERROR_HANDLE;
  const source = s.nodes.find((n) => n.id === attempt.source);
  const info = source && s.catalog.get(source.data.type, source.data.typeVersion);
  return info?.outputs === "dynamic" ? (attempt.sourceHandle ?? null) : null;
}

/** The container under the centre of `node` (null: the top level): where a drop puts it. */
function dropContainer(nodes: readonly EditorNode[], byId: ReadonlyMap<string, EditorNode>, node: EditorNode): string | null {
  const at = absolutePosition(node, byId);
  const size = sizeOf(node);
  const centre = { x: at.x + size.width / 2, y: at.y + size.height / 2 };
  return containerAt(centre, nodes, { id: node.id, type: node.data.type })?.id ?? null;
}

/** Whether a container around `node` is dragged too (then `node` moves with it). */
function ancestorsMoving(node: EditorNode, byId: ReadonlyMap<string, EditorNode>, moving: ReadonlySet<string>): boolean {
  let depth = 0;
  for (let at = node.parentId; at && depth < 64; at = byId.get(at)?.parentId, depth++) if (moving.has(at)) return true;
  return false;
}

/** The document to save / validate. */
export function documentOf(state: Pick<EditorState, "nodes" | "edges" | "inputs" | "settings" | "catalog">): WorkflowDoc {
  return flowToDoc({ nodes: state.nodes, edges: state.edges, inputs: state.inputs, settings: state.settings }, state.catalog);
}

export const isDirty = (s: Pick<EditorState, "rev" | "savedRev">) => s.rev !== s.savedRev;
