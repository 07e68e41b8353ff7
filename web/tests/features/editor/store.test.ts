import { describe, expect, it } from "vitest";

import { parseClipboard, serializeClipboard } from "@/features/editor/lib/clipboard";
import { createEditorStore, documentOf, isDirty } from "@/features/editor/store/store";

import { catalog, sampleDoc } from "./fixtures";

function makeStore() {
  let clock = 0;
  const store = createEditorStore({ catalog, doc: sampleDoc(), now: () => clock });
  return { store, tick: (ms: number) => (clock += ms), a: () => store.getState().actions };
}

const ids = (s: ReturnType<typeof makeStore>["store"]) => s.getState().nodes.map((n) => n.id);

describe("editor store", () => {
  it("undoes and redoes every kind of edit, step by step", () => {
    const { store, tick, a } = makeStore();
    const original = documentOf(store.getState());

    // Given three edits: add a node, connect it, change its config
    const id = a().addNode("http", { x: 10, y: 10 })!;
    tick(2000);
    a().connect({ source: "agent_1", sourceHandle: "out", target: id, targetHandle: "in" });
    tick(2000);
    a().updateConfig(id, ["url"], "https://example.org");
    const edited = documentOf(store.getState());
    expect(isDirty(store.getState())).toBe(true);

    // When undoing three times, each step comes back in turn
    a().undo();
    expect(store.getState().nodes.find((n) => n.id === id)!.data.config.url).toBe("https://example.com");
    a().undo();
    expect(store.getState().edges.some((e) => e.target === id)).toBe(false);
    a().undo();
    expect(ids(store)).not.toContain(id);
    // Then the document is the original one, and clean again
    expect(documentOf(store.getState())).toEqual(original);
    expect(isDirty(store.getState())).toBe(false);

    // When redoing all three, the edited document is back
    a().redo();
    a().redo();
    a().redo();
    expect(documentOf(store.getState())).toEqual(edited);
    a().redo(); // nothing more to redo
    expect(documentOf(store.getState())).toEqual(edited);
  });

  it("coalesces typing in one field and one drag into single steps", () => {
    const { store, tick, a } = makeStore();
    for (const text of ["H", "He", "Hel", "Hello"]) {
      a().updateConfig("agent_1", ["prompt"], text);
      tick(200);
    }
    expect(store.getState().history.past).toHaveLength(1);

    // A drag, even a slow one, is one step
    a().beginDrag();
    for (let x = 0; x < 5; x++) {
      a().onNodesChange([{ type: "position", id: "agent_1", position: { x: 300 + x * 10, y: 0 }, dragging: true }]);
      tick(1500);
    }
    a().onNodesChange([{ type: "position", id: "agent_1", position: { x: 400, y: 0 }, dragging: false }]);
    a().endDrag();
    expect(store.getState().history.past).toHaveLength(2);

    a().undo();
    expect(store.getState().nodes.find((n) => n.id === "agent_1")!.position).toEqual({ x: 300, y: 0 });
    a().undo();
    expect(store.getState().nodes.find((n) => n.id === "agent_1")!.data.config.prompt).toBe("Write about {{ inputs.topic }}");
  });

  it("refuses a cycle with a reason and leaves the graph as it was", () => {
    const { store, a } = makeStore();
    const before = store.getState().edges;
    const verdict = a().connect({ source: "router_1", sourceHandle: "else", target: "agent_1", targetHandle: "in" });
    expect(verdict.ok).toBe(false);
    expect(store.getState().edges).toBe(before);
    expect(store.getState().notice).toMatchObject({ tone: "error" });
    expect(store.getState().notice!.message).toMatch(/cycle/);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it("deletes the selection with its edges in one step", () => {
    const { store, a } = makeStore();
    a().select(["agent_1"]);
    expect(store.getState().selection.nodes).toEqual(["agent_1"]);
    a().deleteSelection();
    expect(ids(store)).toEqual(["start", "router_1", "output_1"]);
    expect(store.getState().edges.map((e) => e.id)).toEqual(["e3"]);
    a().undo();
    expect(ids(store)).toContain("agent_1");
    expect(store.getState().edges).toHaveLength(3);
  });

  it("copies and pastes two connected nodes with their edge, undoably", () => {
    const { store, a } = makeStore();
    a().select(["agent_1", "router_1"]);
    const payload = parseClipboard(serializeClipboard(a().copySelection()!))!;
    expect(a().paste(payload)).toBe(2);
    const state = store.getState();
    expect(state.selection.nodes).toEqual(["agent_2", "router_2"]);
    expect(state.edges.some((e) => e.source === "agent_2" && e.target === "router_2")).toBe(true);
    a().undo();
    expect(ids(store)).toEqual(["start", "agent_1", "router_1", "output_1"]);
  });

  it("duplicates with Ctrl+D semantics", () => {
    const { store, a } = makeStore();
    a().select(["output_1"]);
    a().duplicateSelection();
    expect(ids(store)).toContain("output_2");
  });

  it("keeps the selection object when a drag does not change it", () => {
    const { store, a } = makeStore();
    a().select(["agent_1"]);
    const selection = store.getState().selection;
    a().onNodesChange([{ type: "position", id: "agent_1", position: { x: 1, y: 1 }, dragging: true }]);
    a().onNodesChange([{ type: "dimensions", id: "agent_1", dimensions: { width: 240, height: 80 } }]);
    expect(store.getState().selection).toBe(selection);
  });

  it("adds a node connected from a dropped connection, undone in one step", () => {
    const { store, a } = makeStore();
    const id = a().addNode("transform", { x: 0, y: 0 }, { nodeId: "agent_1", handleId: "out", handleType: "source" })!;
    expect(store.getState().edges.some((e) => e.source === "agent_1" && e.target === id)).toBe(true);
    a().undo();
    expect(ids(store)).not.toContain(id);
    expect(store.getState().edges).toHaveLength(3);
  });

  it("renames a node and its references", () => {
    const { store, a } = makeStore();
    expect(a().renameNode("agent_1", "writer")).toBeNull();
    expect(store.getState().nodes.find((n) => n.id === "output_1")!.data.config.value).toBe("{{ steps.writer.output }}");
    expect(a().renameNode("writer", "start")).toMatch(/already/);
  });

  it("marks saved revisions clean", () => {
    const { store, a } = makeStore();
    a().setLabel("agent_1", "Researcher");
    expect(isDirty(store.getState())).toBe(true);
    a().markSaved(store.getState().rev);
    expect(isDirty(store.getState())).toBe(false);
    a().undo();
    expect(isDirty(store.getState())).toBe(true);
  });
});
