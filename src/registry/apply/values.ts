/**
 * JSON values as structured-merge-diff sees them (sigs.k8s.io/structured-merge-diff/v4/value):
 * the total order used to sort list keys and set items, equality, and the exact text forms that end
 * up inside FieldsV1 keys (`k:{...}`, `v:...`) and conflict paths (`[name="x"]`).
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isScalar(value: JsonValue): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function deepEqual(left: JsonValue | undefined, right: JsonValue | undefined): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) {
    return Array.isArray(right) && left.length === right.length && left.every((item, i) => deepEqual(item, right[i]));
  }
  if (isJsonObject(left) && isJsonObject(right)) {
    const leftKeys = Object.keys(left);
    if (leftKeys.length !== Object.keys(right).length) return false;
    return leftKeys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
  }
  return false;
}

/** Rank of a value's type in value.Compare: numbers < strings < booleans < lists < maps < null. */
function typeRank(value: JsonValue): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  if (Array.isArray(value)) return 3;
  if (value !== null) return 4;
  return 5;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/**
 * Byte-wise string order, as Go's strings.Compare. UTF-16 code units order as UTF-8 bytes do up to
 * U+D7FF; from the surrogates on (surrogates vs U+E000-U+FFFF) they can disagree, so a first
 * difference there is settled on the UTF-8 bytes. A string that is a prefix of the other sorts
 * first either way.
 */
export function compareStrings(left: string, right: string): number {
  if (left === right) return 0;
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const l = left.charCodeAt(i);
    const r = right.charCodeAt(i);
    if (l === r) continue;
    if (l < 0xd800 && r < 0xd800) return l < r ? -1 : 1;
    return sign(Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8')));
  }
  return left.length < right.length ? -1 : 1;
}

/** value.Compare: a total order over JSON values. */
export function compareValues(left: JsonValue, right: JsonValue): number {
  const rankDiff = typeRank(left) - typeRank(right);
  if (rankDiff !== 0) return sign(rankDiff);
  if (typeof left === 'number' && typeof right === 'number') return sign(left - right);
  if (typeof left === 'string' && typeof right === 'string') return compareStrings(left, right);
  if (typeof left === 'boolean' && typeof right === 'boolean') return left === right ? 0 : left ? 1 : -1;
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let i = 0; ; i++) {
      if (i >= left.length && i >= right.length) return 0;
      if (i >= left.length) return -1;
      if (i >= right.length) return 1;
      const c = compareValues(left[i]!, right[i]!);
      if (c !== 0) return c;
    }
  }
  if (isJsonObject(left) && isJsonObject(right)) return compareMaps(left, right);
  return 0;
}

/** MapCompare: walk the union of keys in lexical order; a missing key sorts after a present one. */
function compareMaps(left: JsonObject, right: JsonObject): number {
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length === 0 && rightKeys.length === 0) return 0;
  const keys = [...new Set([...leftKeys, ...rightKeys])].sort(compareStrings);
  for (let i = 0; i < keys.length; i++) {
    if (i === leftKeys.length) return -1;
    if (i === rightKeys.length) return 1;
    const key = keys[i]!;
    const hasLeft = Object.hasOwn(left, key);
    const hasRight = Object.hasOwn(right, key);
    if (!hasLeft) return 1;
    if (!hasRight) return -1;
    const c = compareValues(left[key]!, right[key]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** What either escaping below touches (lone surrogates are escaped by JSON.stringify). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

/**
 * A string as Go's encoding/json (and jsoniter's standard-library config) writes it: like
 * JSON.stringify, plus HTML-safe escapes for <, > and & and escapes for U+2028/U+2029.
 */
export function goJsonString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** value.WriteJSONStream: compact JSON; map keys in sorted order. */
export function goJson(value: JsonValue): string {
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const keys = Object.keys(value).sort(compareStrings);
  return `{${keys.map((key) => `${goJsonString(key)}:${goJson(value[key]!)}`).join(',')}}`;
}

/** Go's %q for a string (strconv.Quote); JSON escaping matches it for printable text. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** value.ToString, used when rendering paths in conflict messages. */
export function valueToString(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(valueToString).join(',')}]`;
  return Object.keys(value)
    .map((key) => `${key}=${valueToString(value[key]!)}`)
    .join('');
}
