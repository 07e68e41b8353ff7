/**
 * `{{` completion in template fields: the workflow's inputs and the outputs of the
 * nodes UPSTREAM of the one being edited (a template may only read those). Inside a
 * container's body also the container's variables (`map.item`, `loop.previous`), the
 * body's own upstream steps (of the same item) and everything upstream of the container.
 * Then the user's secrets (`secrets.NAME`: names only; the worker resolves the value).
 */
import { containerUI } from "../node-types/registry";
import type { ScopeVariable } from "../node-types/types";
import { ancestorsOf } from "./containers";
import { upstreamOf } from "./graph";
import type { EditorEdge, EditorNode, InputSpec, JsonObject } from "../types";

export type Suggestion = {
  /** What is inserted between `{{ ` and ` }}`. */
  value: string;
  /** Shown next to it: the input's type, the node's label. */
  detail: string;
};

const schemaFields = (schema: unknown): string[] => {
  const props = schema && typeof schema === "object" ? (schema as JsonObject).properties : undefined;
  return props && typeof props === "object" ? Object.keys(props) : [];
};

/**
 * Every reference a template in `nodeId` may use: inputs first, then the variables of the
 * containers around it (innermost first), then the steps it may read in graph order.
 * `inBody`: the field is one of a container's own fields rendered in an iteration's scope
 * (a map's `result`, a loop's `until`): it sees the container's body, not only its upstream.
 */
export function referenceSuggestions(
  nodeId: string,
  nodes: readonly EditorNode[],
  edges: readonly EditorEdge[],
  inputs: Record<string, InputSpec>,
  opts: { inBody?: boolean; secrets?: readonly string[] } = {},
): Suggestion[] {
  const out: Suggestion[] = Object.entries(inputs).map(([name, spec]) => ({
    value: `inputs.${name}`,
    detail: spec.description ? `${spec.type} · ${spec.description}` : spec.type,
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = byId.get(nodeId);
  const ancestors = ancestorsOf(nodeId, byId);
  const scopes = opts.inBody && self && containerUI(self.data.type) ? [nodeId, ...ancestors] : ancestors;
  const variables = new Map<string, ScopeVariable>();
  if (opts.inBody && self) for (const v of containerUI(self.data.type)?.resultVariables ?? []) variables.set(v.value, v);
  for (const id of scopes) {
    const container = byId.get(id);
    for (const v of (container && containerUI(container.data.type)?.variables) ?? []) {
      if (!variables.has(v.value)) variables.set(v.value, { value: v.value, detail: `${container!.data.label || container!.id} · ${v.detail}` });
    }
  }
  out.push(...variables.values());
  // The steps it may read: its own upstream, and each container's upstream outside it;
  // a container's own body fields read every node of its body (the item's steps).
  const upstream = upstreamOf(edges, nodeId);
  for (const id of ancestors) for (const u of upstreamOf(edges, id)) upstream.add(u);
  if (opts.inBody && scopes[0] === nodeId) for (const n of nodes) if (n.parentId === nodeId) upstream.add(n.id);
  for (const node of nodes) {
    if (!upstream.has(node.id)) continue;
    const label = node.data.label || node.data.type;
    out.push({ value: `steps.${node.id}.output`, detail: label });
    if (node.data.type === "agent") {
      for (const field of schemaFields(node.data.config.output_schema)) {
        out.push({ value: `steps.${node.id}.output.${field}`, detail: `${label} · field` });
      }
    } else if (node.data.type === "input") {
      for (const name of Object.keys(inputs)) out.push({ value: `steps.${node.id}.output.${name}`, detail: `${label} · input` });
    } else if (node.data.type === "transform" && node.data.config.mode === "pick") {
      const pick = node.data.config.pick;
      for (const field of pick && typeof pick === "object" ? Object.keys(pick) : []) {
        out.push({ value: `steps.${node.id}.output.${field}`, detail: `${label} · field` });
      }
    }
  }
  for (const name of opts.secrets ?? []) out.push({ value: `secrets.${name}`, detail: "secret" });
  return out;
}

/** The open `{{ partial` just before the caret, or null when the caret is not in one. */
export function openReference(text: string, caret: number): { start: number; partial: string } | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf("{{");
  if (open === -1 || before.lastIndexOf("}}") > open) return null;
  const inside = before.slice(open + 2);
  const match = /^\s*([A-Za-z0-9_.[\]'"]*)$/.exec(inside);
  if (!match) return null;
  return { start: open, partial: match[1]! };
}

export function filterSuggestions(all: readonly Suggestion[], partial: string, limit = 12): Suggestion[] {
  const p = partial.toLowerCase();
  const starts = all.filter((s) => s.value.toLowerCase().startsWith(p));
  const contains = p ? all.filter((s) => !s.value.toLowerCase().startsWith(p) && s.value.toLowerCase().includes(p)) : [];
  return [...starts, ...contains].slice(0, limit);
}

/** The text with the open reference replaced by `{{ value }}`, and where the caret goes. */
export function applySuggestion(text: string, caret: number, value: string): { text: string; caret: number } {
  const open = openReference(text, caret);
  if (!open) return { text, caret };
  const after = text.slice(caret);
  const closes = /^\s*\}\}/.exec(after);
  const insert = `{{ ${value} }}`;
  const rest = closes ? after.slice(closes[0].length) : after;
  return { text: text.slice(0, open.start) + insert + rest, caret: open.start + insert.length };
}
