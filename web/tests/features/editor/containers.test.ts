/**
 * Containers in the editor: a map's body drawn inside it (React Flow sub-flows), nodes
 * dropped in and dragged out with their positions converted, connections across a
 * container's wall refused with the reason, every node's `error` output, the body's `{{`
 * suggestions, copy/paste and rename of a container with its body, deleting one.
 */
import { describe, expect, it } from "vitest";

import { copyNodes, pasteNodes } from "@/features/editor/lib/clipboard";
import { checkConnection } from "@/features/editor/lib/connections";
import { absolutePosition, containerAt, reparent, sortParentsFirst } from "@/features/editor/lib/containers";
import { docToFlow, flowToDoc } from "@/features/editor/lib/document";
import { renameNode } from "@/features/editor/lib/rename";
import { referenceSuggestions } from "@/features/editor/lib/suggestions";
import { nodeTypeUI } from "@/features/editor/node-types/registry";
import { createEditorStore, documentOf } from "@/features/editor/store/store";
import type { EditorNode } from "@/features/editor/types";

import { flowCatalog as catalog, mapDoc } from "./fixtures/containers";

const flow = () => docToFlow(mapDoc(), catalog);
const byId = (nodes: readonly EditorNode[]) => new Map(nodes.map((n) => [n.id, n]));

function makeStore() {
  const store = createEditorStore({ catalog, doc: mapDoc(), now: () => 0 });
  return { store, a: () => store.getState().actions, node: (id: string) => store.getState().nodes.find((n) => n.id === id)! };
}

describe("a map's body on the canvas", () => {
  it("draws body nodes inside their container, the container first, and saves them back as they were", () => {
    // Given a document whose body node `caption` is listed before its map
    const { nodes } = flow();
    // Then the canvas has the map before every node of its body, with parentId and its size
    const order = nodes.map((n) => n.id);
    expect(order.indexOf("scenes")).toBeLessThan(order.indexOf("caption"));
    expect(order.indexOf("scenes")).toBeLessThan(order.indexOf("shot"));
    const scenes = nodes.find((n) => n.id === "scenes")!;
    expect([scenes.width, scenes.height]).toEqual([700, 300]);
    expect(nodes.find((n) => n.id === "shot")!.parentId).toBe("scenes");
    // And the body's positions stay relative to the container
    expect(absolutePosition(nodes.find((n) => n.id === "shot")!, byId(nodes))).toEqual({ x: 640, y: 100 });
    // When saved, each node keeps its parent, the map its size, the error edge its handle
    const doc = flowToDoc(flow(), catalog);
    expect(doc.nodes!.find((n) => n.id === "shot")).toMatchObject({ parent: "scenes", position: { x: 40, y: 100 } });
    expect(doc.nodes!.find((n) => n.id === "scenes")).toMatchObject({ size: { width: 700, height: 300 } });
    expect(doc.nodes!.find((n) => n.id === "script")!.parent).toBeUndefined();
    expect(doc.edges!.find((e) => e.id === "e5")!.source_handle).toBe("error");
    expect(doc.edges!.find((e) => e.id === "e2")!.source_handle).toBeNull();
  });

  it("gives a new map the container's default size, and says what it iterates", () => {
    const { a, node } = makeStore();
    const id = a().addNode("map", { x: 0, y: 600 })!;
    expect([node(id).width, node(id).height]).toEqual([640, 320]);
    expect(nodeTypeUI("map").summary({ items: "{{ steps.script.output.scenes }}", concurrency: 4 })).toBe("for each of steps.script.output.scenes, 4 at a time");
    expect(nodeTypeUI("loop").summary({ max_iterations: 5, until: { left: "steps.review.output.ok", op: "equals", right: true } })).toBe(
      "up to 5 times, until steps.review.output.ok equals true",
    );
  });
});

