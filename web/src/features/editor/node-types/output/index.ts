import { oneLine, str, type NodeTypeUI } from "../types";

export const outputUI: NodeTypeUI = {
  type: "output",
  errorHandle: false,
  topLevelOnly: true,
  summary(config) {
    const name = str(config.name) || "result";
    if (typeof config.value === "string") return `${name} = ${oneLine(config.value, 48)}`;
    const pick = config.pick && typeof config.pick === "object" ? Object.keys(config.pick) : null;
    if (pick) return `${name}: ${pick.join(", ") || "(no fields)"}`;
    return `${name} = upstream output`;
  },
};
