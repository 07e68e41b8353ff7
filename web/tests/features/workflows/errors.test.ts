import { describe, expect, it } from "vitest";

import { describeError } from "@/features/workflows/lib/errors";

describe("describeError", () => {
  it("says the engine is down for SERVICE_UNAVAILABLE", () => {
    const described = describeError({ message: "The engine is unreachable.", data: { code: "SERVICE_UNAVAILABLE" } });
    expect(described.engineDown).toBe(true);
    expect(described.message).toMatch(/unreachable/);
  });

  it("says which part is missing when the engine itself answers 503", () => {
    const message = "The built-in embedding model could not be loaded: model.onnx is missing.";
    const described = describeError({ message, data: { code: "SERVICE_UNAVAILABLE" } });
    expect([described.engineDown, described.message]).toEqual([true, message]);
  });

  it("passes the engine's message on, capitalised, with the problems it does not already state", () => {
    const described = describeError({
      message: "the spec is not a valid workflow document: `edges` must be an array.",
      data: {
        code: "UNPROCESSABLE_CONTENT",
        fieldErrors: [
          { field: "edges", message: "`edges` must be an array." },
          { nodeId: "research", message: "unknown node type `nope`" },
          { edgeId: "e1", message: "dangling edge" },
        ],
      },
    });
    expect(described).toEqual({
      message: "The spec is not a valid workflow document: `edges` must be an array.",
      details: ["node research: unknown node type `nope`", "edge e1: dangling edge"],
      engineDown: false,
    });
  });

  it("reads the procedure's input errors rather than their JSON dump", () => {
    const described = describeError({
      message: '[{"code":"too_small"...}]',
      data: { code: "BAD_REQUEST", zodError: { formErrors: [], fieldErrors: { name: ["A workflow needs a name."] } } },
    });
    expect(described.message).toBe("A workflow needs a name.");
  });

  it("has words for a network failure and for nothing at all", () => {
    expect(describeError(new TypeError("Failed to fetch")).message).toMatch(/can't be reached/);
    expect(describeError(undefined).message).toBe("Something went wrong. Try again.");
  });
});
