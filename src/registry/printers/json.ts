// Readers over the v1 JSON of an object that answer with Go's zero values for missing fields, so each
// printer reads like its upstream counterpart working on a decoded struct. `...Ptr` readers keep the
// difference between "absent" and "zero" where upstream has a pointer.
import type { JsonObject } from './types.js';

type PathStep = string | number;

export function valueAt(root: unknown, ...path: PathStep[]): unknown {
  let current: unknown = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isObject(current)) return undefined;
      current = current[step];
    }
  }
  return current;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(root: unknown, ...path: PathStep[]): JsonObject {
  const value = valueAt(root, ...path);
  return isObject(value) ? value : {};
}

/** An object field that upstream holds as a pointer: undefined when absent or null. */
export function objectPtr(root: unknown, ...path: PathStep[]): JsonObject | undefined {
  const value = valueAt(root, ...path);
  return isObject(value) ? value : undefined;
}

export function stringAt(root: unknown, ...path: PathStep[]): string {
  const value = valueAt(root, ...path);
  return typeof value === 'string' ? value : '';
}

export function stringPtr(root: unknown, ...path: PathStep[]): string | undefined {
  const value = valueAt(root, ...path);
  return typeof value === 'string' ? value : undefined;
}

export function numberAt(root: unknown, ...path: PathStep[]): number {
  const value = valueAt(root, ...path);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function numberPtr(root: unknown, ...path: PathStep[]): number | undefined {
  const value = valueAt(root, ...path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function boolAt(root: unknown, ...path: PathStep[]): boolean {
  return valueAt(root, ...path) === true;
}

export function boolPtr(root: unknown, ...path: PathStep[]): boolean | undefined {
  const value = valueAt(root, ...path);
  return typeof value === 'boolean' ? value : undefined;
}

export function arrayAt(root: unknown, ...path: PathStep[]): unknown[] {
  const value = valueAt(root, ...path);
  return Array.isArray(value) ? value : [];
}

export function objectsAt(root: unknown, ...path: PathStep[]): JsonObject[] {
  return arrayAt(root, ...path).map((item) => (isObject(item) ? item : {}));
}

export function stringsAt(root: unknown, ...path: PathStep[]): string[] {
  return arrayAt(root, ...path).map((item) => (typeof item === 'string' ? item : ''));
}

/** A map[string]string field; non-string values are ignored as a decoder would reject them. */
export function stringMapAt(root: unknown, ...path: PathStep[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(objectAt(root, ...path))) {
    if (typeof value === 'string') result[key] = value;
  }
  return result;
}

export function hasKey(root: unknown, ...path: PathStep[]): boolean {
  const value = valueAt(root, ...path);
  return value !== undefined && value !== null;
}

export function nameOf(object: JsonObject): string {
  return stringAt(object, 'metadata', 'name');
}

export function creationTimestampOf(object: JsonObject): unknown {
  return valueAt(object, 'metadata', 'creationTimestamp');
}

export function isDeleting(object: JsonObject): boolean {
  return hasKey(object, 'metadata', 'deletionTimestamp');
}
