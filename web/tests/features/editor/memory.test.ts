import { describe, expect, it } from "vitest";

import { addCollection, chosenCollections, collectionChoices, collectionNameHint, toggleCollection, withCollections } from "@/features/editor/lib/memory";
import { formFor, type FieldSpec } from "@/features/editor/lib/schema-form";

import { catalog } from "./fixtures";

const agentFields = () => formFor(catalog.get("agent")!.config_schema);
const field = (fields: FieldSpec[], key: string) => fields.find((f) => f.key === key)!;

describe("the agent's memory settings", () => {
  it("short-term memory is a checkbox and a token budget; long-term memory a list of collections", () => {
    const shortTerm = field(agentFields(), "short_term_memory");
    expect(shortTerm.kind).toBe("object");
    const inner = shortTerm.kind === "object" ? shortTerm.fields : [];
    expect(field(inner, "enabled")).toMatchObject({ kind: "boolean", default: false });
    expect(field(inner, "max_tokens")).toMatchObject({ kind: "number", integer: true, minimum: 100, maximum: 100000, default: 4000 });
    const memory = field(agentFields(), "memory");
    const memoryFields = memory.kind === "object" ? memory.fields : [];
    expect(field(memoryFields, "collections")).toMatchObject({ kind: "list", item: { kind: "text", maxLength: 100 } });
  });

  it("offers the user's collections, and keeps a chosen name that has no collection yet", () => {
    const chosen = chosenCollections({ collections: ["Channel brain", "Brand book"], k: 3 });
    expect(collectionChoices([{ name: "Brand book" }, { name: "Research notes" }], chosen)).toEqual([
      { name: "Brand book", chosen: true, exists: true },
      { name: "Research notes", chosen: false, exists: true },
      { name: "Channel brain", chosen: true, exists: false },
    ]);
    expect(chosenCollections(undefined)).toEqual([]);
  });

  it("toggles and adds names, at most five, without duplicates, and keeps the other settings", () => {
    expect(toggleCollection(["A"], "B")).toEqual(["A", "B"]);
    expect(toggleCollection(["A", "B"], "A")).toEqual(["B"]);
    expect(addCollection(["A"], "  Channel brain ")).toEqual({ value: ["A", "Channel brain"] });
    expect(addCollection(["A"], "A")).toEqual({ error: "Already chosen." });
    expect(addCollection([], "   ")).toEqual({ error: "Type a collection's name." });
    expect(addCollection(["1", "2", "3", "4", "5"], "6")).toEqual({ error: "At most 5 collections." });
    expect(withCollections({ k: 3 }, ["A"])).toEqual({ k: 3, collections: ["A"] });
    expect(withCollections({ collections: ["A"] }, [])).toBeUndefined();
    expect(withCollections({ collections: ["A"], k: 2 }, [])).toEqual({ k: 2 });
  });
});

describe("a memory node's collection field", () => {
  const mine = [{ name: "Channel brain", chunk_count: 12 }, { name: "Brand facts", chunk_count: 1 }];

  it("says how much an existing collection holds", () => {
    expect(collectionNameHint("memory_search", "Channel brain", mine)).toBe("12 chunks in this collection.");
    expect(collectionNameHint("memory_write", "Brand facts", mine)).toBe("1 chunk in this collection.");
  });

  it("explains a name with no collection yet, differently for a search and a write", () => {
    expect(collectionNameHint("memory_search", "Past scripts", mine)).toMatch(/searches find nothing until something is written/);
    expect(collectionNameHint("memory_write", "Past scripts", mine)).toMatch(/the first write creates it/);
  });

  it("says nothing while the collections load or the name is empty", () => {
    expect(collectionNameHint("memory_search", "Channel brain", undefined)).toBeNull();
    expect(collectionNameHint("memory_search", "  ", mine)).toBeNull();
  });
});
