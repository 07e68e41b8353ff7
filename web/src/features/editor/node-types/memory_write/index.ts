import { oneLine, str, type NodeTypeUI } from "../types";

/** The memory write node: a document added to a collection (searchable by the next steps). */
export const memoryWriteUI: NodeTypeUI = {
  type: "memory_write",
  summary: (config) => `to ${str(config.collection) || "(no collection)"} · ${oneLine(str(config.title) || str(config.content), 40) || "(no content)"}`,
};
