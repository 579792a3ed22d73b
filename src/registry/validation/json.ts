/** Small typed readers over decoded JSON objects, shared by validation and defaulting. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

/** The object, or an empty one (reading a missing struct like Go's zero value). */
export function objectOrEmpty(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Array of objects; non-object items read as empty objects, like Go zero values. */
export function objectArray(value: unknown): JsonObject[] {
  return asArray(value).map(objectOrEmpty);
}

/** A string field as Go sees it: absent or non-string reads as "". */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A number field as Go sees it: absent reads as 0. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? v : String(v);
  return out;
}

export function stringArray(value: unknown): string[] {
  return asArray(value).map((v) => (typeof v === 'string' ? v : String(v)));
}

/** Go zero values and empty collections: what `omitempty` drops and Semantic.DeepEqual equates. */
function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.values(value).every(isZero);
  return false;
}

/**
 * Equality as apiequality.Semantic.DeepEqual sees two decoded objects: a field that is absent
 * equals its zero value, and nil equals empty for maps and slices.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isZero(a) && isZero(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => semanticEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

/**
 * A compact `-`/`+` diff of two decoded structs, standing in for the go-cmp Diff text upstream
 * appends to some Forbidden messages (its exact layout depends on Go types we do not have).
 */
export function goStructDiff(typeName: string, before: JsonObject, after: JsonObject): string {
  const lines: string[] = [];
  for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (semanticEqual(before[k], after[k])) continue;
    if (before[k] !== undefined) lines.push(`-\t${k}: ${JSON.stringify(before[k])}`);
    if (after[k] !== undefined) lines.push(`+\t${k}: ${JSON.stringify(after[k])}`);
  }
  return `  ${typeName}{\n${lines.join('\n')}\n  }\n`;
}
