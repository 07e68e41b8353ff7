/** The agent's long-term memory tool: which of the user's collections (by name) it may search. */

export const MAX_COLLECTIONS = 5;

export type CollectionChoice = { name: string; chosen: boolean; exists: boolean };

/** The agent's chosen names, from whatever the config holds. */
export function chosenCollections(memory: unknown): string[] {
  const list = memory && typeof memory === "object" ? (memory as { collections?: unknown }).collections : undefined;
  return Array.isArray(list) ? list.filter((n): n is string => typeof n === "string") : [];
}

/** The user's collections (by name), then chosen names with no collection yet (a memory write creates it). */
export function collectionChoices(available: readonly { name: string }[], chosen: readonly string[]): CollectionChoice[] {
  const names = new Set(available.map((c) => c.name));
  return [
    ...available.map((c) => ({ name: c.name, chosen: chosen.includes(c.name), exists: true })),
    ...chosen.filter((n) => !names.has(n)).map((name) => ({ name, chosen: true, exists: false })),
  ];
}

/** The names with `name` switched on or off. */
export function toggleCollection(chosen: readonly string[], name: string): string[] {
  return chosen.includes(name) ? chosen.filter((n) => n !== name) : [...chosen, name];
}

/** A typed name added to the chosen ones, or why it cannot be. */
export function addCollection(chosen: readonly string[], raw: string): { value: string[] } | { error: string } {
  const name = raw.trim();
  if (!name) return { error: "Type a collection's name." };
  if (name.length > 100) return { error: "At most 100 characters." };
  if (chosen.includes(name)) return { error: "Already chosen." };
  if (chosen.length >= MAX_COLLECTIONS) return { error: `At most ${MAX_COLLECTIONS} collections.` };
  return { value: [...chosen, name] };
}

/** The `memory` config with `collections` replaced; `undefined` when nothing is left to keep. */
export function withCollections(memory: unknown, collections: string[]): Record<string, unknown> | undefined {
  const current = memory && typeof memory === "object" && !Array.isArray(memory) ? { ...(memory as Record<string, unknown>) } : {};
  if (collections.length) current.collections = collections;
  else delete current.collections;
  return Object.keys(current).length ? current : undefined;
}

/** What the collection field of a memory node says about the typed name (null: nothing to add). */
export function collectionNameHint(
  nodeType: "memory_search" | "memory_write",
  name: unknown,
  available: readonly { name: string; chunk_count?: number }[] | undefined,
): string | null {
  if (typeof name !== "string" || !name.trim() || available === undefined) return null;
  const found = available.find((c) => c.name === name);
  if (found) return typeof found.chunk_count === "number" ? `${found.chunk_count} chunk${found.chunk_count === 1 ? "" : "s"} in this collection.` : null;
  return nodeType === "memory_write"
    ? "No collection with this name yet: the first write creates it (built-in embedding model)."
    : "No collection with this name yet: searches find nothing until something is written to it.";
}
