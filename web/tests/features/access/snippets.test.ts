import { describe, expect, it } from "vitest";

import { exampleInputs, runUrl, snippet } from "@/features/access/snippets";

const target = { engineUrl: "https://engine.example.com/", workflowId: "3f1e9c2a-0000-4000-8000-000000000001", inputs: { topic: "it's kelp" } };

describe("run-from-code snippets", () => {
  it("start the chosen workflow with wait=true, the key read from the environment", () => {
    // Given a workflow and the engine's public URL
    // When each snippet is made
    // Then each calls that workflow's runs with wait=true and never holds a key
    expect(runUrl(target)).toBe("https://engine.example.com/api/v1/workflows/3f1e9c2a-0000-4000-8000-000000000001/runs?wait=true");
    for (const language of ["curl", "python", "javascript"] as const) {
      const text = snippet(language, target);
      expect(text).toContain(runUrl(target));
      expect(text).toContain("ORRERY_API_KEY");
      expect(text).not.toMatch(/orr_[A-Za-z0-9]{8}_/);
    }
  });

  it("quote the inputs for each language", () => {
    // Given an input with a quote in it
    // When the snippets are made
    // Then the shell quoting survives it, and Python and JavaScript carry it as a string
    expect(snippet("curl", target)).toContain(`-d '{"inputs":{"topic":"it'\\''s kelp"}}'`);
    expect(snippet("python", target)).toContain(`json={"inputs":{"topic":"it's kelp"}}`);
    expect(snippet("javascript", target)).toContain(`"topic": "it's kelp"`);
  });

  it("fill example inputs from the declared ones", () => {
    expect(exampleInputs({ topic: { type: "string" }, count: { type: "integer" }, lang: { type: "string", default: "en" } })).toEqual({
      topic: "your topic",
      count: 1,
      lang: "en",
    });
  });
});
