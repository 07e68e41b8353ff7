import { oneLine, str, type NodeTypeUI } from "../types";

export const httpUI: NodeTypeUI = {
  type: "http",
  summary: (config) => `${str(config.method) || "GET"} ${oneLine(str(config.url), 52) || "(no URL)"}`,
};
