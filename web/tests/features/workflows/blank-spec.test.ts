import { describe, expect, it } from "vitest";

import { blankSpec } from "@/features/workflows/lib/blank-spec";

describe("blankSpec", () => {
  it("is an input node connected to an output node", () => {
    // (The engine's validator accepts it: checked against the real API when this was written,
    // and by the e2e test's blank-workflow path.)
    const spec = blankSpec();
    expect(spec.schema).toBe("orrery.workflow/v1");
    expect(spec.nodes?.map((n) => n.type)).toEqual(["input", "output"]);
    expect(spec.edges).toEqual([{ id: "e_input_output", source: "input", target: "output" }]);
  });

  it("is a fresh object each time (the caller may edit it)", () => {
    expect(blankSpec()).not.toBe(blankSpec());
    expect(blankSpec()).toEqual(blankSpec());
  });
});
