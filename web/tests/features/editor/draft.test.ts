import { describe, expect, it } from "vitest";

import { createEditorStore, documentOf, isDirty } from "@/features/editor/store/store";
import type { WorkflowDoc } from "@/features/editor/types";

import { catalog, sampleDoc } from "./fixtures";

/** What the demo planner drafts for "research espresso, then write a post" (trimmed). */
function draftDoc(): WorkflowDoc {
  return {
    schema: "orrery.workflow/v1",
    inputs: { brief: { type: "string", default: "Research espresso, then write a post", required: true } },
    nodes: [
      { id: "start", type: "input", type_version: 1, position: { x: 0, y: 0 }, config: {} },
      { id: "research", type: "agent", type_version: 1, label: "Research espresso", position: { x: 300, y: 0 }, config: { provider: "demo", model: "demo", prompt: "Research espresso\n\n{{ inputs.brief }}" } },
      { id: "post", type: "agent", type_version: 1, label: "Write a post", position: { x: 600, y: 0 }, config: { provider: "demo", model: "demo", prompt: "Write a post\n\n{{ steps.research.output }}" } },
      { id: "result", type: "output", type_version: 1, position: { x: 900, y: 0 }, config: { name: "result", value: "{{ steps.post.output }}" } },
    ],
    edges: [
      { id: "e_start_research", source: "start", target: "research", source_handle: null, target_handle: null },
      { id: "e_research_post", source: "research", target: "post", source_handle: null, target_handle: null },
      { id: "e_post_result", source: "post", target: "result", source_handle: null, target_handle: null },
    ],
  };
}

describe("a planner's draft in the editor", () => {
  it("replaces the canvas as one unsaved, undoable edit, with the planner and a note per node", () => {
    // Given an editor open on a saved workflow
    const store = createEditorStore({ catalog, doc: sampleDoc(), now: () => 0 });
    const saved = documentOf(store.getState());
    const layouts = store.getState().layoutRequest;

    // When a draft is applied
    store.getState().actions.applyDraft(draftDoc(), { planner: "demo", explanations: { research: "A research agent.", post: "A writing agent." } });

    // Then the canvas is the draft, unsaved, labelled and explained, and laid out
    const state = store.getState();
    expect(state.nodes.map((n) => n.id)).toEqual(["start", "research", "post", "result"]);
    expect(Object.keys(state.inputs)).toEqual(["brief"]);
    expect(isDirty(state)).toBe(true);
    expect(state.draft).toEqual({ planner: "demo", explanations: { research: "A research agent.", post: "A writing agent." }, schedule: null });
    expect(state.layoutRequest).toBe(layouts + 1);
    expect((documentOf(state).edges ?? []).map((e) => `${e.source}>${e.target}`)).toEqual(["start>research", "research>post", "post>result"]);

    // And one undo brings the saved workflow back, clean
    state.actions.undo();
    expect(documentOf(store.getState())).toEqual(saved);
    expect(isDirty(store.getState())).toBe(false);
  });
});
