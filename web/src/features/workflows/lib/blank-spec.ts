import type { WorkflowSpec } from "@/lib/contracts";

/** The smallest workflow that validates: an input node connected to an output node. */
export function blankSpec(): WorkflowSpec {
  return {
    schema: "orrery.workflow/v1",
    inputs: {},
    nodes: [
      { id: "input", type: "input", type_version: 1, label: "Input", position: { x: 0, y: 0 }, config: {} },
      { id: "output", type: "output", type_version: 1, label: "Output", position: { x: 320, y: 0 }, config: { name: "result" } },
    ],
    edges: [{ id: "e_input_output", source: "input", target: "output" }],
  };
}
