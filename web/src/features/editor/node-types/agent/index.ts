import { str, type NodeTypeUI } from "../types";

export const agentUI: NodeTypeUI = {
  type: "agent",
  summary(config) {
    const provider = str(config.provider) || "demo";
    const model = str(config.model) || "demo";
    const schema = config.output_schema as { properties?: Record<string, unknown> } | null | undefined;
    const fields = schema?.properties ? Object.keys(schema.properties).length : 0;
    const fallbacks = Array.isArray(config.fallbacks) ? config.fallbacks.length : 0;
    return `${provider} / ${model}${fallbacks ? ` (+${fallbacks} fallback${fallbacks === 1 ? "" : "s"})` : ""}${fields ? ` · ${fields} field${fields === 1 ? "" : "s"}` : ""}`;
  },
  newItem(path) {
    // A new fallback starts on a real provider: the user then picks the model and one of their keys.
    if (path !== "fallbacks") return undefined;
    return { provider: "openai", model: "gpt-4o-mini" };
  },
};
