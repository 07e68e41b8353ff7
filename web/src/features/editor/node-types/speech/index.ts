import { oneLine, str, type NodeTypeUI } from "../types";

/** The speech node: narration for a text (demo: an offline robotic voice, espeak-ng). */
export const speechUI: NodeTypeUI = {
  type: "speech",
  summary: (config) => `${str(config.provider) || "demo"} voice · ${oneLine(str(config.text), 40) || "(no text)"}`,
};
