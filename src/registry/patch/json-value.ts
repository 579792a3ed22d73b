/**
 * Small helpers over decoded JSON values shared by the three patch engines. Patch inputs arrive as
 * `unknown` (parsed request bodies, stored objects); these helpers keep the engines honest about
 * which shapes they accept.
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep copy, so no engine ever mutates its caller's original or patch. Hand-written because
 * structuredClone is several times slower on JSON-shaped data.
 */
export function cloneJson<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyValue);
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) setMember(copy, key, copyValue((value as JsonObject)[key]) as JsonValue);
  return copy;
}

/**
 * Keys come from request bodies, so members are read and written as own properties only: a
 * `__proto__` or `constructor` key must never reach (or replace) a prototype.
 */
export function getMember(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function setMember(object: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) {
    return (
      Array.isArray(right) && left.length === right.length && left.every((item, i) => jsonEqual(item, right[i]))
    );
  }
  if (isJsonObject(left) && isJsonObject(right)) {
    const leftKeys = Object.keys(left);
    if (leftKeys.length !== Object.keys(right).length) return false;
    return leftKeys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
  }
  return false;
}

/**
 * The Go type name a value has after upstream decodes JSON with UnmarshalCaseSensitivePreserveInts
 * (integral numbers become int64). Upstream error texts and type checks use these names.
 */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '%!s(<nil>)';
  if (Array.isArray(value)) return '[]interface {}';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int64' : 'float64';
    default:
      return 'map[string]interface {}';
  }
}

/** Go's `fmt` `%v` rendering of a decoded JSON value, so error messages read as upstream's do. */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((key) => `${key}:${goFormat(value[key])}`).join(' ')}]`;
  }
  if (typeof value === 'number') return goFormatNumber(value);
  return String(value);
}

function goFormatNumber(value: number): string {
  if (Number.isInteger(value) && Number.isSafeInteger(value)) return String(value);
  // float64 under %v is %g with the shortest digits: exponent form below 1e-4 or from 1e6.
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}
