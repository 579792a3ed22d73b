/**
 * CRD validation rules (`x-kubernetes-validations`), evaluated as apiextensions-apiserver's
 * schema/cel validator does, with @bufbuild/cel (Buf's CEL evaluator for ECMAScript):
 *
 * - every rule of a schema node runs against that node's value as `self` (null values are not
 *   validated); at the resource root `self` is the object with only `apiVersion`, `kind` and
 *   `metadata.name`/`metadata.generateName` of its metadata;
 * - values are typed by the schema: `integer` (and the integer side of int-or-string) is a CEL
 *   int, `number` a double, objects and maps are CEL maps, arrays lists;
 * - transition rules (those naming `oldSelf`) run only on updates where the node has an old value:
 *   through properties and map keys, and list items of `x-kubernetes-list-type` map (by key) or set
 *   (by value); atomic list items have none;
 * - a false rule gives `<path>: Invalid value: "<schema type>": <message>`, where the message is
 *   `messageExpression`'s value, else `message`, else `failed rule: <rule>`; `reason` picks
 *   Forbidden/Required/Duplicate instead of Invalid, and `fieldPath` is appended to the path;
 * - an evaluation error gives `<error> evaluating rule: <message or rule>`;
 * - ratcheting (CRDValidationRatcheting): a failing non-transition rule on a node whose value did
 *   not change in an update is not an error (upstream turns it into a warning).
 *
 * Not done: the compile-time type check and cost estimates (the evaluator has no checker for
 * schema-typed variables, so a misspelled field fails when evaluated, not when the CRD is
 * created), `optionalOldSelf` (such rules are skipped without an old value), and the Kubernetes
 * CEL library beyond the strings extension (quantity, url, ip, cidr, format, lists).
 */
import { celEnv, isCelError, parse, plan, type CelInput, type CelResult } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { isPlainObject as isObject, jsonEqual } from '../object.js';
import type { FieldError } from '../validation/field-error.js';
import { properties, sub } from './schema.js';
import type { JsonSchema } from './types.js';

type Json = unknown;

interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

interface CompiledRule {
  evaluate(bindings: Record<string, CelInput>): CelResult;
  usesOldSelf: boolean;
}

const env = celEnv({ funcs: strings });
const compiled = new Map<string, CompiledRule | Error>();

/** Parses and plans a rule once per distinct text; a syntax error comes back as an Error. */
export function compileRule(rule: string): CompiledRule | Error {
  let entry = compiled.get(rule);
  if (!entry) {
    try {
      const evaluate = plan(env, parse(rule)) as CompiledRule['evaluate'];
      entry = { evaluate, usesOldSelf: /\boldSelf\b/.test(rule) };
    } catch (error) {
      entry = error instanceof Error ? error : new Error(String(error));
    }
    compiled.set(rule, entry);
  }
  return entry;
}

function rulesOf(schema: JsonSchema): ValidationRule[] {
  const rules = schema['x-kubernetes-validations'];
  return Array.isArray(rules) ? rules.filter((r): r is ValidationRule => isObject(r) && typeof r.rule === 'string') : [];
}

/** Whether each schema node has rules at or below it; schemas live as long as their CRD version. */
const rulesBelow = new WeakMap<JsonSchema, boolean>();

/** True when the schema or any schema below it carries validation rules (walked once per node). */
export function hasValidationRules(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  let found = rulesBelow.get(schema);
  if (found === undefined) {
    found =
      rulesOf(schema).length > 0 ||
      Object.values(properties(schema)).some((p) => isObject(p) && hasValidationRules(p)) ||
      hasValidationRules(sub(schema, 'items')) ||
      hasValidationRules(sub(schema, 'additionalProperties'));
    rulesBelow.set(schema, found);
  }
  return found;
}

/** A JSON value as CEL sees it through its schema: integers as CEL ints (bigint), objects as maps. */
export function celValue(value: Json, schema: JsonSchema | undefined): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    const integral = schema?.type === 'integer' || (schema?.type === undefined && Number.isInteger(value));
    return integral && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = schema ? sub(schema, 'items') : undefined;
    return value.map((item) => celValue(item, items));
  }
  const props = schema ? properties(schema) : {};
  const additional = schema ? sub(schema, 'additionalProperties') : undefined;
  const entries = new Map<string, CelInput>();
  for (const [key, member] of Object.entries(value as Record<string, Json>)) {
    entries.set(key, celValue(member, props[key] ?? additional));
  }
  return entries;
}

/** The resource root as rules see it: TypeMeta and only name/generateName of the metadata. */
function rootValue(object: Record<string, Json>, schema: JsonSchema): CelInput {
  const view: Record<string, Json> = { ...object };
  if (isObject(object.metadata)) {
    const metadata: Record<string, Json> = {};
    if (object.metadata.name !== undefined) metadata.name = object.metadata.name;
    if (object.metadata.generateName !== undefined) metadata.generateName = object.metadata.generateName;
    view.metadata = metadata;
  }
  return celValue(view, schema);
}

function schemaType(schema: JsonSchema): string {
  return typeof schema.type === 'string' ? schema.type : '';
}

function ruleErrorString(rule: ValidationRule): string {
  return rule.message?.trim() || rule.rule.trim();
}

function ruleMessageOrDefault(rule: ValidationRule): string {
  return rule.message?.trim() ? rule.message.trim() : `failed rule: ${ruleErrorString(rule)}`;
}

