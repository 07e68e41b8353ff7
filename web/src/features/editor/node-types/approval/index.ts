import { oneLine, str, type NodeTypeUI } from "../types";

export const approvalUI: NodeTypeUI = {
  type: "approval",
  summary: (config) => oneLine(str(config.message) || "Please review and approve."),
  outputs: (config) => (config.rejected_handle === true ? ["approved", "rejected"] : ["approved"]),
};
