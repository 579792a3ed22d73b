/**
 * One step of a field path (sigs.k8s.io/structured-merge-diff/v4/fieldpath PathElement): a struct or
 * map field, a list-map item by its keys, a set item by its value, or a list index. Includes the
 * FieldsV1 key syntax (`f:name`, `k:{"name":"x"}`, `v:"x"`, `i:0`) and the order upstream sorts by.
 */
import {
  compareStrings,
  compareValues,
  goJson,
  goJsonString,
  valueToString,
  type JsonValue,
} from './values.js';

export interface KeyField {
  name: string;
  value: JsonValue;
}

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: readonly KeyField[] }
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

/** A list-map key; fields are kept sorted by name, as upstream's FieldList.Sort does. */
export function keyElement(fields: readonly KeyField[]): PathElement {
  return { kind: 'key', fields: [...fields].sort((a, b) => compareStrings(a.name, b.name)) };
}

export function valueElement(value: JsonValue): PathElement {
  return { kind: 'value', value };
}

export function indexElement(index: number): PathElement {
  return { kind: 'index', index };
}

/** Builds a path from field names (strings) and indexes (numbers), as fieldpath.MakePathOrDie. */
export function makePath(...parts: (string | number | PathElement)[]): PathElement[] {
  return parts.map((part) =>
    typeof part === 'string' ? fieldElement(part) : typeof part === 'number' ? indexElement(part) : part,
  );
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

function compareKeyFields(left: readonly KeyField[], right: readonly KeyField[]): number {
  for (let i = 0; ; i++) {
    if (i >= left.length && i >= right.length) return 0;
    if (i >= left.length) return -1;
    if (i >= right.length) return 1;
    const byName = compareStrings(left[i]!.name, right[i]!.name);
    if (byName !== 0) return byName;
    const byValue = compareValues(left[i]!.value, right[i]!.value);
    if (byValue !== 0) return byValue;
  }
}

/** PathElement.Compare: fields < keys < values < indexes, then by content. */
export function comparePathElements(left: PathElement, right: PathElement): number {
  if (left.kind !== right.kind) return KIND_RANK[left.kind] < KIND_RANK[right.kind] ? -1 : 1;
  switch (left.kind) {
    case 'field':
      return compareStrings(left.name, (right as typeof left).name);
    case 'key':
      return compareKeyFields(left.fields, (right as typeof left).fields);
    case 'value':
      return compareValues(left.value, (right as typeof left).value);
    case 'index': {
      const other = (right as typeof left).index;
      return left.index < other ? -1 : left.index > other ? 1 : 0;
    }
  }
}

export function pathElementsEqual(left: PathElement, right: PathElement): boolean {
  return comparePathElements(left, right) === 0;
}

/**
 * `f:<name>` keys already made, by name. Objects take them as property keys (FieldsV1), and a
 * string that has been a key before is stored (and later copied and printed) much faster than a
 * freshly built one, which must be hashed and looked up again. Field names mostly come from
 * schemas; the cache starts over when user-chosen names (labels, data keys) have filled it.
 */
const fieldKeys = new Map<string, string>();
const MAX_FIELD_KEYS = 4096;

/** The FieldsV1 key of a field element, serializePathElement(fieldElement(name)) without the element. */
export function fieldKey(name: string): string {
  let key = fieldKeys.get(name);
  if (key === undefined) {
    if (fieldKeys.size >= MAX_FIELD_KEYS) fieldKeys.clear();
    fieldKeys.set(name, (key = `f:${name}`));
  }
  return key;
}

/** The FieldsV1 key of an element (fieldpath.SerializePathElement). */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      // Written raw, without JSON escaping, as upstream does.
      return fieldKey(pe.name);
    case 'key': {
      let text = 'k:{';
      for (let i = 0; i < pe.fields.length; i++) {
        const field = pe.fields[i]!;
        text += `${i === 0 ? '' : ','}${goJsonString(field.name)}:${goJson(field.value)}`;
      }
      return `${text}}`;
    }
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

export class PathElementSyntaxError extends Error {
  override readonly name = 'PathElementSyntaxError';
}

/**
 * Parses a FieldsV1 key. Returns undefined for an unknown element type (upstream skips those, so
 * newer servers' keys survive); throws on a malformed known one.
 */
export function parsePathElement(text: string): PathElement | undefined {
  if (text.length < 2) throw new PathElementSyntaxError(`key must be 2 characters long: ${text}`);
  if (text[1] !== ':') throw new PathElementSyntaxError(`missing colon: ${text}`);
  const body = text.slice(2);
  switch (text[0]) {
    case 'f':
      return fieldElement(body);
    case 'v':
      return valueElement(parseJson(body, text));
    case 'k': {
      const parsed = parseJson(body, text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new PathElementSyntaxError(`key element is not an object: ${text}`);
      }
      return keyElement(Object.entries(parsed).map(([name, value]) => ({ name, value })));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new PathElementSyntaxError(`invalid index: ${text}`);
      return indexElement(Number(body));
    }
    default:
      return undefined;
  }
}

function parseJson(body: string, whole: string): JsonValue {
  try {
    return JSON.parse(body) as JsonValue;
  } catch (error) {
    throw new PathElementSyntaxError(`invalid JSON in path element ${whole}`, { cause: error });
  }
}

/** PathElement.String: `.name`, `[name="x",port=80]`, `[="x"]`, `[0]`. */
export function pathElementToString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map((f) => `${f.name}=${valueToString(f.value)}`).join(',')}]`;
    case 'value':
      return `[=${valueToString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

export function pathToString(path: Path): string {
  return path.map(pathElementToString).join('');
}
