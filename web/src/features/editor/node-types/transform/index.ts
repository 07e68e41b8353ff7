import { oneLine, str, type NodeTypeUI } from "../types";

export const transformUI: NodeTypeUI = {
  type: "transform",
  summary(config) {
    if (config.mode === "pick") {
      const keys = config.pick && typeof config.pick === "object" ? Object.keys(config.pick) : [];
      return `pick ${keys.join(", ") || "(no fields)"}`;
    }
    return oneLine(str(config.template)) || "(empty template)";
  },
};
