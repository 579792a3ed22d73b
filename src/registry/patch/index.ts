/** Patch engines for PATCH requests: JSON patch, JSON merge patch and strategic merge patch. */
export { PatchError, PATCH_ERROR_CODES, UNPROCESSABLE_PATCH_MESSAGE, patchErrorDetail, type PatchErrorReason } from './errors.js';
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS, JSON_PATCH_MAX_COPY_BYTES } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
