/**
 * A custom resource's openAPIV3Schema applied to objects, as apiextensions-apiserver does on every
 * write: pruning of unknown fields (pruning/algorithm.go), defaulting (defaulting/algorithm.go,
 * prunenulls.go) and validation with kube-openapi's messages (apiserver/validation), plus
 * x-kubernetes-list-type uniqueness (schema/listtype). Schemas are walked raw (JSONSchemaProps
 * JSON), since CRD schemas are structural: no $ref, types on every node.
 *
 * CEL `x-kubernetes-validations` rules are evaluated in validation-rules.ts. Not enforced here:
 * some formats (see formats.ts), and ratcheting of schema (non-rule) errors on updates.
 */
import { isPlainObject, jsonEqual } from '../object.js';
import { goFormatFloat } from '../printers/crd.js';
import type { FieldError } from '../validation/field-error.js';
import { duplicate, invalid, notSupported, required, tooLong, tooMany } from '../validation/errors.js';
import { GoLiteral, goQuote } from '../validation/go-value.js';
import { isDNS1035Label } from '../validation/names.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { matchesFormat } from './formats.js';
import type { JsonSchema } from './types.js';

type Json = unknown;

/** A sub-schema under `key` (properties, items, additionalProperties), if it is one. */
export function sub(schema: JsonSchema, key: string): JsonSchema | undefined {
  const v = schema[key];
  return isPlainObject(v) ? v : undefined;
}

export function properties(schema: JsonSchema): Record<string, JsonSchema> {
  const p = sub(schema, 'properties');
  return (p ?? {}) as Record<string, JsonSchema>;
}

function flag(schema: JsonSchema | undefined, key: string): boolean {
  return schema?.[key] === true;
}

function childPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** What a root object always keeps besides its schema's properties. */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

// ---- pruning ----

/** Drops fields the schema does not specify (in place). `root` keeps apiVersion/kind/metadata. */
export function pruneObject(value: Json, schema: JsonSchema | undefined, root = true): void {
  if (!schema) return;
  prune(value, schema, root);
}

function prune(value: Json, schema: JsonSchema, isRoot: boolean): void {
  if (flag(schema, 'x-kubernetes-int-or-string')) return;
  if (Array.isArray(value)) {
    const items = sub(schema, 'items');
    if (items) for (const item of value) prune(item, items, false);
    return;
  }
  if (!isPlainObject(value)) return;
  const props = properties(schema);
  const additional = schema.additionalProperties;
  const preserve = flag(schema, 'x-kubernetes-preserve-unknown-fields');
  const embedded = flag(schema, 'x-kubernetes-embedded-resource');
  for (const key of Object.keys(value)) {
    const known = props[key];
    if (known) {
      prune(value[key], known, false);
      continue;
    }
    if ((isRoot || embedded) && ROOT_FIELDS.has(key)) continue;
    if (isPlainObject(additional)) {
      prune(value[key], additional, false);
      continue;
    }
    if (preserve || additional === true) continue;
    delete value[key];
  }
}

// ---- defaulting ----

/** Applies `default`s of absent (or null, non-nullable) fields, and drops other non-nullable nulls. */
export function applySchemaDefaults(value: Json, schema: JsonSchema | undefined): void {
  if (schema) applyDefaults(value, schema);
}

function applyDefaults(value: Json, schema: JsonSchema): void {
  if (Array.isArray(value)) {
    const items = sub(schema, 'items');
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === null && items.default !== undefined && !flag(items, 'nullable')) value[i] = structuredClone(items.default);
      applyDefaults(value[i], items);
    }
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, prop] of Object.entries(properties(schema))) {
    const current = value[key];
    if (prop.default !== undefined && (current === undefined || (current === null && !flag(prop, 'nullable')))) {
      value[key] = structuredClone(prop.default);
    } else if (current === null && !flag(prop, 'nullable')) {
      delete value[key];
    }
  }
  const additional = sub(schema, 'additionalProperties');
  for (const [key, child] of Object.entries(value)) {
    const childSchema = properties(schema)[key] ?? additional;
    if (childSchema) applyDefaults(child, childSchema);
  }
}

// ---- validation ----

/** Go's %#v of a map[string]interface{} decoded from JSON (keys sorted). */
function goInterfaceMap(map: Record<string, unknown>): GoLiteral {
  const entries = Object.keys(map).sort().map((k) => {
    const v = map[k];
    const text = typeof v === 'string' ? goQuote(v) : typeof v === 'number' ? goNumber(v) : JSON.stringify(v);
    return `${goQuote(k)}:${text}`;
  });
  return new GoLiteral(`map[string]interface {}{${entries.join(', ')}}`);
}

