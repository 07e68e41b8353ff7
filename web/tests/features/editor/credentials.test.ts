import { describe, expect, it } from "vitest";

import { credentialOptions, isStaleChoice } from "@/features/editor/lib/credentials";

const saved = [
  { id: "k1", provider: "openai", label: "Work", key_hint: "abcd", base_url: null },
  { id: "k2", provider: "openai_compatible", label: "Local", key_hint: "", base_url: "http://ollama:11434/v1" },
  { id: "k3", provider: "anthropic", label: "Claude", key_hint: "wxyz", base_url: null },
];

describe("the agent's credential choices", () => {
  it("offers only the keys of the node's provider, with their hint", () => {
    expect(credentialOptions(saved, "openai")).toEqual([{ value: "k1", label: "Work (…abcd)" }]);
    expect(credentialOptions(saved, "openai_compatible")[0]?.label).toContain("http://ollama:11434/v1");
  });

  it("offers nothing for the demo model or an unknown provider", () => {
    expect(credentialOptions(saved, "demo")).toEqual([]);
    expect(credentialOptions(saved, undefined)).toEqual([]);
  });

  it("notices a chosen key that is gone or belongs to another provider", () => {
    const options = credentialOptions(saved, "openai");
    expect(isStaleChoice(options, "k1")).toBe(false);
    expect(isStaleChoice(options, "k3")).toBe(true);
    expect(isStaleChoice(options, undefined)).toBe(false);
  });
});
