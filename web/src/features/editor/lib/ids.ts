/** Node and edge ids. Node ids are identifiers (`^[A-Za-z_][A-Za-z0-9_]{0,63}$`) so
 * templates can say `{{ steps.agent_2.output }}`; never UUIDs or hyphens. */

export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function isNodeId(value: string): boolean {
  return NODE_ID_PATTERN.test(value);
}

/** An identifier made from any text: `"My node!"` -> `my_node`. */
export function slugifyId(text: string, fallback = "node"): string {
  let slug = text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) slug = fallback;
  if (/^[0-9]/.test(slug)) slug = `n_${slug}`;
  return slug.slice(0, 56);
}

/** The first free `<base>_<n>` (n >= 1), e.g. `agent_1`, `agent_2`. */
export function nextNodeId(base: string, taken: ReadonlySet<string>): string {
  const stem = slugifyId(base);
  for (let n = 1; ; n++) {
    const id = `${stem}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A readable, unique edge id: `e_<source>_<target>`, suffixed when taken. */
export function nextEdgeId(source: string, target: string, taken: ReadonlySet<string>, handle?: string | null): string {
  const base = `e_${source}_${handle ? `${handle}_` : ""}${target}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}