/** go-openapi's name of a JSON value's type in messages. */
function typeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function matchesType(type: string, value: Json): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** Go's %v of a JSON number in a message. */
function goNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : goFormatFloat(n);
}

/**
 * Validates `value` against `schema`; field paths start at `path` (`''` for the whole object, so
 * errors read `spec.replicas`). Messages are kube-openapi's, mapped to field errors as
 * kubeOpenAPIResultToFieldErrors does.
 */
export function validateValue(value: Json, schema: JsonSchema | undefined, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (schema) validateNode(value, schema, path, errors);
  // Upstream checks list-type uniqueness after the schema validator: its Duplicate errors come last.
  return [...errors.filter((e) => e.type !== 'FieldValueDuplicate'), ...errors.filter((e) => e.type === 'FieldValueDuplicate')];
}

function validateNode(value: Json, schema: JsonSchema, path: string, errors: FieldError[]): void {
  const name = path === '' ? '' : path;
  const at = (detail: string, bad: unknown): void => void errors.push(invalid(name, bad, `${name} in body ${detail}`));
  if (value === null) {
    if (flag(schema, 'nullable') || schema.type === undefined) return;
    errors.push({ type: 'FieldValueTypeInvalid', field: name, badValue: 'null', detail: `${name} in body must be of type ${String(schema.type)}: "null"` });
    return;
  }
  if (flag(schema, 'x-kubernetes-int-or-string')) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      errors.push({ type: 'FieldValueTypeInvalid', field: name, badValue: typeName(value), detail: `${name} in body must be of type integer,string: "${typeName(value)}"` });
      return;
    }
  } else if (typeof schema.type === 'string' && !matchesType(schema.type, value)) {
    errors.push({ type: 'FieldValueTypeInvalid', field: name, badValue: typeName(value), detail: `${name} in body must be of type ${schema.type}: "${typeName(value)}"` });
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => jsonEqual(e, value))) {
    errors.push(notSupported(name, value, schema.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }
  if (typeof value === 'string') {
    const maxLength = num(schema.maxLength);
    const minLength = num(schema.minLength);
    const length = [...value].length;
    // kube-openapi's stringValidator stops at the first failure: maxLength, minLength, pattern.
    if (maxLength !== undefined && length > maxLength) errors.push(tooLong(name, maxLength));
    else if (minLength !== undefined && length < minLength) at(`should be at least ${minLength} chars long`, value);
    else if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) at(`should match '${schema.pattern}'`, value);
    if (typeof schema.format === 'string' && !matchesFormat(schema.format, value)) {
      errors.push({ type: 'FieldValueTypeInvalid', field: name, badValue: value, detail: `${name} in body must be of type ${schema.format}: ${goQuote(value)}` });
    }
  } else if (typeof value === 'number') {
    validateNumber(value, schema, name, errors, at);
  } else if (Array.isArray(value)) {
    validateArray(value, schema, name, errors, at);
  } else if (isPlainObject(value)) {
    validateObjectNode(value, schema, name, errors, at);
  }
}

/**
 * kube-openapi's numberValidator. An integral value is checked as an int64 against bounds and a
 * factor truncated to integers (MultipleOfNativeType, MaximumNativeType), as upstream does.
 */
function validateNumber(value: number, schema: JsonSchema, name: string, errors: FieldError[], at: (detail: string, bad: unknown) => void): void {
  const integral = Number.isInteger(value);
  const bound = (n: number): number => (integral ? Math.trunc(n) : n);
  const multipleOf = num(schema.multipleOf);
  if (multipleOf !== undefined) {
    const factor = bound(multipleOf);
    if (factor <= 0) errors.push(invalid(name, value, `factor MultipleOf declared for ${name} must be positive: ${goNumber(factor)}`));
    else if (!Number.isInteger(value / factor)) at(`should be a multiple of ${goNumber(factor)}`, value);
  }
  const maximum = num(schema.maximum);
  const minimum = num(schema.minimum);
  if (maximum !== undefined) {
    const max = bound(maximum);
    if (schema.exclusiveMaximum === true ? value >= max : value > max) {
      at(schema.exclusiveMaximum === true ? `should be less than ${goNumber(max)}` : `should be less than or equal to ${goNumber(max)}`, value);
    }
  }
  if (minimum !== undefined) {
    const min = bound(minimum);
    if (schema.exclusiveMinimum === true ? value <= min : value < min) {
      at(schema.exclusiveMinimum === true ? `should be greater than ${goNumber(min)}` : `should be greater than or equal to ${goNumber(min)}`, value);
    }
  }
}

