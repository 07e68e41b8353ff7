import { str, type NodeTypeUI } from "../types";

/**
 * The sub-workflow node: runs another workflow of the user as a child run. Its card names
 * the version it calls (the workflow's name comes from the inspector's list).
 */
export const subworkflowUI: NodeTypeUI = {
  type: "subworkflow",
  summary(config) {
    if (!str(config.workflow_id)) return "(choose a workflow)";
    const version = typeof config.version === "number" ? `version ${config.version}` : "latest version";
    const inputs = config.inputs && typeof config.inputs === "object" ? Object.keys(config.inputs).length : 0;
    return `runs a workflow · ${version}${inputs ? ` · ${inputs} input${inputs === 1 ? "" : "s"}` : ""}`;
  },
};
