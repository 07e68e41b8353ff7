import { oneLine, str, type NodeTypeUI } from "../types";

/** The image node: a picture from a prompt (demo: an offline title card). */
export const imageUI: NodeTypeUI = {
  type: "image",
  summary: (config) => `${str(config.provider) || "demo"} · ${oneLine(str(config.prompt), 44) || "(no prompt)"}`,
};