function validateArray(value: Json[], schema: JsonSchema, name: string, errors: FieldError[], at: (detail: string, bad: unknown) => void): void {
  const maxItems = num(schema.maxItems);
  const minItems = num(schema.minItems);
  if (minItems !== undefined && value.length < minItems) at(`should have at least ${minItems} items`, value.length);
  if (maxItems !== undefined && value.length > maxItems) errors.push(tooMany(name, value.length, maxItems));
  const items = sub(schema, 'items');
  if (items) value.forEach((item, i) => validateNode(item, items, `${name}[${i}]`, errors));
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set') {
    value.forEach((item, i) => {
      if (value.findIndex((other) => jsonEqual(other, item)) < i) errors.push(duplicate(`${name}[${i}]`, item));
    });
  } else if (listType === 'map' && Array.isArray(schema['x-kubernetes-list-map-keys'])) {
    const keys = schema['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string');
    // Defaults were applied before validation, so the keys present are the keys (listtype/validation.go).
    const keyOf = (item: Json): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      if (isPlainObject(item)) for (const k of keys) if (item[k] !== undefined) out[k] = item[k];
      return out;
    };
    value.forEach((item, i) => {
      const k = keyOf(item);
      if (value.slice(0, i).some((other) => jsonEqual(keyOf(other), k))) errors.push(duplicate(`${name}[${i}]`, goInterfaceMap(k)));
    });
  }
}

function validateObjectNode(value: Record<string, unknown>, schema: JsonSchema, name: string, errors: FieldError[], at: (detail: string, bad: unknown) => void): void {
  const count = Object.keys(value).length;
  const minProperties = num(schema.minProperties);
  const maxProperties = num(schema.maxProperties);
  if (minProperties !== undefined && count < minProperties) at(`should have at least ${minProperties} properties`, count);
  if (maxProperties !== undefined && count > maxProperties) errors.push(tooMany(name, count, maxProperties));
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key === 'string' && value[key] === undefined) errors.push(required(childPath(name, key)));
    }
  }
  const props = properties(schema);
  const additional = sub(schema, 'additionalProperties');
  for (const key of Object.keys(value).sort()) {
    const child = props[key] ?? additional;
    // metadata, apiVersion and kind of (embedded) objects are checked as ObjectMeta/TypeMeta elsewhere.
    if (child && !(key === 'metadata' && (name === '' || flag(schema, 'x-kubernetes-embedded-resource')))) {
      validateNode(value[key], child, childPath(name, key), errors);
    }
  }
  if (flag(schema, 'x-kubernetes-embedded-resource')) errors.push(...validateEmbeddedResource(value, name));
}

/** schema/objectmeta validateEmbeddedResource: TypeMeta present and well-formed, ObjectMeta valid. */
function validateEmbeddedResource(value: Record<string, unknown>, name: string): FieldError[] {
  const errors: FieldError[] = [];
  const apiVersion = childPath(name, 'apiVersion');
  const kind = childPath(name, 'kind');
  if (value.apiVersion === undefined) errors.push(required(apiVersion, 'must not be empty'));
  else if (typeof value.apiVersion !== 'string') errors.push(invalid(apiVersion, value.apiVersion, 'must be a string'));
  else if (value.apiVersion === '') errors.push(invalid(apiVersion, '', 'must not be empty'));
  else if (value.apiVersion.split('/').length > 2) errors.push(invalid(apiVersion, value.apiVersion, `unexpected GroupVersion string: ${value.apiVersion}`));
  if (value.kind === undefined) errors.push(required(kind, 'must not be empty'));
  else if (typeof value.kind !== 'string') errors.push(invalid(kind, value.kind, 'must be a string'));
  else if (value.kind === '') errors.push(invalid(kind, '', 'must not be empty'));
  else if (isDNS1035Label(value.kind.toLowerCase()).length > 0) {
    errors.push(invalid(kind, value.kind, `may have mixed case, but should otherwise match: ${isDNS1035Label(value.kind.toLowerCase()).join(',')}`));
  }
  if (isPlainObject(value.metadata)) {
    const meta: Record<string, unknown> = { ...value.metadata, name: value.metadata.name || 'fakename' };
    const namespaced = typeof meta.namespace === 'string' && meta.namespace !== '';
    errors.push(...validateObjectMeta(meta, { namespaced, nameValidation: 'path' }, childPath(name, 'metadata')));
  }
  return errors;
}
