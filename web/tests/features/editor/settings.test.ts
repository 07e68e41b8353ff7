import { describe, expect, it } from "vitest";

import { SETTINGS_FIELDS, defaultText, parseSetting, settingValue, withSetting } from "@/features/editor/lib/settings";
import { createEditorStore, documentOf, isDirty } from "@/features/editor/store/store";

import { catalog, sampleDoc } from "./fixtures";

const field = (key: string) => SETTINGS_FIELDS.find((f) => f.key === key)!;
const LIMITS = { max_steps: 1000, max_tokens: 2_000_000, max_cost_usd: 25, max_duration_s: 21_600, max_parallel: 16 };

describe("workflow settings fields", () => {
  it("show the operator's default, and refuse what the engine would refuse", () => {
    // Given the operator's limits
    const steps = field("max_steps");

    // Then the step budget says the operator's default, and takes values up to it
    expect(defaultText(steps, LIMITS)).toBe("Operator default: 1,000");
    expect(parseSetting(steps, "", LIMITS)).toEqual({ ok: true, value: undefined });
    expect(parseSetting(steps, "1000", LIMITS)).toEqual({ ok: true, value: 1000 });
    expect(parseSetting(steps, "1001", LIMITS)).toEqual({ ok: false, error: "At most 1,000 (the operator's limit)." });
    expect(parseSetting(steps, "2.5", LIMITS)).toEqual({ ok: false, error: "Enter a whole number." });
    expect(parseSetting(steps, "0", LIMITS)).toEqual({ ok: false, error: "At least 1." });
    expect(parseSetting(field("max_cost_usd"), "0", LIMITS)).toEqual({ ok: false, error: "Must be more than 0." });
    expect(parseSetting(field("max_cost_usd"), "0.5", LIMITS)).toEqual({ ok: true, value: 0.5 });
    // And a node default is bounded by the document, its default each node type's own
    expect(parseSetting(field("max_attempts"), "11", LIMITS)).toEqual({ ok: false, error: "At most 10." });
    expect(defaultText(field("timeout_s"), LIMITS)).toBe("Default: each node type's own");
    expect(parseSetting(field("max_parallel"), "17", LIMITS).ok).toBe(false);
  });

  it("set and clear each field in its place in the document, dropping empty groups", () => {
    // Given settings with a step budget
    let settings = withSetting({ budgets: {} }, field("max_steps"), 3);
    settings = withSetting(settings, field("max_attempts"), 2);
    settings = withSetting(settings, field("max_parallel"), 1);

    // Then each value is where the engine reads it
    expect(settings).toEqual({ budgets: { max_steps: 3 }, node_defaults: { max_attempts: 2 }, max_parallel: 1 });
    expect(settingValue(settings, field("max_attempts"))).toBe(2);

    // When they are cleared, the document is back to no settings of its own
    settings = withSetting(settings, field("max_steps"), undefined);
    settings = withSetting(settings, field("max_attempts"), undefined);
    settings = withSetting(settings, field("max_parallel"), undefined);
    expect(settings).toEqual({ budgets: {} });
  });

  it("are an edit of the draft: saved with it, and undone like any other", () => {
    // Given an editor on a saved workflow
    const store = createEditorStore({ catalog, doc: sampleDoc(), now: () => 0 });
    const original = documentOf(store.getState());

    // When the step budget is set in the Settings panel
    const { actions } = store.getState();
    actions.setSettings(withSetting(store.getState().settings, field("max_steps"), 2));

    // Then the draft carries it and has unsaved changes
    expect(documentOf(store.getState()).settings?.budgets?.max_steps).toBe(2);
    expect(isDirty(store.getState())).toBe(true);

    // And undo brings the saved document back, redo the budget
    store.getState().actions.undo();
    expect(documentOf(store.getState())).toEqual(original);
    expect(isDirty(store.getState())).toBe(false);
    store.getState().actions.redo();
    expect(documentOf(store.getState()).settings?.budgets?.max_steps).toBe(2);
  });
});
