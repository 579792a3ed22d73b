/**
 * Server-side apply and managedFields tracking (structured-merge-diff semantics).
 * Callers: the PATCH handler (apply-patch+yaml) uses parseApplyBody + serverSideApply; every other
 * write (create, update, json/merge/strategic patch, subresources) passes its result through
 * trackUpdate before validation and storage.
 */
export { parseApplyBody } from './apply-body.js';
export { ApplyConflictError, printManager, type FieldConflict } from './conflict.js';
export {
  MAX_UPDATE_MANAGERS,
  serverSideApply,
  trackUpdate,
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
