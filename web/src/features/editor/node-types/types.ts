import type { JsonObject } from "../types";

/** What a template inside a container's body may read besides steps and inputs (`map.item`). */
export type ScopeVariable = { value: string; detail: string };

/**
 * A container node type (`map`, `loop`): drawn as a group on the canvas whose child nodes
 * form its body (the document's `Node.parent`), run once per item or iteration.
 */
export type ContainerUI = {
  /** The group's size when the document does not say (`Node.size`). */
  defaultSize: { width: number; height: number };
  /** The variables its body's templates see (`map.item`, `loop.previous`). */
  variables: readonly ScopeVariable[];
  /**
   * Config fields rendered in an iteration's scope, after its body ran (a map's `result`,
   * a loop's `until`): their suggestions are the body's, not the container's upstream.
   */
  bodyFields: readonly string[];
  /** What only those fields see besides the body's variables (a loop's `loop.result`). */
  resultVariables?: readonly ScopeVariable[];
  /** The most iterations a config allows when their number is not known in advance (a loop's maximum). */
  itemLimit?(config: JsonObject): number | null;
  /** What one iteration is called: "item" (map), "round" (loop). */
  noun: string;
  /** How people count them: a map's items from 0 (`map.index`), a loop's rounds from 1 (`loop.iteration`). */
  firstNumber: 0 | 1;
};

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
  /** Set for `map` and `loop`: the node is a group with a body. */
  container?: ContainerUI;
  /**
   * False for the run's ends (`input`, `output`): every other node has an `error` output a
   * failure can take (`ERROR_HANDLE`).
   */
  errorHandle?: false;
  /** Only at the top level (a run starts and ends there): never inside a container. */
  topLevelOnly?: true;
};

export const str = (value: unknown): string => (typeof value === "string" ? value : "");

/** The first line of a text, shortened. */
export function oneLine(text: string, max = 60): string {
  const line = text.split("\n").find((l) => l.trim())?.trim() ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A bare reference from a template that is only one (`{{ steps.a.output }}` -> `steps.a.output`). */
export function bareReference(text: string): string {
  const match = /^\s*\{\{\s*([^{}]+?)\s*\}\}\s*$/.exec(text);
  return match ? match[1]! : text.trim();
}
