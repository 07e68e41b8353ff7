/** Renaming a node id: its edges, its body (a container's) and every `{{ steps.<old> }}` in the workflow follow. */
import { isNodeId } from "./ids";
import { rewriteConfigReferences } from "./references";
import type { EditorEdge, EditorNode } from "../types";

export function renameProblem(nodes: readonly EditorNode[], from: string, to: string): string | null {
  if (to === from) return null;
  if (!isNodeId(to)) return "Use letters, digits and _ (not starting with a digit), at most 64.";
  if (nodes.some((n) => n.id === to)) return `Another node is already called ${to}.`;
  return null;
}

export function renameNode(
  nodes: readonly EditorNode[],
  edges: readonly EditorEdge[],
  from: string,
  to: string,
): { nodes: EditorNode[]; edges: EditorEdge[] } {
  const mapping = new Map([[from, to]]);
  return {
    nodes: nodes.map((n) => {
      const config = rewriteConfigReferences(n.data.config, mapping);
      const changed = JSON.stringify(config) !== JSON.stringify(n.data.config);
      const inside = n.parentId === from;
      if (n.id !== from && !changed && !inside) return n;
      return { ...n, id: n.id === from ? to : n.id, data: changed ? { ...n.data, config } : n.data, ...(inside ? { parentId: to } : {}) };
    }),
    edges: edges.map((e) =>
      e.source === from || e.target === from
        ? { ...e, source: e.source === from ? to : e.source, target: e.target === from ? to : e.target }
        : e,
    ),
  };
}
