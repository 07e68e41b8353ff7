/** The sub-workflow node's inspector: which workflows it may call, and the child's inputs to map. */
import { describe, expect, it } from "vitest";

import { childInputRows, workflowChoices } from "@/features/editor/node-types/subworkflow/lib";
import { nodeTypeUI } from "@/features/editor/node-types/registry";

describe("choosing the workflow a sub-workflow node runs", () => {
  const mine = [
    { id: "w-self", name: "Video pipeline" },
    { id: "w-research", name: "Research a topic" },
    { id: "w-assets", name: "Assets" },
  ];

  it("offers every other workflow of the user, by name, never the one being edited", () => {
    expect(workflowChoices(mine, "w-self", null)).toEqual([
      { value: "w-assets", label: "Assets" },
      { value: "w-research", label: "Research a topic" },
    ]);
  });

  it("keeps a chosen workflow the list does not have, saying why", () => {
    expect(workflowChoices(mine, "w-self", "w-gone").at(-1)).toEqual({ value: "w-gone", label: "A workflow not in your list" });
    expect(workflowChoices(mine, "w-self", "w-self").at(-1)).toEqual({ value: "w-self", label: "This workflow (it cannot call itself)" });
  });
});

describe("mapping the child's declared inputs", () => {
  it("has a row per declared input with its template, then the mapped names the child no longer declares", () => {
    // Given a child declaring `topic` (required) and `tone` (with a default), and a node mapping topic and an old `audience`
    const rows = childInputRows(
      { topic: { type: "string", required: true, description: "What about" }, tone: { type: "string", required: true, default: "warm" } },
      { topic: "{{ inputs.subject }}", audience: "kids" },
    );
    expect(rows).toEqual([
      { name: "topic", value: "{{ inputs.subject }}", required: true, detail: "string · What about", stale: false },
      { name: "tone", value: "", required: false, detail: "string", stale: false },
      { name: "audience", value: "kids", required: false, detail: "", stale: true },
    ]);
  });

  it("says which version the card calls", () => {
    expect(nodeTypeUI("subworkflow").summary({})).toBe("(choose a workflow)");
    expect(nodeTypeUI("subworkflow").summary({ workflow_id: "w", version: 3, inputs: { topic: "x" } })).toBe("runs a workflow · version 3 · 1 input");
  });
});
