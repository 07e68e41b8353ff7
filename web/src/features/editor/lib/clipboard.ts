/**
 * Copy and paste of nodes: the copied part of the graph as JSON (system clipboard and
 * localStorage, so it works across workflows and tabs), and pasting it with fresh ids,
 * the edges among the pasted nodes kept and their `{{ steps.<old> }}` references rewritten.
 * A copied container takes its body along; a body node copied without its container is
 * pasted at the top level, where it was on the canvas.
 */
import { absolutePosition, descendantsOf, sortParentsFirst } from "./containers";
import { docNodeToFlow, flowNodeToDoc } from "./document";
import { nextEdgeId, nextNodeId } from "./ids";
import { rewriteConfigReferences } from "./references";
import type { DocNode, EditorEdge, EditorNode } from "../types";

export const CLIPBOARD_FORMAT = "orrery.clipboard/v1";

export type ClipboardEdge = {
  source: string;
  target: string;
  sourceHandle: string | null;
  targetHandle: string | null;
};

export type ClipboardPayload = {
  format: typeof CLIPBOARD_FORMAT;
  nodes: DocNode[];
  edges: ClipboardEdge[];
};

/** The selected nodes and the edges between them. */
export function copyNodes(nodes: readonly EditorNode[], edges: readonly EditorEdge[], selected: ReadonlySet<string>): ClipboardPayload | null {
  const ids = new Set(selected);
  for (const id of selected) for (const inner of descendantsOf(id, nodes)) ids.add(inner);
  const picked = nodes.filter((n) => ids.has(n.id));
  if (!picked.length) return null;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return {
    format: CLIPBOARD_FORMAT,
    nodes: picked.map((n) => {
      const doc = structuredClone(flowNodeToDoc(n));
      if (doc.parent && !ids.has(doc.parent)) {
        // Its container stays behind: the copy is a top-level node, where this one is drawn.
        delete doc.parent;
        const at = absolutePosition(n, byId);
        doc.position = { x: Math.round(at.x), y: Math.round(at.y) };
      }
      return doc;
    }),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? null, targetHandle: e.targetHandle ?? null })),
  };
}

export function serializeClipboard(payload: ClipboardPayload): string {
  return JSON.stringify(payload);
}

/** The payload in a text, or null when the text is something else. */
export function parseClipboard(text: string | null | undefined): ClipboardPayload | null {
  if (!text || !text.includes(CLIPBOARD_FORMAT)) return null;
  try {
    const data = JSON.parse(text) as Partial<ClipboardPayload>;
    if (data.format !== CLIPBOARD_FORMAT || !Array.isArray(data.nodes) || !Array.isArray(data.edges)) return null;
    const valid = data.nodes.every((n) => n && typeof n.id === "string" && typeof n.type === "string");
    return valid ? (data as ClipboardPayload) : null;
  } catch {
    return null;
  }
}

/** `agent_2` -> `agent`; `research` -> `research`. */
const stemOf = (id: string) => id.replace(/_\d+$/, "") || id;

export type PasteResult = {
  nodes: EditorNode[];
  edges: EditorEdge[];
  /** old id -> new id */
  mapping: Map<string, string>;
};

/**
 * The payload's nodes with new ids (none of `takenNodeIds`), moved so their top-left
 * corner is at `at` (or by `offset` from where they were), selected; the edges among
 * them with new ids; references to pasted nodes rewritten.
 */
export function pasteNodes(
  payload: ClipboardPayload,
  takenNodeIds: ReadonlySet<string>,
  takenEdgeIds: ReadonlySet<string>,
  placement: { at?: { x: number; y: number }; offset?: { x: number; y: number } } = {},
): PasteResult {
  const taken = new Set(takenNodeIds);
  const mapping = new Map<string, string>();
  for (const node of payload.nodes) {
    const id = nextNodeId(stemOf(node.id), taken);
    taken.add(id);
    mapping.set(node.id, id);
  }
  // Only the top-level nodes of the payload move; a body keeps its place in its container.
  const pastedInside = (doc: DocNode) => !!doc.parent && mapping.has(doc.parent);
  const roots = payload.nodes.filter((n) => !pastedInside(n));
  const minX = Math.min(...roots.map((n) => n.position?.x ?? 0));
  const minY = Math.min(...roots.map((n) => n.position?.y ?? 0));
  const dx = placement.at ? placement.at.x - minX : (placement.offset?.x ?? 40);
  const dy = placement.at ? placement.at.y - minY : (placement.offset?.y ?? 40);

  const nodes = sortParentsFirst(
    payload.nodes.map((doc): EditorNode => {
      const inside = pastedInside(doc);
      const node = docNodeToFlow({
        ...doc,
        id: mapping.get(doc.id)!,
        parent: inside ? mapping.get(doc.parent!)! : null,
        position: inside ? { x: doc.position?.x ?? 0, y: doc.position?.y ?? 0 } : { x: (doc.position?.x ?? 0) + dx, y: (doc.position?.y ?? 0) + dy },
        config: rewriteConfigReferences(doc.config ?? {}, mapping),
      });
      // A body comes selected with its container: selecting only the roots moves them together.
      return inside ? node : { ...node, selected: true };
    }),
  );

  const edgeIds = new Set(takenEdgeIds);
  const edges: EditorEdge[] = [];
  for (const edge of payload.edges) {
    const source = mapping.get(edge.source);
    const target = mapping.get(edge.target);
    if (!source || !target) continue;
    const id = nextEdgeId(source, target, edgeIds, edge.sourceHandle && edge.sourceHandle !== "out" ? edge.sourceHandle : null);
    edgeIds.add(id);
    edges.push({ id, source, target, sourceHandle: edge.sourceHandle, targetHandle: edge.targetHandle });
  }
  return { nodes, edges, mapping };
}