function celErrorText(result: CelResult): string {
  const message = (result as { message?: unknown }).message;
  return typeof message === 'string' ? message : String(result);
}

/** Upstream's field.Path of the resource root prints as `<nil>`; paths are `''` for it here. */
function fieldOf(path: string): string {
  return path === '' ? '<nil>' : path;
}

function join(path: string, child: string): string {
  return path === '' ? child : `${path}.${child}`;
}

/** `fieldPath` (a JSON path such as `.spec.replicas` or `['key']`) below the rule's node. */
function withFieldPath(path: string, fieldPath: string | undefined): string {
  if (!fieldPath) return path;
  const normalized = fieldPath.replace(/\['((?:[^'\\]|\\.)*)'\]/g, '[$1]').replace(/^\./, '');
  if (path === '') return normalized;
  return normalized.startsWith('[') ? `${path}${normalized}` : `${path}.${normalized}`;
}

function errorForReason(field: string, type: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return { type: 'FieldValueForbidden', field, detail };
    case 'FieldValueRequired':
      return { type: 'FieldValueRequired', field, detail };
    case 'FieldValueDuplicate':
      return { type: 'FieldValueDuplicate', field, badValue: type };
    default:
      return { type: 'FieldValueInvalid', field, badValue: type, detail };
  }
}

/**
 * Errors of every validation rule in `schema` for `object` (and `old` on updates). Paths are
 * upstream's: the resource root is `<nil>`, its fields `spec`, `spec.items[0]`, `spec.labels[a]`.
 */
export function validateRules(object: Json, schema: JsonSchema | undefined, old?: Json): FieldError[] {
  const errors: FieldError[] = [];
  if (schema && hasValidationRules(schema)) validateNode(object, old, schema, '', true, errors);
  return errors;
}

function validateNode(value: Json, old: Json, schema: JsonSchema, path: string, root: boolean, errors: FieldError[]): void {
  if (value === null || value === undefined) return;
  const rules = rulesOf(schema);
  if (rules.length > 0) {
    const type = schemaType(schema);
    const toCel = (v: Json): CelInput => (root && isObject(v) ? rootValue(v, schema) : celValue(v, schema));
    const hasOld = old !== undefined && old !== null;
    const bindings: Record<string, CelInput> = { self: toCel(value) };
    for (const rule of rules) {
      const program = compileRule(rule.rule);
      if (program instanceof Error) {
        errors.push({ type: 'FieldValueInvalid', field: fieldOf(path), badValue: type, detail: `rule compile error: ${program.message}` });
        continue;
      }
      if (program.usesOldSelf) {
        if (!hasOld) continue;
        bindings.oldSelf ??= toCel(old);
      }
      const result = program.evaluate(bindings);
      if (isCelError(result)) {
        errors.push({ type: 'FieldValueInvalid', field: fieldOf(path), badValue: type, detail: `${celErrorText(result)} evaluating rule: ${ruleErrorString(rule)}` });
        continue;
      }
      if (result === true) continue;
      if (!program.usesOldSelf && old !== undefined && jsonEqual(value, old)) continue;
      let detail = ruleMessageOrDefault(rule);
      if (typeof rule.messageExpression === 'string' && rule.messageExpression !== '') {
        const messageProgram = compileRule(rule.messageExpression);
        const message = messageProgram instanceof Error ? undefined : messageProgram.evaluate(bindings);
        if (typeof message === 'string' && message.trim() !== '' && !message.includes('\n')) detail = message.trim();
      }
      errors.push(errorForReason(fieldOf(withFieldPath(path, rule.fieldPath)), type, detail, rule.reason));
    }
  }
  if (Array.isArray(value)) validateItems(value, Array.isArray(old) ? old : undefined, schema, path, errors);
  else if (isObject(value)) validateMembers(value, isObject(old) ? old : undefined, schema, path, root, errors);
}

function validateMembers(value: Record<string, Json>, old: Record<string, Json> | undefined, schema: JsonSchema, path: string, root: boolean, errors: FieldError[]): void {
  const props = properties(schema);
  const additional = sub(schema, 'additionalProperties');
  for (const key of Object.keys(value)) {
    // The root's metadata is ObjectMeta, validated as such, never by schema rules.
    if (root && key === 'metadata') continue;
    const named = props[key];
    const child = named ?? additional;
    if (!child) continue;
    const childPath = named ? join(path, key) : `${path}[${key}]`;
    validateNode(value[key], old?.[key], child, childPath, false, errors);
  }
}

function validateItems(value: Json[], old: Json[] | undefined, schema: JsonSchema, path: string, errors: FieldError[]): void {
  const items = sub(schema, 'items');
  if (!items || !hasValidationRules(items)) return;
  const listType = schema['x-kubernetes-list-type'];
  const mapKeys = Array.isArray(schema['x-kubernetes-list-map-keys']) ? (schema['x-kubernetes-list-map-keys'] as unknown[]).filter((k): k is string => typeof k === 'string') : [];
  const correlate = (item: Json): Json => {
    if (!old) return undefined;
    if (listType === 'set') return old.find((o) => jsonEqual(o, item));
    if (listType === 'map' && isObject(item)) return old.find((o) => isObject(o) && mapKeys.every((k) => jsonEqual(o[k], item[k])));
    return undefined;
  };
  value.forEach((item, i) => validateNode(item, correlate(item), items, `${path}[${i}]`, false, errors));
}