describe("dropping nodes into a container and dragging them out", () => {
  it("finds the innermost container under a point, never for input/output nor for the node itself", () => {
    const { nodes } = flow();
    expect(containerAt({ x: 700, y: 50 }, nodes)?.id).toBe("scenes");
    expect(containerAt({ x: 100, y: 50 }, nodes)).toBeNull();
    expect(containerAt({ x: 700, y: 50 }, nodes, { id: "x", type: "output" })).toBeNull();
    expect(containerAt({ x: 700, y: 50 }, nodes, { id: "scenes", type: "map" })).toBeNull();
  });

  it("converts the position so the node stays where it was dropped, and back out", () => {
    // Given the top-level `notify` at (1500, 300)
    const { nodes, edges } = flow();
    // When it is moved into the map at (600, 0)
    const inside = reparent(nodes, edges, "notify", "scenes");
    const notify = inside.nodes.find((n) => n.id === "notify")!;
    // Then it is a body node at the same place on the canvas, after its container in the array
    expect(notify.parentId).toBe("scenes");
    expect(notify.position).toEqual({ x: 900, y: 300 });
    expect(absolutePosition(notify, byId(inside.nodes))).toEqual({ x: 1500, y: 300 });
    expect(sortParentsFirst(inside.nodes)).toBe(inside.nodes);
    // And its error edge from `script` (outside) is gone: it would cross the wall
    expect(inside.removedEdges.map((e) => e.id)).toEqual(["e5"]);
    // When dragged back out, it is top-level again where it is drawn
    const outside = reparent(inside.nodes, inside.edges, "notify", null);
    const back = outside.nodes.find((n) => n.id === "notify")!;
    expect(back.parentId).toBeUndefined();
    expect(back.position).toEqual({ x: 1500, y: 300 });
  });

  it("makes a node dropped on the map part of its body, as one undo step with the drag", () => {
    const { store, a, node } = makeStore();
    // Given the user drags `notify` onto the map
    a().beginDrag();
    a().onNodesChange([{ type: "position", id: "notify", position: { x: 700, y: 150 }, dragging: true }]);
    a().onNodesChange([{ type: "position", id: "notify", position: { x: 720, y: 150 }, dragging: false }]);
    // When the drag stops
    a().dropNodes(["notify"]);
    a().endDrag();
    // Then it is in the body, at the same place, and the connection that crossed the wall is gone (said so)
    expect(node("notify").parentId).toBe("scenes");
    expect(node("notify").position).toEqual({ x: 120, y: 150 });
    expect(store.getState().edges.some((e) => e.id === "e5")).toBe(false);
    expect(store.getState().notice?.message).toMatch(/Removed 1 connection that would cross a container's wall/);
    expect(documentOf(store.getState()).nodes!.find((n) => n.id === "notify")!.parent).toBe("scenes");
    // When undone once, the drag and the move are both undone
    a().undo();
    expect(node("notify").parentId).toBeUndefined();
    expect(node("notify").position).toEqual({ x: 1500, y: 300 });
    expect(store.getState().edges.some((e) => e.id === "e5")).toBe(true);
  });

  it("moves a body node dragged out of its map back to the top level", () => {
    const { a, node } = makeStore();
    a().beginDrag();
    a().onNodesChange([{ type: "position", id: "shot", position: { x: -400, y: 500 }, dragging: false }]);
    a().dropNodes(["shot"]);
    a().endDrag();
    expect(node("shot").parentId).toBeUndefined();
    expect(node("shot").position).toEqual({ x: 200, y: 500 });
  });

  it("keeps a dragged container's body inside it, and adds a palette node dropped on the map to its body", () => {
    const { a, node } = makeStore();
    a().dropNodes(["scenes", "shot", "caption"]);
    expect(node("shot").parentId).toBe("scenes");
    const id = a().addNode("transform", { x: 900, y: 200 }, undefined, a().containerAt({ x: 900, y: 200 }, "transform"))!;
    expect(node(id).parentId).toBe("scenes");
    expect(node(id).position).toEqual({ x: 300, y: 200 });
    // And a node added from a body node's handle joins the same body
    const next = a().addNode("transform", { x: 1100, y: 150 }, { nodeId: "caption", handleId: "out", handleType: "source" })!;
    expect(node(next).parentId).toBe("scenes");
  });
});

describe("connections and walls", () => {
  const attempt = (source: string, target: string, sourceHandle: string | null = "out") => checkConnection(flow().nodes, flow().edges, catalog, { source, target, sourceHandle, targetHandle: "in" });

  it("refuses a connection from outside into a body, with the reason", () => {
    const verdict = attempt("script", "shot");
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/cross the wall of Scenes/) });
  });

  it("refuses a body node connected to its own container, and says how a body starts", () => {
    expect(attempt("caption", "scenes")).toEqual({ ok: false, reason: expect.stringMatching(/caption is inside Scenes: a body starts on its own/) });
    expect(attempt("scenes", "shot")).toEqual({ ok: false, reason: expect.stringMatching(/shot is inside Scenes/) });
  });

  it("accepts connections inside one body and to the container from outside", () => {
    expect(attempt("caption", "shot").ok).toBe(false); // a cycle, not a wall
    expect(attempt("script", "scenes").ok).toBe(false); // already connected
    expect(attempt("scenes", "notify").ok).toBe(true);
  });

  it("offers every node but the run's ends an error output", () => {
    expect(attempt("shot", "caption", "error").ok).toBe(true);
    expect(attempt("scenes", "notify", "error").ok).toBe(true);
    expect(attempt("start", "notify", "error")).toEqual({ ok: false, reason: "start has no error output." });
  });
});

