/**
 * The agent's model field: what to offer for the node's provider, from
 * `GET /api/v1/model-providers` (`credentials.providers`).
 *
 * - a provider with known models: a select of them, plus "Other…" to type any name;
 * - an OpenAI-compatible endpoint (it serves whatever it serves): free text, with suggestions;
 * - the providers not loaded (yet): free text.
 */

export type ProviderModels = {
  id: string;
  label: string;
  base_url: "none" | "required";
  example_models: string[];
  /** USD per 1M tokens per model name, when the engine says (not served yet). */
  prices?: Record<string, { input: number; output: number }>;
};

export type ModelOption = { value: string; label: string };

export type ModelField =
  | {
      kind: "select";
      options: ModelOption[];
      /** The name is typed (a text box under the select). */
      other: boolean;
      /** "Other…" is offered (not for the demo model). */
      canType: boolean;
      /** The select's value: a known model, `OTHER`, or "" (none chosen yet). */
      selected: string;
    }
  | { kind: "text"; suggestions: string[] };

/** The select's value for "Other…". */
export const OTHER = "\u0000other";

/** "$0.15 / $0.60 per 1M tokens": the price of a model in words, if known. */
export function priceLabel(price: { input: number; output: number } | undefined): string {
  if (!price) return "";
  const usd = (n: number) => `$${n < 0.1 ? n.toFixed(3).replace(/0$/, "") : n.toFixed(2)}`;
  return `${usd(price.input)} / ${usd(price.output)} per 1M tokens`;
}

/**
 * What the model field shows for `provider` and the current `value`. `typing` is the
 * user's explicit choice of "Other…" (kept by the component): a known name then stays in
 * the text box instead of snapping back to the select.
 */
export function modelField(providers: readonly ProviderModels[] | undefined, provider: unknown, value: unknown, typing = false): ModelField {
  const info = providers?.find((p) => p.id === provider);
  if (!info || info.base_url === "required" || info.example_models.length === 0) {
    return { kind: "text", suggestions: info?.example_models ?? [] };
  }
  const name = typeof value === "string" ? value : "";
  const options = info.example_models.map((m) => {
    const price = priceLabel(info.prices?.[m]);
    return { value: m, label: price ? `${m} — ${price}` : m };
  });
  const known = info.example_models.includes(name);
  const canType = info.id !== "demo";
  const other = canType && (typing || (name !== "" && !known));
  return { kind: "select", options, other, canType, selected: other ? OTHER : known ? name : "" };
}

/** A name typed for `provider` that is not one of its known models (a hint, not an error). */
export function isUnlistedModel(providers: readonly ProviderModels[] | undefined, provider: unknown, value: unknown): boolean {
  const info = providers?.find((p) => p.id === provider);
  if (!info || info.base_url === "required" || typeof value !== "string" || value === "") return false;
  return !info.example_models.includes(value);
}
