/**
 * The server-side half of upstream's strategic merge (pkg/util/strategicpatch mergeMap and
 * friends), always with MergeParallelList and IgnoreUnmatchedNulls on, as StrategicMergeMapPatch
 * uses them. Works in place on copies the entry point made.
 */
import type { FieldSchema } from '../../schema/types.js';
import { getMember, goTypeName, isJsonObject, setMember, type JsonObject, type JsonValue } from '../json-value.js';
import { lookupListField, lookupMapField } from './patch-meta.js';
import {
  ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST,
  ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS,
  badPatchType,
  badRequest,
} from './smp-errors.js';
import { mergeListField } from './merge-list.js';
import { applySetElementOrderDirectives } from './set-element-order.js';
import {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  removeDirectives,
  trimDirectivePrefix,
} from './directives.js';

export function mergeMap(original: JsonObject | null, patch: JsonObject, schema: FieldSchema | undefined): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) return mapDirective(patch);
  const target = original ?? {};
  applyRetainKeys(target, patch);
  applySetElementOrderDirectives(target, patch, schema, mergeMap);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
    if (isDeleteList) {
      // Upstream keeps the prefixed key when nothing follows the slash.
      key = trimDirectivePrefix(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX, ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST) || patchKey;
    }

    if (patchValue === null) {
      // Null deletes; a null with nothing to delete is dropped (IgnoreUnmatchedNulls).
      delete target[key];
      continue;
    }
    const current = liveMember(target, key);
    if (current === undefined || goTypeName(current) !== goTypeName(patchValue)) {
      if (!isDeleteList) setWithoutDirectives(target, key, patchValue, true);
      continue;
    }
    if (isJsonObject(current) && isJsonObject(patchValue)) {
      const { schema: fieldSchema, meta } = lookupMapField(schema, key);
      setMember(target, key, meta.strategy === 'replace' ? patchValue : mergeMap(current, patchValue, fieldSchema));
    } else if (Array.isArray(current) && Array.isArray(patchValue)) {
      const { schema: elementSchema, meta } = lookupListField(schema, key);
      setMember(target, key, mergeListField(current, patchValue, { elementSchema, ...meta, isDeleteList }, mergeMap).merged);
    } else {
      setWithoutDirectives(target, key, patchValue, false);
    }
  }
  return target;
}

/**
 * The live value of a key. An empty list counts as absent: upstream patches the typed object
 * converted to a map, where omitempty has already dropped empty lists, while our stored JSON may
 * still carry them.
 */
export function liveMember(target: JsonObject, key: string): JsonValue | undefined {
  const value = getMember(target, key);
  return Array.isArray(value) && value.length === 0 ? undefined : value;
}

/** Upstream's handleDirectiveInMergeMap for `$patch` on a map. */
function mapDirective(patch: JsonObject): JsonObject {
  const directive = patch[DIRECTIVE_MARKER];
  if (directive === 'replace') {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === 'delete') return {};
  throw badPatchType(directive, patch);
}

/**
 * `$retainKeys`: live keys missing from the list are cleared, and every non-null patch key must be
 * in the list (upstream's applyRetainKeysDirective).
 */
function applyRetainKeys(target: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retainKeys = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retainKeys)) throw badRequest(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || key.startsWith(SET_ELEMENT_ORDER_PREFIX)) {
      continue;
    }
    if (!retainKeys.includes(key)) throw badRequest(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  }
  for (const key of Object.keys(target)) {
    if (!retainKeys.includes(key)) delete target[key];
  }
}

/**
 * Sets a patch value that replaces rather than merges. Added or type-changing values lose their
 * nulls first (IgnoreUnmatchedNulls); either way directives are stripped, and a value that is
 * itself a directive map removes the key.
 */
function setWithoutDirectives(target: JsonObject, key: string, patchValue: JsonValue, discardNulls: boolean): void {
  if (discardNulls) discardNullValues(patchValue);
  const value = removeDirectives(patchValue);
  if (value === undefined) delete target[key];
  else setMember(target, key, value);
}

function discardNullValues(value: JsonValue): void {
  if (Array.isArray(value)) {
    value.forEach(discardNullValues);
  } else if (isJsonObject(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (member === null) delete value[key];
      else discardNullValues(member);
    }
  }
}
