/** Validation problems (POST /api/v1/workflows/validate) grouped for the canvas and the inspector. */
import type { Problem } from "../types";

export type ProblemIndex = {
  all: readonly Problem[];
  byNode: ReadonlyMap<string, Problem[]>;
  byEdge: ReadonlyMap<string, Problem[]>;
  /** About the document (e.g. no Input node, an input's default). */
  general: readonly Problem[];
};

export const EMPTY_PROBLEMS: ProblemIndex = { all: [], byNode: new Map(), byEdge: new Map(), general: [] };

export function indexProblems(problems: readonly Problem[]): ProblemIndex {
  const byNode = new Map<string, Problem[]>();
  const byEdge = new Map<string, Problem[]>();
  const general: Problem[] = [];
  for (const p of problems) {
    if (p.node_id) byNode.set(p.node_id, [...(byNode.get(p.node_id) ?? []), p]);
    if (p.edge_id) byEdge.set(p.edge_id, [...(byEdge.get(p.edge_id) ?? []), p]);
    if (!p.node_id && !p.edge_id) general.push(p);
  }
  return { all: problems, byNode, byEdge, general };
}

/**
 * The messages for a form field at `fieldPath` (e.g. `config.prompt`): problems whose
 * path is the field's, or below it when the field has no form of its own below
 * (`deep`), e.g. `config.routes[0].condition.left` on the condition's JSON box.
 */
export function problemsAt(problems: readonly Problem[] | undefined, fieldPath: string, deep = false): string[] {
  if (!problems) return [];
  return problems
    .filter((p) => p.path && (p.path === fieldPath || (deep && (p.path.startsWith(`${fieldPath}.`) || p.path.startsWith(`${fieldPath}[`)))))
    .map((p) => p.message);
}
