/** Mutation helpers over decoded JSON, with Go's notion of "unset" for defaulting. */
import { isObject, type JsonObject } from '../validation/json.js';

export { isObject, type JsonObject };

/** Nil pointer / absent field: `== nil` in upstream defaulters. */
export function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Zero string, number or bool field: `== ""` / `== 0` in upstream defaulters (absent counts). */
export function isZero(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === 0 || value === false;
}

/** Sets `obj[key] = value` when the field is nil. */
export function defaultField(obj: JsonObject, key: string, value: unknown): void {
  if (isUnset(obj[key])) obj[key] = value;
}

/** Sets `obj[key] = value` when the field holds Go's zero value. */
export function defaultZero(obj: JsonObject, key: string, value: unknown): void {
  if (isZero(obj[key])) obj[key] = value;
}

/** The object at `obj[key]`, created empty when absent (Go's embedded struct). */
export function child(obj: JsonObject, key: string): JsonObject {
  const existing = obj[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/** The object at `obj[key]` if present, without creating it. */
export function existing(obj: JsonObject, key: string): JsonObject | undefined {
  const value = obj[key];
  return isObject(value) ? value : undefined;
}

/** Object items of the array at `obj[key]` (absent: none). */
export function items(obj: JsonObject | undefined, key: string): JsonObject[] {
  const value = obj?.[key];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** True when the map at `obj[key]` has no entries (nil or empty). */
export function isEmptyMap(value: unknown): boolean {
  return !isObject(value) || Object.keys(value).length === 0;
}
