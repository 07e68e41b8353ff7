/**
 * An immutable map from strings to values whose `set` copies a constant amount: a two-level
 * trie of 32 x 32 buckets chosen by the key's hash, each bucket a small object. Setting a
 * key copies the root (32 slots), one leaf (32 slots) and one bucket (a few keys), however
 * many keys the map holds, so a reducer updating one of a 1,000-item map's iterations stays
 * O(1) where spreading a plain object would copy all of them. Unchanged buckets are shared
 * between versions, so a state and the next one cost little more than one.
 */

type Bucket<V> = Readonly<Record<string, V>>;
type Leaf<V> = readonly (Bucket<V> | undefined)[];

export type PMap<V> = {
  readonly size: number;
  readonly root: readonly (Leaf<V> | undefined)[];
};

const WIDTH = 32;

const EMPTY: PMap<never> = { size: 0, root: [] };

export function emptyPMap<V>(): PMap<V> {
  return EMPTY as PMap<V>;
}

/** FNV-1a, 32 bits: spreads `scenes[0]`, `scenes[1]`... over the buckets. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const slots = (key: string): [number, number] => {
  const h = hash(key);
  return [(h >>> 5) & (WIDTH - 1), h & (WIDTH - 1)];
};

export function pget<V>(map: PMap<V>, key: string): V | undefined {
  const [hi, lo] = slots(key);
  const bucket = map.root[hi]?.[lo];
  return bucket && Object.prototype.hasOwnProperty.call(bucket, key) ? bucket[key] : undefined;
}

/** The map with `key` set to `value` (the same map when it already holds that very value). */
export function pset<V>(map: PMap<V>, key: string, value: V): PMap<V> {
  const [hi, lo] = slots(key);
  const leaf = map.root[hi];
  const bucket = leaf?.[lo];
  const had = !!bucket && Object.prototype.hasOwnProperty.call(bucket, key);
  if (had && bucket![key] === value) return map;
  const nextLeaf = leaf ? leaf.slice() : new Array<Bucket<V> | undefined>(WIDTH);
  nextLeaf[lo] = { ...bucket, [key]: value };
  const root = map.root.length ? map.root.slice() : new Array<Leaf<V> | undefined>(WIDTH);
  root[hi] = nextLeaf;
  return { size: map.size + (had ? 0 : 1), root };
}

/** Every entry, in no particular order (for building views, never per event). */
export function* pentries<V>(map: PMap<V>): Generator<[string, V]> {
  for (const leaf of map.root) {
    if (!leaf) continue;
    for (const bucket of leaf) {
      if (!bucket) continue;
      for (const key of Object.keys(bucket)) yield [key, bucket[key]!];
    }
  }
}

/** A map of these entries (one pass; for seeding from a snapshot). */
export function pfrom<V>(entries: Iterable<[string, V]>): PMap<V> {
  let map = emptyPMap<V>();
  for (const [key, value] of entries) map = pset(map, key, value);
  return map;
}
