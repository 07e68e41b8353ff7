/**
 * Pins follow a renamed node: the renames the editor keeps until a save (`lib/rename.ts`), the
 * pins as the draft sees them, the moves a save makes, and undo across a save.
 */
import { describe, expect, it } from "vitest";

import { composeRename, pinMoves, pinsAfterRenames, rebaseRenames } from "@/features/editor/lib/rename";
import { createEditorStore } from "@/features/editor/store/store";

import { catalog, sampleDoc } from "./fixtures";

describe("renames kept for the pins", () => {
  it("composes renames of one node and drops a rename back", () => {
    // Given agent_1 renamed to writer, then writer to author
    const once = composeRename({}, "agent_1", "writer");
    const twice = composeRename(once, "writer", "author");
    // Then the pin id maps straight to the id now
    expect(once).toEqual({ agent_1: "writer" });
    expect(twice).toEqual({ agent_1: "author" });
    // And renaming it back leaves nothing to move
    expect(composeRename(twice, "author", "agent_1")).toEqual({});
  });

  it("keeps a swap of two ids through a free one", () => {
    let r = composeRename({}, "a", "tmp");
    r = composeRename(r, "b", "a");
    r = composeRename(r, "tmp", "b");
    expect(r).toEqual({ a: "b", b: "a" });
    const pins = new Map([
      ["a", "A's"],
      ["b", "B's"],
    ]);
    expect(pinsAfterRenames(pins, r)).toEqual(
      new Map([
        ["b", "A's"],
        ["a", "B's"],
      ]),
    );
    const moves = pinMoves(pins, r);
    expect(moves.put).toEqual([
      ["b", "A's"],
      ["a", "B's"],
    ]);
    expect(moves.remove).toEqual([]);
  });

  it("shows a renamed node's pin under its new id and none under the old one", () => {
    const pins = new Map<string, unknown>([
      ["draft", "kept words"],
      ["other", 1],
    ]);
    const seen = pinsAfterRenames(pins, { draft: "outline" });
    expect(seen.get("outline")).toBe("kept words");
    expect(seen.has("draft")).toBe(false);
    expect(seen.get("other")).toBe(1);
  });

  it("never lets a stale pin stand in for a renamed node", () => {
    // Given a pin left under `outline` by a node deleted earlier, and an unpinned node renamed to outline
    const pins = new Map<string, unknown>([["outline", "an old node's words"]]);
    // Then the renamed node shows no pin, and the save unpins the stale one
    expect(pinsAfterRenames(pins, { draft: "outline" }).has("outline")).toBe(false);
    expect(pinMoves(pins, { draft: "outline" })).toEqual({ put: [], remove: ["outline"] });
  });

  it("moves a pin by putting it under the new id before unpinning the old one", () => {
    const moves = pinMoves(new Map([["draft", { text: "x" }]]), { draft: "outline" });
    expect(moves).toEqual({ put: [["outline", { text: "x" }]], remove: ["draft"] });
  });

  it("rebases renames on the ones a save applied", () => {
    expect(rebaseRenames({ a: "c" }, { a: "b" })).toEqual({ b: "c" });
    expect(rebaseRenames({}, { a: "b" })).toEqual({ b: "a" });
    expect(rebaseRenames({ a: "b" }, { a: "b" })).toEqual({});
    expect(rebaseRenames({ x: "y" }, { a: "b" })).toEqual({ x: "y", b: "a" });
  });
});

describe("editor store renames", () => {
  it("records a rename, undoes it, and after a save an undo moves the pin back at the next save", () => {
    const store = createEditorStore({ catalog, doc: sampleDoc() });
    const a = () => store.getState().actions;
    // When agent_1 is renamed
    expect(a().renameNode("agent_1", "writer")).toBeNull();
    expect(store.getState().renames).toEqual({ agent_1: "writer" });
    // Then undo takes the rename back from the renames too, and redo brings it again
    a().undo();
    expect(store.getState().renames).toEqual({});
    a().redo();
    expect(store.getState().renames).toEqual({ agent_1: "writer" });
    // When a save moved the pins
    a().renamesApplied({ agent_1: "writer" });
    expect(store.getState().renames).toEqual({});
    // Then undoing the rename asks the next save to move the pin back
    a().undo();
    expect(store.getState().nodes.some((n) => n.id === "agent_1")).toBe(true);
    expect(store.getState().renames).toEqual({ writer: "agent_1" });
  });
});

describe("a deleted node's pin", () => {
  it("is never picked up by a new node, nor by a node renamed to its id, and comes back with undo", () => {
    // Given agent_1 pinned on the engine, then deleted from the draft
    const store = createEditorStore({ catalog, doc: sampleDoc() });
    const a = () => store.getState().actions;
    a().setPinnedIds(new Set(["agent_1"]));
    a().deleteElements(["agent_1"], []);
    expect(store.getState().nodes.some((n) => n.id === "agent_1")).toBe(false);

    // When a new agent is added
    const added = a().addNode("agent", { x: 0, y: 300 });

    // Then it gets an id of its own, not the deleted node's (whose pin it would show)
    expect(added).not.toBeNull();
    expect(added).not.toBe("agent_1");
    // And renaming a node to the deleted node's id is refused, saying why
    expect(a().renameNode("output_1", "agent_1")).toMatch(/deleted node's pinned output/);
    // And undoing the delete brings agent_1 back, its pin with it
    a().undo();
    a().undo();
    expect(store.getState().nodes.some((n) => n.id === "agent_1")).toBe(true);
    expect(a().renameNode("agent_1", "writer")).toBeNull();
    expect(a().renameNode("writer", "agent_1")).toBeNull();
  });

  it("gives a new node the first id that neither a node nor a pin holds", () => {
    const store = createEditorStore({ catalog, doc: sampleDoc() });
    store.getState().actions.setPinnedIds(new Set(["agent_2"]));
    expect(store.getState().actions.addNode("agent", { x: 0, y: 300 })).toBe("agent_3");
  });
});
