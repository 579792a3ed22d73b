/**
 * Strategic merge patch errors with the HTTP mapping of upstream's
 * interpretStrategicMergePatchError: a few known mergepatch errors are 400 or 422; anything else
 * is a plain Go error there, which the API server answers as 500 with an empty reason.
 */
import { PatchError, UNPROCESSABLE_PATCH_MESSAGE } from '../errors.js';
import { goFormat, goTypeName } from '../json-value.js';

export const ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST = 'invalid patch format of primitive list';
export const ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS = 'invalid patch format of retainKeys';
export const ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST = 'invalid patch format of setElementOrder list';

export function badRequest(message: string): PatchError {
  return new PatchError('BadRequest', message);
}

/** mergepatch.ErrNoListOfLists: upstream answers 422 with the generic message. */
export function noListOfLists(): PatchError {
  return new PatchError('Invalid', UNPROCESSABLE_PATCH_MESSAGE, { cause: new Error('lists of lists are not supported') });
}

/** Any other upstream error: 500, empty reason, the Go error text as message. */
export function strategicError(message: string): PatchError {
  return new PatchError('Unknown', message);
}

/** mergepatch.ErrBadArgType with the Go type names. */
export function badArgType(expectedGoType: string, actual: unknown): PatchError {
  return strategicError(`expected a ${expectedGoType}, but received a ${goTypeName(actual)}`);
}

export function noMergeKey(item: unknown, mergeKey: string): PatchError {
  return strategicError(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
}

export function badPatchType(directive: unknown, item: unknown): PatchError {
  const shown = typeof directive === 'string' ? directive : `%!s(${goTypeName(directive)}=${goFormat(directive)})`;
  return strategicError(`unknown patch type: ${shown} in map: ${goFormat(item)}`);
}

export const MAP_TYPE = 'map[string]interface {}';
export const SLICE_TYPE = '[]interface {}';
