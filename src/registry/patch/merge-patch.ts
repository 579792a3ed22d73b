/**
 * JSON merge patch (RFC 7386) as kube-apiserver applies it (gopkg.in/evanphx/json-patch.v4
 * MergePatch): objects merge recursively, null deletes, anything else replaces. Values that are
 * added rather than merged have their nested nulls pruned, as upstream does. A patch that is not an
 * object is 400 "Invalid JSON Patch", except an array, which upstream returns as the whole result.
 */
import { PatchError } from './errors.js';
import { cloneJson, getMember, isJsonObject, setMember, type JsonObject, type JsonValue } from './json-value.js';

export function applyMergePatch(original: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return pruneNulls(cloneJson(patch) as JsonValue);
  if (!isJsonObject(patch)) throw new PatchError('BadRequest', 'Invalid JSON Patch');
  if (original === null || original === undefined) {
    throw new PatchError('Unknown', 'Invalid JSON Document');
  }
  const patchCopy = cloneJson(patch);
  if (!isJsonObject(original)) return pruneNulls(patchCopy);
  const result = cloneJson(original);
  mergeObjects(result, patchCopy);
  return result;
}

function mergeObjects(target: JsonObject, patch: JsonObject): void {
  for (const [key, patchValue] of Object.entries(patch)) {
    if (patchValue === null) {
      delete target[key];
      continue;
    }
    const current = getMember(target, key);
    setMember(target, key, current === undefined || current === null ? pruneNulls(patchValue) : mergeValue(current, patchValue));
  }
}

function mergeValue(current: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(current)) return pruneNulls(patch);
  // Upstream returns a non-object patch value over an object as is, without pruning.
  if (!isJsonObject(patch)) return patch;
  mergeObjects(current, patch);
  return current;
}

/** Drops null members of objects, at any depth; null array elements stay. */
function pruneNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    value.forEach(pruneNulls);
  } else if (isJsonObject(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (member === null) delete value[key];
      else pruneNulls(member);
    }
  }
  return value;
}
