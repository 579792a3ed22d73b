/**
 * Structural sharing of managedFields. A stored object never changes once committed
 * (commit-queue.ts), so equal `metadata.managedFields[].fieldsV1` trees of different stored
 * objects can be one object. Decoded, they are over half of a pod and of an event at 10,000 pods
 * (bench/sync/heap-summary.ts: 43 of 81 MB for pods, 14 of 24 MB for events), and most are equal:
 * every event the syncer mirrors owns the same fields, as do the pods of one template for their
 * creator and every pod for its binding.
 *
 * A tree is looked up by a hash of its keys and confirmed by comparing the two trees key by key, so
 * a shared tree always has exactly the keys, in the order, of the one it replaces (the JSON text
 * is the same). The table holds trees weakly: a tree lives as long as a stored object uses it.
 */
import type { StoredObject } from './types.js';

interface FieldsTree {
  [key: string]: FieldsTree;
}

const trees = new Map<number, WeakRef<FieldsTree>[]>();
const forget = new FinalizationRegistry<number>((hash) => {
  const live = trees.get(hash)?.filter((ref) => ref.deref() !== undefined);
  if (live === undefined || live.length === 0) trees.delete(hash);
  else trees.set(hash, live);
});

const FNV_PRIME = 0x01000193;
const OPEN = 0x7b; // '{'
const CLOSE = 0x7d; // '}'

/** FNV-1a over the keys and nesting; undefined when `tree` is not a tree of objects only. */
function hashTree(tree: unknown, seed: number): number | undefined {
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) return undefined;
  let hash = Math.imul(seed ^ OPEN, FNV_PRIME);
  for (const key in tree) {
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), FNV_PRIME);
    const child = hashTree((tree as Record<string, unknown>)[key], hash);
    if (child === undefined) return undefined;
    hash = child;
  }
  return Math.imul(hash ^ CLOSE, FNV_PRIME);
}

/** Same keys in the same order, all the way down (so the same JSON text). */
function sameTree(a: FieldsTree, b: FieldsTree): boolean {
  if (a === b) return true;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i++) {
    const key = aKeys[i]!;
    if (key !== bKeys[i] || !sameTree(a[key]!, b[key]!)) return false;
  }
  return true;
}

/** The shared tree equal to `tree`; `tree` itself becomes the shared one when there is none. */
function sharedTree(tree: FieldsTree, hash: number): FieldsTree {
  const refs = trees.get(hash);
  if (refs !== undefined) {
    for (const ref of refs) {
      const candidate = ref.deref();
      if (candidate !== undefined && sameTree(candidate, tree)) return candidate;
    }
  }
  const ref = new WeakRef(tree);
  if (refs === undefined) trees.set(hash, [ref]);
  else refs.push(ref);
  forget.register(tree, hash);
  return tree;
}

/**
 * Replaces the fieldsV1 trees of `object`'s managedFields by shared equal ones. `object` and its
 * metadata must be the caller's own (they are changed in place); the managedFields array and its
 * entries are never changed (they may be shared with other stored objects): a new array with new
 * entries replaces them when any tree was swapped.
 */
export function shareManagedFields(object: StoredObject): void {
  const metadata = object.metadata;
  const entries = metadata?.managedFields;
  if (!Array.isArray(entries)) return;
  let shared: unknown[] | undefined;
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (typeof entry !== 'object' || entry === null) continue;
    const fields = (entry as { fieldsV1?: unknown }).fieldsV1;
    const hash = hashTree(fields, 0x811c9dc5);
    if (hash === undefined) continue;
    const tree = sharedTree(fields as FieldsTree, hash);
    if (tree === fields) continue;
    shared ??= [...entries];
    shared[i] = { ...entry, fieldsV1: tree };
  }
  if (shared !== undefined) metadata!.managedFields = shared;
}

