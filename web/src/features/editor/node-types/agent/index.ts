import { str, type NodeTypeUI } from "../types";

export const agentUI: NodeTypeUI = {
  type: "agent",
  summary(config) {
    const provider = str(config.provider) || "demo";
    const model = str(config.model) || "demo";
    const schema = config.output_schema as { properties?: Record<string, unknown> } | null | undefined;
    const fields = schema?.properties ? Object.keys(schema.properties).length : 0;
    return `${provider} / ${model}${fields ? ` · ${fields} field${fields === 1 ? "" : "s"}` : ""}`;
  },
};
