import { describe, expect, it } from "vitest";

import { OTHER, isUnlistedModel, modelField, priceLabel, type ProviderModels } from "@/features/editor/lib/models";

const providers: ProviderModels[] = [
  { id: "demo", label: "Demo model", base_url: "none", example_models: ["demo"] },
  { id: "openai", label: "OpenAI", base_url: "none", example_models: ["gpt-4o-mini", "gpt-4.1"], prices: { "gpt-4o-mini": { input: 0.15, output: 0.6 } } },
  { id: "anthropic", label: "Anthropic", base_url: "none", example_models: ["claude-sonnet-4-6"] },
  { id: "openai_compatible", label: "OpenAI-compatible", base_url: "required", example_models: ["llama3.2", "qwen2.5"] },
];

describe("the agent's model field", () => {
  it("offers a provider's known models, with prices when the engine gives them, and Other…", () => {
    const field = modelField(providers, "openai", "gpt-4.1");
    expect(field).toEqual({
      kind: "select",
      options: [
        { value: "gpt-4o-mini", label: "gpt-4o-mini — $0.15 / $0.60 per 1M tokens" },
        { value: "gpt-4.1", label: "gpt-4.1" },
      ],
      other: false,
      canType: true,
      selected: "gpt-4.1",
    });
  });

  it("shows a name that is not listed as typed, under Other…", () => {
    expect(modelField(providers, "anthropic", "claude-opus-4-5")).toMatchObject({ kind: "select", other: true, selected: OTHER });
    expect(isUnlistedModel(providers, "anthropic", "claude-opus-4-5")).toBe(true);
    expect(isUnlistedModel(providers, "anthropic", "claude-sonnet-4-6")).toBe(false);
  });

  it("keeps the text box once the user chose Other…, even for a listed name", () => {
    expect(modelField(providers, "openai", "gpt-4.1", true)).toMatchObject({ other: true, selected: OTHER });
  });

  it("has nothing chosen for an empty name", () => {
    expect(modelField(providers, "openai", undefined)).toMatchObject({ other: false, selected: "" });
  });

  it("offers only `demo` for the demo model (nothing to type)", () => {
    expect(modelField(providers, "demo", "demo")).toMatchObject({ kind: "select", canType: false, other: false, selected: "demo" });
    expect(modelField(providers, "demo", "gpt-4.1")).toMatchObject({ other: false, selected: "" });
  });

  it("lets OpenAI-compatible endpoints take any name, suggesting common ones", () => {
    expect(modelField(providers, "openai_compatible", "my-finetune")).toEqual({ kind: "text", suggestions: ["llama3.2", "qwen2.5"] });
    expect(isUnlistedModel(providers, "openai_compatible", "my-finetune")).toBe(false);
  });

  it("is a plain text box while the providers are loading, or for an unknown provider", () => {
    expect(modelField(undefined, "openai", "gpt-4.1")).toEqual({ kind: "text", suggestions: [] });
    expect(modelField(providers, "nope", "x")).toEqual({ kind: "text", suggestions: [] });
  });

  it("writes prices per 1M tokens", () => {
    expect(priceLabel({ input: 3, output: 15 })).toBe("$3.00 / $15.00 per 1M tokens");
    expect(priceLabel({ input: 0.075, output: 0.3 })).toBe("$0.075 / $0.30 per 1M tokens");
    expect(priceLabel({ input: 0.05, output: 0.4 })).toBe("$0.05 / $0.40 per 1M tokens");
    expect(priceLabel(undefined)).toBe("");
  });
});
