/** Graph questions the editor asks while the user edits: reachability, cycles, upstream. */

type EdgeLike = { source: string; target: string };

function adjacency(edges: readonly EdgeLike[], forward: boolean): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const edge of edges) {
    const [from, to] = forward ? [edge.source, edge.target] : [edge.target, edge.source];
    const list = map.get(from);
    if (list) list.push(to);
    else map.set(from, [to]);
  }
  return map;
}

/** A path from `from` to `to` following edges (inclusive), or null. */
export function findPath(edges: readonly EdgeLike[], from: string, to: string): string[] | null {
  const next = adjacency(edges, true);
  const parent = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const node = queue.shift()!;
    if (node === to) {
      const path: string[] = [];
      for (let at: string | null = node; at !== null; at = parent.get(at) ?? null) path.push(at);
      return path.reverse();
    }
    for (const target of next.get(node) ?? []) {
      if (!parent.has(target)) {
        parent.set(target, node);
        queue.push(target);
      }
    }
  }
  return null;
}

/**
 * The cycle a new edge `source -> target` would close, as a node path
 * `[source, target, ..., source]`, or null when the edge keeps the graph acyclic.
 */
export function cycleThrough(edges: readonly EdgeLike[], source: string, target: string): string[] | null {
  if (source === target) return [source, source];
  const back = findPath(edges, target, source);
  return back ? [source, ...back] : null;
}

/** Every node with a path to `node` (not `node` itself). */
export function upstreamOf(edges: readonly EdgeLike[], node: string): Set<string> {
  const prev = adjacency(edges, false);
  const seen = new Set<string>();
  const todo = [node];
  while (todo.length) {
    for (const source of prev.get(todo.pop()!) ?? []) {
      if (!seen.has(source) && source !== node) {
        seen.add(source);
        todo.push(source);
      }
    }
  }
  return seen;
}

/** Whether the edges contain a cycle (Kahn's algorithm). */
export function hasCycle(nodeIds: readonly string[], edges: readonly EdgeLike[]): boolean {
  const indegree = new Map(nodeIds.map((id) => [id, 0]));
  const known = edges.filter((e) => indegree.has(e.source) && indegree.has(e.target));
  for (const edge of known) indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
  const next = adjacency(known, true);
  const queue = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
  let visited = 0;
  while (queue.length) {
    const node = queue.pop()!;
    visited++;
    for (const target of next.get(node) ?? []) {
      const d = (indegree.get(target) ?? 0) - 1;
      indegree.set(target, d);
      if (d === 0) queue.push(target);
    }
  }
  return visited < indegree.size;
}
