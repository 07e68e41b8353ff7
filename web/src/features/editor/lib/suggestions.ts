/**
 * `{{` completion in template fields: the workflow's inputs and the outputs of the
 * nodes UPSTREAM of the one being edited (a template may only read those).
 */
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

/** Every reference a template in `nodeId` may use, inputs first, then upstream nodes in graph order. */
export function referenceSuggestions(
  nodeId: string,
  nodes: readonly EditorNode[],
  edges: readonly EditorEdge[],
  inputs: Record<string, InputSpec>,
): Suggestion[] {
  const out: Suggestion[] = Object.entries(inputs).map(([name, spec]) => ({
    value: `inputs.${name}`,
    detail: spec.description ? `${spec.type} · ${spec.description}` : spec.type,
  }));
  const upstream = upstreamOf(edges, nodeId);
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