describe("{{ suggestions in a body", () => {
  const values = (nodeId: string, inBody = false) => {
    const { nodes, edges, inputs } = flow();
    return referenceSuggestions(nodeId, nodes, edges, inputs, { inBody }).map((s) => s.value);
  };

  it("offers the item, its index, the body's upstream steps and what is upstream of the map", () => {
    const caption = values("caption");
    expect(caption).toEqual(expect.arrayContaining(["inputs.topic", "map.item", "map.index", "steps.shot.output", "steps.script.output", "steps.start.output"]));
    // Not the map itself (its result does not exist inside it), nor steps after it
    expect(caption.some((v) => v.startsWith("steps.scenes") || v.startsWith("steps.out"))).toBe(false);
  });

  it("gives the map's own list field its upstream only, and its result field the body", () => {
    expect(values("scenes")).not.toContain("map.item");
    expect(values("scenes")).toContain("steps.script.output");
    expect(values("scenes", true)).toEqual(expect.arrayContaining(["map.item", "steps.shot.output", "steps.caption.output"]));
  });
});

describe("copy, paste and rename with a body", () => {
  it("copies a map with its body, and pastes them with the body still inside", () => {
    const { nodes, edges } = flow();
    const payload = copyNodes(nodes, edges, new Set(["scenes"]))!;
    expect(payload.nodes.map((n) => n.id).sort()).toEqual(["caption", "scenes", "shot"]);
    const pasted = pasteNodes(payload, new Set(nodes.map((n) => n.id)), new Set(edges.map((e) => e.id)), { offset: { x: 40, y: 40 } });
    const map = pasted.nodes.find((n) => n.data.type === "map")!;
    const body = pasted.nodes.filter((n) => n.parentId === map.id);
    expect(body).toHaveLength(2);
    expect(pasted.nodes[0]).toBe(map);
    expect(map.position).toEqual({ x: 640, y: 40 });
    expect(body.find((n) => n.id.startsWith("shot"))!.position).toEqual({ x: 40, y: 100 });
    expect(pasted.edges).toHaveLength(1);
  });

  it("pastes a body node copied alone at the top level, where it was drawn", () => {
    const { nodes, edges } = flow();
    const payload = copyNodes(nodes, edges, new Set(["shot"]))!;
    expect(payload.nodes[0]).toMatchObject({ position: { x: 640, y: 100 } });
    expect(payload.nodes[0]!.parent).toBeUndefined();
  });

  it("renaming a container keeps its body in it", () => {
    const { nodes, edges } = flow();
    const renamed = renameNode(nodes, edges, "scenes", "shots");
    expect(renamed.nodes.filter((n) => n.parentId === "shots").map((n) => n.id).sort()).toEqual(["caption", "shot"]);
  });
});

describe("deleting a container", () => {
  it("asks what to do with the body, and deletes it only when told", () => {
    const { store, a } = makeStore();
    // When the map alone is deleted
    a().deleteElements(["scenes"], []);
    // Then nothing is deleted yet: the user is asked, with the body's size
    expect(store.getState().nodes.some((n) => n.id === "scenes")).toBe(true);
    expect(store.getState().pendingDelete?.containers).toEqual([{ id: "scenes", name: "Scenes", body: 2 }]);
    // When they choose to delete the body too, every node of it goes with the map and its edges
    a().confirmDelete("delete");
    expect(store.getState().nodes.map((n) => n.id).sort()).toEqual(["notify", "out", "script", "start"]);
    expect(store.getState().edges.map((e) => e.id).sort()).toEqual(["e1", "e5"]);
    expect(store.getState().pendingDelete).toBeNull();
  });

  it("keeps the body at the top level, where it was, when told to", () => {
    const { store, a, node } = makeStore();
    a().deleteElements(["scenes"], []);
    a().confirmDelete("keep");
    expect(store.getState().nodes.some((n) => n.id === "scenes")).toBe(false);
    expect(node("shot").parentId).toBeUndefined();
    expect(node("shot").position).toEqual({ x: 640, y: 100 });
    expect(store.getState().edges.some((e) => e.id === "e3")).toBe(true);
    // And it undoes as one step
    a().undo();
    expect(node("shot").parentId).toBe("scenes");
  });

  it("cancels without changing anything", () => {
    const { store, a } = makeStore();
    const before = store.getState().nodes;
    a().deleteElements(["scenes"], []);
    a().cancelDelete();
    expect(store.getState().nodes).toBe(before);
    expect(store.getState().pendingDelete).toBeNull();
  });
});

describe("resizing a container", () => {
  it("is an edit (saved, undoable), unlike React Flow measuring a node", () => {
    const { store, a, node } = makeStore();
    const rev = store.getState().rev;
    a().onNodesChange([{ type: "dimensions", id: "shot", dimensions: { width: 250, height: 90 } }]);
    expect(store.getState().rev).toBe(rev);
    a().onNodesChange([{ type: "dimensions", id: "scenes", dimensions: { width: 900, height: 400 }, resizing: true, setAttributes: true }]);
    expect([node("scenes").width, node("scenes").height]).toEqual([900, 400]);
    expect(documentOf(store.getState()).nodes!.find((n) => n.id === "scenes")!.size).toEqual({ width: 900, height: 400 });
    a().undo();
    expect(node("scenes").width).toBe(700);
  });
});
