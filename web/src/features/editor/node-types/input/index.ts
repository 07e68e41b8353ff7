import type { NodeTypeUI } from "../types";

export const inputUI: NodeTypeUI = {
  type: "input",
  summary: () => "Run inputs",
  errorHandle: false,
  topLevelOnly: true,
};
