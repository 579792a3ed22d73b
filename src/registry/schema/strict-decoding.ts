/**
 * Field validation (`fieldValidation=Strict|Warn`) as kube-apiserver reports it. Built-in objects are
 * decoded there with sigs.k8s.io/json's UnmarshalStrict (case-sensitive, DisallowUnknownFields,
 * DisallowDuplicateFields), which collects errors in document order, de-duplicated, at most 100:
 * - `unknown field "<path>"`: a key no struct field matches; its value is skipped, not searched;
 * - `duplicate field "<path>"`: a struct field or map key seen twice in one object;
 * where `<path>` joins keys with `.` and list positions as `[i]` (`spec.containers[0].foo`).
 * apimachinery wraps them as `strict decoding error: e1, e2` (runtime.NewStrictDecodingError) and the
 * handler as `<Kind> in version "<v>" cannot be handled as a <Kind>: …` (handlers/rest.go).
 *
 * How a FieldSchema maps onto the Go value it stands for (decodeShape):
 * - `properties` → a struct (unknown keys are errors, unless x-kubernetes-preserve-unknown-fields);
 * - `additionalProperties` → a map; `true`, or no schema at all → interface{} (duplicates only);
 * - `items` → a slice;
 * - `opaque` (RawExtension, FieldsV1: custom unmarshallers keep raw bytes), int-or-string, and
 *   schemas with no object/array shape (scalars, Quantity's oneOf) → opaque: nothing inside is
 *   reported;
 * - `type: object` with none of the above → a struct without fields (an empty Go struct such as
 *   CustomResourceSubresourceStatus; for CRDs, an object whose every field is pruned).
 * An x-kubernetes-embedded-resource object also accepts apiVersion, kind and metadata.
 */
import type { FieldSchema } from './types.js';

export type DecodeShape =
  | { kind: 'struct'; properties: Record<string, FieldSchema>; allowUnknown: boolean }
  | { kind: 'map'; values: FieldSchema | undefined }
  | { kind: 'list'; items: FieldSchema | undefined }
  | { kind: 'free' }
  | { kind: 'opaque' };

export const MAX_STRICT_ERRORS = 100;

/** What an embedded resource always allows; their insides are not checked here. */
const EMBEDDED_RESOURCE_FIELDS: Record<string, FieldSchema> = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { type: 'object', preserveUnknownFields: true },
};

/** The shapes without parts, shared: decoding visits one per value. */
export const FREE_SHAPE: DecodeShape = Object.freeze({ kind: 'free' });
export const OPAQUE_SHAPE: DecodeShape = Object.freeze({ kind: 'opaque' });

/** Schemas are not changed once built (type-ref.ts caches by them too): one shape each. */
const shapes = new WeakMap<FieldSchema, DecodeShape>();

export function decodeShape(schema: FieldSchema | undefined): DecodeShape {
  if (schema === undefined) return FREE_SHAPE;
  let shape = shapes.get(schema);
  if (shape === undefined) shapes.set(schema, (shape = shapeOf(schema)));
  return shape;
}

function shapeOf(schema: FieldSchema): DecodeShape {
  if (schema.opaque === true || schema.intOrString === true) return OPAQUE_SHAPE;
  const properties = schema.properties;
  if (properties !== undefined) {
    const withEmbedded = schema.embeddedResource === true ? { ...EMBEDDED_RESOURCE_FIELDS, ...properties } : properties;
    return { kind: 'struct', properties: withEmbedded, allowUnknown: schema.preserveUnknownFields === true };
  }
  const additional = schema.additionalProperties;
  if (typeof additional === 'object') return { kind: 'map', values: additional };
  if (additional === true || schema.preserveUnknownFields === true) return FREE_SHAPE;
  const items = schema.items;
  if (items !== undefined || schema.type === 'array') return { kind: 'list', items };
  if (schema.type === 'object') {
    return { kind: 'struct', properties: schema.embeddedResource === true ? EMBEDDED_RESOURCE_FIELDS : {}, allowUnknown: false };
  }
  return OPAQUE_SHAPE;
}

/** The schema of a struct field or map value below `shape`, or undefined for interface{}. */
export function childSchema(shape: DecodeShape, key: string): { known: boolean; schema: FieldSchema | undefined } {
  switch (shape.kind) {
    case 'struct': {
      const field = Object.hasOwn(shape.properties, key) ? shape.properties[key] : undefined;
      return { known: field !== undefined || shape.allowUnknown, schema: field };
    }
    case 'map':
      return { known: true, schema: shape.values };
    default:
      return { known: true, schema: undefined };
  }
}

/** `a` + `b` → `a.b`, as sigs.k8s.io/json builds its strict field paths. */
export function joinFieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Paths of the unknown fields of an already-parsed object, in key order (duplicates cannot be seen
 * after JSON.parse; use strictDecodingErrors on the body text for upstream's exact ordering).
 */
export function findUnknownFields(object: unknown, schema: FieldSchema): string[] {
  return walkUnknownFields(object, schema, false);
}

/** Like findUnknownFields, and deletes those fields from `object`, as Go's typed decoding drops them. */
export function pruneUnknownFields(object: unknown, schema: FieldSchema): string[] {
  return walkUnknownFields(object, schema, true);
}

function walkUnknownFields(object: unknown, schema: FieldSchema, remove: boolean): string[] {
  const found: string[] = [];
  const walk = (value: unknown, fieldSchema: FieldSchema | undefined, path: string): void => {
    // Scalars, most values, hold no fields.
    if (typeof value !== 'object' || value === null) return;
    const shape = decodeShape(fieldSchema);
    if (shape.kind === 'opaque') return;
    if (Array.isArray(value)) {
      const items = shape.kind === 'list' ? shape.items : undefined;
      value.forEach((item, i) => walk(item, items, `${path}[${i}]`));
      return;
    }
    if (shape.kind === 'list') return;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const { known, schema: nested } = childSchema(shape, key);
      if (known) {
        walk(record[key], nested, joinFieldPath(path, key));
        continue;
      }
      if (found.length < MAX_STRICT_ERRORS) found.push(joinFieldPath(path, key));
      if (remove) delete record[key];
    }
  };
  walk(object, schema, '');
  return found;
}

/** Go's strconv.Quote for the strings that occur in field paths. */
export function goQuote(text: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (named[ch] !== undefined) out += named[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

export function unknownFieldMessage(path: string): string {
  return `unknown field ${goQuote(path)}`;
}

export function duplicateFieldMessage(path: string): string {
  return `duplicate field ${goQuote(path)}`;
}

/**
 * kube-apiserver's 400 message for a body that fails strict decoding, e.g.
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown
 * field "spec.x"`. `errors` are the messages (unknownFieldMessage/duplicateFieldMessage/strictDecodingErrors).
 */
export function upstreamStrictDecodingMessage(kind: string, apiVersion: string, errors: readonly string[]): string {
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  return `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: strict decoding error: ${errors.join(', ')}`;
}
