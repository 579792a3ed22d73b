/**
 * One copy of each common string value in the objects vkube keeps decoded (store views, host
 * informer caches). JSON.parse gives every string value longer than ten characters its own copy
 * (V8 shares the shorter ones), so 10,000 pods held 10,000 copies of their image name, their node
 * name, their host namespace, each condition type and most timestamps (pods start in the same
 * seconds): 20 MB of a 250 MB heap were repeated strings (bench/sync --heap-snapshot-dir). The copies are equal by value, so
 * replacing one with another changes nothing anyone can observe.
 *
 * The table is bounded by generations (generational-table.ts): a string that recurs survives,
 * unique ones (uids, names) pass through without piling up.
 */
import { GenerationalTable } from './generational-table.js';

/** Longer strings are messages, certificates, JSON in annotations: rarely repeated, never cheap to hash. */
const MAX_INTERNED_LENGTH = 256;
/** JSON.parse already gives string values up to this long one shared copy (V8 internalizes them). */
const PARSER_SHARED_LENGTH = 10;
const GENERATION_SIZE = 16_384;

const table = new GenerationalTable<string, string>(GENERATION_SIZE);

/** The shared copy of `value` (`value` itself the first time it is seen). */
export function internString(value: string): string {
  if (value.length <= PARSER_SHARED_LENGTH || value.length > MAX_INTERNED_LENGTH) return value;
  const known = table.get(value);
  if (known !== undefined) return known;
  table.set(value, value);
  return value;
}

/**
 * Replaces, in place, every string value (and array element) under `value` by its shared copy.
 * Only for objects nobody else holds yet (freshly decoded or handed over); frozen objects (test
 * builds freeze stored views) are left as they are, with everything under them.
 */
export function internStrings(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const member: unknown = value[i];
      if (typeof member === 'string') {
        if (member.length > PARSER_SHARED_LENGTH) value[i] = internString(member);
      }
      else if (typeof member === 'object') internStrings(member);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const member = record[key];
    if (typeof member === 'string') {
      if (member.length > PARSER_SHARED_LENGTH) record[key] = internString(member);
    }
    else if (typeof member === 'object') internStrings(member);
  }
}

/** Strings the table holds now (both generations), for tests. */
export function internTableSize(): number {
  return table.size;
}
