import { oneLine, str, type NodeTypeUI } from "../types";

/** The memory search node: the best passages of a collection for a query. */
export const memorySearchUI: NodeTypeUI = {
  type: "memory_search",
  summary: (config) => {
    const k = typeof config.k === "number" ? config.k : 5;
    return `${str(config.collection) || "(no collection)"} · top ${k} · ${oneLine(str(config.query), 40) || "(no query)"}`;
  },
};
