/**
 * `$setElementOrder/<field>` (upstream's mergePatchIntoOriginal): merges the named list with its
 * patch list, then orders the result by the directive, the patch list and the live list, in that
 * precedence. kubectl and helm send it for every merge list in their three-way patches.
 */
import type { FieldSchema } from '../../schema/types.js';
import { cloneJson, goFormat, isJsonObject, setMember, type JsonObject, type JsonValue } from '../json-value.js';
import { lookupListField } from './patch-meta.js';
import { mergeListField, type MapMerger } from './merge-list.js';
import { listElementsAreMaps, normalizeElementOrder, partitionByPresence, splitDeleteDirectives } from './ordering.js';
import {
  ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST,
  MAP_TYPE,
  SLICE_TYPE,
  badArgType,
  noMergeKey,
  strategicError,
} from './smp-errors.js';
import { DIRECTIVE_MARKER, SET_ELEMENT_ORDER_PREFIX, removeDirectives, trimDirectivePrefix } from './directives.js';

/** Applies every `$setElementOrder` directive of `patch` to `target`, consuming the lists it handles. */
export function applySetElementOrderDirectives(
  target: JsonObject,
  patch: JsonObject,
  schema: FieldSchema | undefined,
  mergeMap: MapMerger,
): void {
  for (const [directiveKey, setOrder] of Object.entries(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    delete patch[directiveKey];
    if (!Array.isArray(setOrder)) throw badArgType(SLICE_TYPE, setOrder);
    const field = trimDirectivePrefix(directiveKey, SET_ELEMENT_ORDER_PREFIX, ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
    const liveList = listOrUndefined(target, field, true);
    const patchList = listOrUndefined(patch, field, false);
    const { schema: elementSchema, meta } = lookupListField(schema, field);
    validatePatchAgainstOrder(patchList ?? [], setOrder, meta.mergeKey);

    let merged: JsonValue[];
    let serverOrder = liveList ?? [];
    if (liveList !== undefined && patchList === undefined) {
      merged = liveList;
    } else if (liveList === undefined && patchList !== undefined) {
      merged = removeDirectives(cloneJson(patchList)) as JsonValue[];
    } else if (liveList !== undefined && patchList !== undefined) {
      const result = mergeListField(liveList, patchList, { elementSchema, ...meta, isDeleteList: false }, mergeMap);
      merged = result.merged;
      serverOrder = result.liveView;
    } else {
      continue;
    }

    const partition = partitionByPresence(merged, setOrder, { isMap: meta.mergeKey !== '', mergeKey: meta.mergeKey });
    const isMap = listElementsAreMaps(liveList ?? [], patchList ?? []);
    setMember(target, field, normalizeElementOrder(partition[0], partition[1], setOrder, serverOrder, { isMap, mergeKey: meta.mergeKey }));
    delete patch[field];
  }
}

/** The list under `field`; an empty live list counts as absent (see merge-map's liveMember). */
function listOrUndefined(object: JsonObject, field: string, emptyIsAbsent: boolean): JsonValue[] | undefined {
  if (!Object.hasOwn(object, field)) return undefined;
  const value = object[field];
  if (!Array.isArray(value)) throw badArgType(SLICE_TYPE, value);
  return emptyIsAbsent && value.length === 0 ? undefined : value;
}

/**
 * Upstream's validatePatchWithSetOrderList: the patch list's plain elements must appear in the
 * directive, in the same relative order.
 */
function validatePatchAgainstOrder(patchList: JsonValue[], setOrder: JsonValue[], mergeKey: string): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const plain = mergeKey === '' ? patchList : splitDeleteDirectives(patchList)[0];
  let patchIndex = 0;
  let orderIndex = 0;
  while (patchIndex < plain.length && orderIndex < setOrder.length) {
    const item = plain[patchIndex] as JsonValue;
    if (isJsonObject(item) && Object.hasOwn(item, DIRECTIVE_MARKER)) {
      patchIndex++;
      continue;
    }
    if (sameElement(item, setOrder[orderIndex] as JsonValue, mergeKey)) patchIndex++;
    orderIndex++;
  }
  if (patchIndex < plain.length && orderIndex >= setOrder.length) {
    throw strategicError(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goFormat(setOrder)}\n`,
    );
  }
}

function sameElement(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  if (!isJsonObject(left)) throw badArgType(MAP_TYPE, left);
  if (!isJsonObject(right)) throw badArgType(MAP_TYPE, right);
  if (!Object.hasOwn(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

