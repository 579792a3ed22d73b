/**
 * List ordering of strategic merge patch (upstream: normalizeElementOrder and friends; design
 * note cli/preserve-order-in-strategic-merge-patch). Precedence: $setElementOrder, then the order
 * in the patch list, then the order in the live list. Items the patch adds that the live list
 * does not have come before the live items they cannot be compared with, as upstream puts them.
 */
import { getMember, goFormat, goTypeName, isJsonObject, type JsonValue } from '../json-value.js';
import { MAP_TYPE, badArgType, noListOfLists, noMergeKey, strategicError } from './smp-errors.js';

/** How list elements are matched: maps by their merge key, anything else by value. */
export interface ElementMatch {
  isMap: boolean;
  mergeKey: string;
}

/** Upstream's sliceElementType: all elements share one Go type and none is a list. */
export function listElementsAreMaps(...lists: JsonValue[][]): boolean {
  let previous: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const current = goTypeName(item);
      if (previous === undefined) {
        if (Array.isArray(item)) throw noListOfLists();
        if (item === null) throw strategicError('runtime error: invalid memory address or nil pointer dereference');
        previous = current;
      } else if (previous !== current) {
        throw strategicError(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (previous === undefined) throw strategicError('no elements in any of the given slices');
  return previous === MAP_TYPE;
}

/** The value an element is matched by: its merge key for maps, itself otherwise. */
function matchValue(item: JsonValue, match: ElementMatch): JsonValue {
  return match.isMap ? (isJsonObject(item) ? (getMember(item, match.mergeKey) ?? null) : null) : item;
}

/** Upstream's index(): position of the first element of `list` matching `item`, or -1, as a lookup. */
function positionsIn(list: readonly JsonValue[], match: ElementMatch): (item: JsonValue) => number {
  const positions = new Map<JsonValue, number>();
  list.forEach((candidate, index) => {
    const value = matchValue(candidate, match);
    if (!positions.has(value)) positions.set(value, index);
  });
  return (item) => positions.get(matchValue(item, match)) ?? -1;
}

/** Upstream's normalizeElementOrder: sort each side by its order, then interleave them. */
export function normalizeElementOrder(
  patchItems: JsonValue[],
  serverOnlyItems: JsonValue[],
  patchOrder: JsonValue[],
  serverOrder: JsonValue[],
  match: ElementMatch,
): JsonValue[] {
  const sortedPatch = normalizeSliceOrder(patchItems, patchOrder, match);
  const sortedServerOnly = normalizeSliceOrder(serverOnlyItems, serverOrder, match);
  return mergeSortedLists(sortedServerOnly, sortedPatch, serverOrder, match);
}

function normalizeSliceOrder(toSort: JsonValue[], order: JsonValue[], match: ElementMatch): JsonValue[] {
  let kept = toSort;
  let deleted: JsonValue[] = [];
  if (match.isMap) {
    validateMergeKeyInLists(match.mergeKey, toSort, order);
    [kept, deleted] = splitDeleteDirectives(toSort);
  }
  const position = positionsIn(order, match);
  // Go's sort.SliceStable on short lists is an insertion sort; its comparator says "less" whenever
  // either side is missing from `order`, and this loop reproduces that exactly.
  const sorted = [...kept];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0; j--) {
      const current = sorted[j] as JsonValue;
      const before = sorted[j - 1] as JsonValue;
      const currentIndex = position(current);
      const beforeIndex = position(before);
      const less = currentIndex >= 0 && beforeIndex >= 0 ? currentIndex < beforeIndex : true;
      if (!less) break;
      sorted[j] = before;
      sorted[j - 1] = current;
    }
  }
  return [...sorted, ...deleted];
}

/**
 * Upstream's mergeSortedSlice: take the server-only item first only when both items are in the
 * live list and it comes first there; otherwise the patch item goes first.
 */
function mergeSortedLists(
  serverOnly: JsonValue[],
  patchItems: JsonValue[],
  serverOrder: JsonValue[],
  match: ElementMatch,
): JsonValue[] {
  const position = positionsIn(serverOrder, match);
  const merged: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (i >= serverOnly.length) {
      merged.push(patchItems[j++] as JsonValue);
    } else if (j >= patchItems.length) {
      merged.push(serverOnly[i++] as JsonValue);
    } else {
      const left = position(serverOnly[i] as JsonValue);
      const right = position(patchItems[j] as JsonValue);
      if (left >= 0 && right >= 0 && left < right) merged.push(serverOnly[i++] as JsonValue);
      else merged.push(patchItems[j++] as JsonValue);
    }
  }
  return merged;
}

export function validateMergeKeyInLists(mergeKey: string, ...lists: JsonValue[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw badArgType(MAP_TYPE, item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
}

/** Upstream's extractToDeleteItems: [kept, items carrying `$patch: delete`]. */
export function splitDeleteDirectives(list: JsonValue[]): [JsonValue[], JsonValue[]] {
  const kept: JsonValue[] = [];
  const deleted: JsonValue[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) throw badArgType(MAP_TYPE, item);
    (item.$patch === 'delete' ? deleted : kept).push(item);
  }
  return [kept, deleted];
}

/** Splits `list` into [items present in `partitionBy`, the rest], keeping `list` order. */
export function partitionByPresence(
  list: JsonValue[],
  partitionBy: JsonValue[],
  match: ElementMatch,
): [JsonValue[], JsonValue[]] {
  const present: JsonValue[] = [];
  const absent: JsonValue[] = [];
  for (const item of list) {
    let found: boolean;
    if (match.mergeKey === '') {
      // Upstream keys a Go map by the item itself, which panics for maps.
      if (isJsonObject(item) || Array.isArray(item)) {
        throw strategicError(`runtime error: hash of unhashable type ${goTypeName(item)}`);
      }
      found = partitionBy.includes(item);
    } else {
      if (!isJsonObject(item)) throw badArgType(MAP_TYPE, item);
      if (!Object.hasOwn(item, match.mergeKey)) throw noMergeKey(item, match.mergeKey);
      found = findByMergeKey(partitionBy, match.mergeKey, item[match.mergeKey] ?? null) !== undefined;
    }
    (found ? present : absent).push(item);
  }
  return [present, absent];
}

/** Upstream's findMapInSliceBasedOnKeyValue: index of the first map whose `key` equals `value`. */
export function findByMergeKey(list: JsonValue[], key: string, value: JsonValue): number | undefined {
  for (const [index, item] of list.entries()) {
    if (!isJsonObject(item)) throw strategicError(`value for key ${index} is not a map`);
    if (Object.hasOwn(item, key) && item[key] === value) return index;
  }
  return undefined;
}
