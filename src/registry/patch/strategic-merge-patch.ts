/**
 * Strategic merge patch, applied the way kube-apiserver applies it to built-in kinds
 * (k8s.io/apimachinery pkg/util/strategicpatch StrategicMergeMapPatch). Patch metadata comes from
 * the kind's FieldSchema (x-kubernetes-patch-strategy / -merge-key); fields without metadata merge
 * like JSON merge patch. Custom resources do not support this patch type upstream: answer them
 * with PatchError.unsupportedMediaType before calling this.
 */
import type { FieldSchema } from '../schema/types.js';
import { PatchError } from './errors.js';
import { cloneJson, isJsonObject, type JsonObject } from './json-value.js';
import { mergeMap } from './strategic/merge-map.js';

export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: FieldSchema | undefined): unknown {
  // A JSON null patch decodes upstream into a nil map: nothing to apply.
  if (patch === null || patch === undefined) return cloneJson(original);
  if (!isJsonObject(patch)) {
    const kind = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw new PatchError('BadRequest', `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  const originalObject: JsonObject | null = isJsonObject(original) ? cloneJson(original) : null;
  return mergeMap(originalObject, cloneJson(patch), schema);
}
