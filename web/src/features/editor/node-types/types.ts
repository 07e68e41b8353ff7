import type { JsonObject } from "../types";

/**
 * What the web adds to an engine node type (same slug as engine/src/orrery/nodes/<slug>/):
 * a one-line summary of a config, and the named outputs of types whose outputs are
 * "dynamic" (they depend on the config, like a router's routes).
 */
export type NodeTypeUI = {
  type: string;
  /** One line shown on the canvas node, e.g. `demo / demo` or `GET https://...`. */
  summary(config: JsonObject): string;
  /** Output handle ids for "dynamic" outputs, in order. */
  outputs?(config: JsonObject): string[];
  /** A new item for an array field of the config (e.g. a router route), by config path. */
  newItem?(path: string, config: JsonObject): unknown;
};

export const str = (value: unknown): string => (typeof value === "string" ? value : "");

/** The first line of a text, shortened. */
export function oneLine(text: string, max = 60): string {
  const line = text.split("\n").find((l) => l.trim())?.trim() ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
