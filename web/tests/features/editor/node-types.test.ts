import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { hasIcon } from "@/features/editor/components/icons";
import { KNOWN_NODE_TYPES, nodeTypeUI } from "@/features/editor/node-types/registry";

/** The engine's node types and the lucide icons they name, as its contracts publish them (`orrery contracts`). */
const ENGINE_CATALOG: { types: string[]; icons: string[] } = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../../contracts/node-types.json", import.meta.url)), "utf8"),
);
const ENGINE_TYPES = ENGINE_CATALOG.types;

describe("the node-type registry", () => {
  it("has a UI for every node type the engine offers (no 'unknown node type' on the canvas)", () => {
    expect(ENGINE_TYPES.length).toBeGreaterThan(10);
    expect(ENGINE_TYPES.filter((type) => !KNOWN_NODE_TYPES.includes(type))).toEqual([]);
  });

  it("draws every icon a node type names (no node falls back to the blank box)", () => {
    expect(ENGINE_CATALOG.icons.length).toBeGreaterThan(10);
    expect(ENGINE_CATALOG.icons.filter((icon) => !hasIcon(icon))).toEqual([]);
  });

  it("summarises a memory search and a memory write on their nodes", () => {
    expect(nodeTypeUI("memory_search").summary({ collection: "Style guide", query: "{{ inputs.topic }}", k: 3 })).toBe(
      "Style guide · top 3 · {{ inputs.topic }}",
    );
    expect(nodeTypeUI("memory_write").summary({ collection: "Notes", content: "{{ steps.draft.output }}" })).toBe(
      "to Notes · {{ steps.draft.output }}",
    );
  });
});
