import { bareReference, oneLine, str, type NodeTypeUI } from "../types";

/** The transcribe node: speech to text (demo: only audio the demo voice made). */
export const transcribeUI: NodeTypeUI = {
  type: "transcribe",
  summary: (config) => `${str(config.provider) || "demo"} · ${oneLine(bareReference(str(config.audio)), 44) || "(choose the audio)"}`,
};
