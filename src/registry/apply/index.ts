/**
 * Server-side apply and managedFields tracking (structured-merge-diff v4 semantics, checked step by
 * step against upstream's own field manager in test/registry/apply/upstream-parity.test.ts).
 *
 * How the registry uses it, in upstream's order:
 * - PATCH application/apply-patch+yaml: validate options first (no fieldManager → 422 "PatchOptions
 *   ... fieldManager: Required value: is required for apply patch"), parseApplyBody, then
 *   serverSideApply({live (undefined → create), applied, manager, force, apiVersion, kind, name,
 *   schema, now, resetFields}); then default, validate and store the returned object as a create or
 *   update. Upstream defaults the apply result; explicit nulls from the configuration are left in it.
 * - Every other write (create, update, json/merge/strategic patch, subresources): pass the new
 *   object through trackUpdate({live, updated, manager, ...}) before the strategy resets fields,
 *   with resetFields naming what the strategy resets (e.g. [['status']] on the main resource), or
 *   after it without resetFields.
 */
export { parseApplyBody } from './apply-body.js';
export { ApplyConflictError, printManager, type FieldConflict } from './conflict.js';
export {
  MAX_UPDATE_MANAGERS,
  serverSideApply,
  trackUpdate,
  type CommonArgs,
  type ServerSideApplyArgs,
  type TrackUpdateArgs,
} from './field-manager.js';
export { FieldSet } from './field-set.js';
export { fieldsV1ToPaths, fieldsV1ToSet, pathsToFieldsV1, setToFieldsV1, type FieldsV1 } from './fields-v1.js';
export {
  decodeManagedFields,
  encodeManagedFields,
  managerIdentifier,
  type ManagedFieldsEntry,
  type ManagedFieldsOperation,
} from './managed-fields.js';
export { makePath, pathToString, type Path, type PathElement } from './path-element.js';
