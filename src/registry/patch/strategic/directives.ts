/** Strategic merge patch directive names and the helpers that read them (upstream patch.go). */
import { isJsonObject, setMember, type JsonValue } from '../json-value.js';
import { badRequest } from './smp-errors.js';

export const DIRECTIVE_MARKER = '$patch';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** `"<prefix>/<field>"` → field; upstream's extractKey. */
export function trimDirectivePrefix(key: string, prefix: string, formatError: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw badRequest(formatError);
  return key.slice(slash + 1);
}

/** Upstream's removeDirectives, in place: undefined means "drop this value". */
export function removeDirectives(value: JsonValue): JsonValue | undefined {
  if (Array.isArray(value)) {
    return value.map(removeDirectives).filter((item): item is JsonValue => item !== undefined);
  }
  if (isJsonObject(value)) {
    if (Object.hasOwn(value, DIRECTIVE_MARKER)) return undefined;
    for (const [key, member] of Object.entries(value)) {
      const cleaned = removeDirectives(member);
      if (cleaned === undefined) delete value[key];
      else setMember(value, key, cleaned);
    }
  }
  return value;
}
