/**
 * Merging one list field (upstream's mergeSliceHandler / mergeSlice). Besides the merged list it
 * reports `liveView`: what upstream's caller still sees through its original slice afterwards.
 * Upstream deletes and appends in place on the live slice's backing array, and the
 * `$setElementOrder` step then orders server-only elements by that altered array; mirroring it
 * keeps element order identical to kube-apiserver's (e.g. an injected sidecar next to a container
 * kubectl deletes and one it adds).
 */
import type { FieldSchema } from '../../schema/types.js';
import type { JsonObject, JsonValue } from '../json-value.js';
import { DIRECTIVE_MARKER } from './directives.js';
import { findByMergeKey, listElementsAreMaps, normalizeElementOrder, partitionByPresence } from './ordering.js';
import { schemaName } from './patch-meta.js';
import { badPatchType, noMergeKey, strategicError } from './smp-errors.js';

export interface ListMergeOptions {
  /** Schema of the list's elements. */
  elementSchema: FieldSchema | undefined;
  strategy: string;
  mergeKey: string;
  /** The patch list came from `$deleteFromPrimitiveList/<field>`. */
  isDeleteList: boolean;
}

export interface ListMergeResult {
  merged: JsonValue[];
  liveView: JsonValue[];
}

/** Merges two maps (merge-map's mergeMap), passed in to keep the modules acyclic. */
export type MapMerger = (live: JsonObject, patch: JsonObject, schema: FieldSchema | undefined) => JsonObject;

export function mergeListField(
  live: JsonValue[],
  patch: JsonValue[],
  options: ListMergeOptions,
  mergeMap: MapMerger,
): ListMergeResult {
  if (options.strategy !== 'merge' && !options.isDeleteList) return { merged: patch, liveView: live };
  if (live.length === 0 && patch.length === 0) return { merged: live, liveView: live };
  const isMap = listElementsAreMaps(live, patch);
  if (!isMap) return { merged: mergePrimitiveList(live, patch, options.isDeleteList), liveView: live };
  if (options.mergeKey === '') {
    throw strategicError(`cannot merge lists without merge key for ${schemaName(options.elementSchema)}`);
  }
  return mergeMapList(live, patch, options, mergeMap);
}

function mergePrimitiveList(live: JsonValue[], patch: JsonValue[], isDeleteList: boolean): JsonValue[] {
  if (isDeleteList) return live.filter((item) => !patch.includes(item));
  const merged = [...new Set([...live, ...patch])];
  const match = { isMap: false, mergeKey: '' };
  const [inPatch, serverOnly] = partitionByPresence(merged, patch, match);
  return normalizeElementOrder(inPatch, serverOnly, patch, live, match);
}

function mergeMapList(live: JsonValue[], patch: JsonValue[], options: ListMergeOptions, mergeMap: MapMerger): ListMergeResult {
  const { mergeKey, elementSchema } = options;
  const backing = new SharedBacking(live);
  const plain: JsonValue[] = [];
  let replace = false;
  for (const item of patch) {
    const element = item as JsonObject;
    if (!Object.hasOwn(element, DIRECTIVE_MARKER)) {
      plain.push(element);
      continue;
    }
    const directive = element[DIRECTIVE_MARKER];
    if (directive === 'delete') {
      if (!Object.hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
      backing.removeAll(mergeKey, element[mergeKey] ?? null);
    } else if (directive === 'replace') {
      // Keep going: later delete directives still apply to the live list upstream.
      replace = true;
    } else if (directive === 'merge') {
      throw strategicError('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, element);
    }
  }

  const match = { isMap: true, mergeKey };
  if (replace) {
    const [inPatch, serverOnly] = partitionByPresence(plain, [], match);
    return { merged: normalizeElementOrder(inPatch, serverOnly, [], plain, match), liveView: backing.view() };
  }
  const remaining = backing.items();
  const merged = [...remaining];
  for (const element of plain as JsonObject[]) {
    if (!Object.hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
    const index = findByMergeKey(merged, mergeKey, element[mergeKey] ?? null);
    if (index === undefined) {
      merged.push(element);
      backing.append(element);
    } else {
      merged[index] = mergeMap(merged[index] as JsonObject, element, elementSchema);
    }
  }
  const [inPatch, serverOnly] = partitionByPresence(merged, plain, match);
  return { merged: normalizeElementOrder(inPatch, serverOnly, plain, remaining, match), liveView: backing.view() };
}

/**
 * A Go slice over the live list's backing array: removing shifts the tail left in place (the last
 * slot keeps a stale copy), appending writes into freed slots. `view()` is the original slice.
 */
class SharedBacking {
  private readonly slots: JsonValue[];
  private length: number;

  constructor(items: JsonValue[]) {
    this.slots = [...items];
    this.length = items.length;
  }

  removeAll(mergeKey: string, value: JsonValue): void {
    for (;;) {
      const index = findByMergeKey(this.items(), mergeKey, value);
      if (index === undefined) return;
      this.slots.copyWithin(index, index + 1, this.length);
      this.length--;
    }
  }

  /** Past the original capacity Go reallocates, which the original slice never sees. */
  append(item: JsonValue): void {
    if (this.length < this.slots.length) this.slots[this.length] = item;
    this.length++;
  }

  items(): JsonValue[] {
    return this.slots.slice(0, Math.min(this.length, this.slots.length));
  }

  view(): JsonValue[] {
    return [...this.slots];
  }
}
