/** The node-type catalog (GET /api/v1/node-types) indexed for the editor. */
import { nodeTypeUI } from "../node-types/registry";
import type { JsonObject, NodeTypeInfo, Port } from "../types";

export type Catalog = {
  list: readonly NodeTypeInfo[];
  /** The latest version of each type, in palette order. */
  latest: readonly NodeTypeInfo[];
  get(type: string, version?: number): NodeTypeInfo | undefined;
};

export function makeCatalog(list: readonly NodeTypeInfo[]): Catalog {
  const byKey = new Map(list.map((t) => [`${t.type}@${t.version}`, t]));
  const latest = list.filter((t) => t.latest);
  const latestByType = new Map(latest.map((t) => [t.type, t]));
  return {
    list,
    latest,
    get: (type, version) => (version === undefined ? latestByType.get(type) : byKey.get(`${type}@${version}`)) ?? latestByType.get(type),
  };
}

/** Category -> types, in the catalog's (palette) order. */
export function groupByCategory(types: readonly NodeTypeInfo[]): [string, NodeTypeInfo[]][] {
  const groups = new Map<string, NodeTypeInfo[]>();
  for (const t of types) {
    const list = groups.get(t.category);
    if (list) list.push(t);
    else groups.set(t.category, [t]);
  }
  return [...groups];
}

export function searchTypes(types: readonly NodeTypeInfo[], query: string): NodeTypeInfo[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...types];
  return types.filter((t) => `${t.label} ${t.type} ${t.category} ${t.description}`.toLowerCase().includes(q));
}

/** The output handles a node shows: fixed ports from the catalog, or the dynamic ones from its config. */
export function outputPorts(info: NodeTypeInfo | undefined, config: JsonObject): { ports: Port[]; dynamic: boolean } {
  if (!info) return { ports: [{ id: "out", label: "Out" }], dynamic: false };
  if (info.outputs === "dynamic") {
    const ids = (nodeTypeUI(info.type).outputs?.(config) ?? []).filter((id) => id !== ERROR_HANDLE);
    return { ports: ids.map((id) => ({ id, label: id })), dynamic: true };
  }
  // The error output is drawn apart (every node has one): it is never a "main" port.
  return { ports: info.outputs.filter((p) => p.id !== ERROR_HANDLE), dynamic: false };
}

export function inputPorts(info: NodeTypeInfo | undefined): Port[] {
  return info ? info.inputs : [{ id: "in", label: "In" }];
}

/** A deep copy of a type's default config (what a new node starts with). */
export function defaultConfig(info: NodeTypeInfo): JsonObject {
  return structuredClone(info.default_config) as JsonObject;
}

/**
 * The output every node but the run's ends has for its failure (the engine's `ERROR_HANDLE`):
 * an edge leaving it makes the node's last failed attempt a handled one, and the run follows it.
 */
export const ERROR_HANDLE = "error";

/** Whether a node of this type shows the `error` output (not `input` / `output`). */
export function hasErrorHandle(info: NodeTypeInfo | undefined, type: string): boolean {
  if (nodeTypeUI(type).errorHandle === false) return false;
  return !info || info.inputs.length > 0;
}
