/**
 * Static checks of a CRD's openAPIV3Schema, as apiextensions-apiserver runs them on CRD writes:
 * the supported keywords (ValidateCustomResourceDefinitionOpenAPISchema), the structural schema
 * invariants (schema/validation.go validateStructuralInvariants) and the list/map type rules.
 */
import { isPlainObject } from '../object.js';
import type { FieldError } from '../validation/field-error.js';
import { forbidden, invalid, notSupported, required } from '../validation/errors.js';
import type { JsonSchema } from './types.js';
import { compileRule } from './validation-rules.js';

type Level = 'root' | 'field' | 'item';

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const UNSUPPORTED: [string, string][] = [
  ['id', 'id is not supported'],
  ['additionalItems', 'additionalItems is not supported'],
  ['patternProperties', 'patternProperties is not supported'],
  ['definitions', 'definitions is not supported'],
  ['dependencies', 'dependencies is not supported'],
  ['$ref', '$ref is not supported'],
];

function props(s: JsonSchema): Record<string, JsonSchema> {
  return (isPlainObject(s.properties) ? s.properties : {}) as Record<string, JsonSchema>;
}

/** Every problem of one version's schema; `path` is e.g. `spec.validation.openAPIV3Schema`. */
export function validateCrdSchema(schema: JsonSchema, path: string, statusEnabled: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (statusEnabled && schema.type !== undefined && schema.type !== 'object') {
    errors.push(invalid(`${path}.type`, schema.type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled'));
  }
  if (schema.nullable === true) errors.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  walk(schema, path, 'root', false, errors);
  return errors;
}

function walk(s: JsonSchema, path: string, level: Level, insideMeta: boolean, errors: FieldError[]): void {
  const type = s.type;
  if (type !== undefined && (typeof type !== 'string' || !OPENAPI_TYPES.includes(type))) {
    if (type === 'null') errors.push(forbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'));
    else errors.push(notSupported(`${path}.type`, type, OPENAPI_TYPES));
  }
  for (const [key, detail] of UNSUPPORTED) if (s[key] !== undefined) errors.push(forbidden(`${path}.${key}`, detail));
  if (s.uniqueItems === true) errors.push(forbidden(`${path}.uniqueItems`, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  if (Array.isArray(s.items)) errors.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  if (isPlainObject(s.properties) && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    errors.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) errors.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (intOrString && preserve) errors.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (intOrString && embedded) errors.push(invalid(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (embedded && insideMeta) errors.push(forbidden(`${path}.x-kubernetes-embedded-resource`, 'must not be used inside of resource meta'));
  listTypeRules(s, path, errors);
  validateRuleSyntax(s, path, errors);
  if (type === 'array' && s.items === undefined) errors.push(required(`${path}.items`, 'must be specified'));
  if (isPlainObject(s.items)) walk(s.items, `${path}.items`, 'item', insideMeta, errors);
  for (const [key, child] of Object.entries(props(s))) {
    if (isPlainObject(child)) walk(child, `${path}.properties[${key}]`, 'field', insideMeta || ((level === 'root' || embedded) && key === 'metadata'), errors);
  }
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    if (level === 'root') errors.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
    if (isPlainObject(s.additionalProperties)) walk(s.additionalProperties, `${path}.additionalProperties`, 'field', insideMeta, errors);
  }
  if (embedded && type !== 'object') {
    if (type === undefined) errors.push(required(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true'));
    else errors.push(invalid(`${path}.type`, type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (type === undefined && !intOrString && !preserve) {
    const detail = level === 'root' ? 'must not be empty at the root' : level === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    errors.push(required(`${path}.type`, detail));
  }
  if (embedded && s.additionalProperties !== undefined) errors.push(forbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'));
  if (level === 'root' && typeof type === 'string' && type !== 'object') errors.push(invalid(`${path}.type`, type, 'must be object at the root'));
  const checkMetadata = level === 'root' || embedded;
  const metadata = props(s).metadata;
  if (metadata) {
    if (checkMetadata && metadata.type !== 'object') errors.push(invalid(`${path}.properties[metadata].type`, metadata.type ?? '', 'must be object'));
    if (level === 'root') {
      const extra = Object.keys(metadata).filter((k) => !['type', 'default', 'properties'].includes(k));
      const names = Object.keys(props(metadata)).filter((k) => k !== 'name' && k !== 'generateName');
      if (extra.length > 0 || names.length > 0) {
        errors.push(forbidden(`${path}.properties[metadata]`, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
      }
    }
  }
  if (embedded && !preserve && Object.keys(props(s)).length === 0) {
    errors.push(required(`${path}.properties`, 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
  if (typeof s.pattern === 'string') {
    try {
      new RegExp(s.pattern, 'u');
    } catch (err) {
      errors.push(invalid(`${path}.pattern`, s.pattern, `must be a valid regular expression, but isn't: ${(err as Error).message}`));
    }
  }
}

function listTypeRules(s: JsonSchema, path: string, errors: FieldError[]): void {
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    if (s.type === undefined) errors.push(required(`${path}.type`, 'must be object if x-kubernetes-map-type is specified'));
    else if (s.type !== 'object') errors.push(invalid(`${path}.type`, s.type, 'must be object if x-kubernetes-map-type is specified'));
    if (mapType !== 'atomic' && mapType !== 'granular') errors.push(notSupported(`${path}.x-kubernetes-map-type`, mapType, ['atomic', 'granular']));
  }
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'];
  if (listType !== undefined) {
    if (s.type === undefined) errors.push(required(`${path}.type`, 'must be array if x-kubernetes-list-type is specified'));
    else if (s.type !== 'array') errors.push(invalid(`${path}.type`, s.type, 'must be array if x-kubernetes-list-type is specified'));
    if (listType !== 'atomic' && listType !== 'set' && listType !== 'map') errors.push(notSupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
    const items = isPlainObject(s.items) ? s.items : undefined;
    if (listType === 'set' && items && (items.type === 'object' || items.type === 'array')) {
      const itemList = items['x-kubernetes-list-type'];
      const itemMap = items['x-kubernetes-map-type'];
      if (items.type === 'array' && itemList !== 'atomic') errors.push(invalid(`${path}.items.x-kubernetes-list-type`, itemList ?? '', 'must be atomic as item of a list with x-kubernetes-list-type=set'));
      if (items.type === 'object' && itemMap !== 'atomic') errors.push(invalid(`${path}.items.x-kubernetes-map-type`, itemMap ?? '', 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  if (Array.isArray(keys) && keys.length > 0) {
    if (listType === undefined) errors.push(required(`${path}.x-kubernetes-list-type`, 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (listType !== 'map') errors.push(invalid(`${path}.x-kubernetes-list-type`, listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (listType === 'map') {
    if (!Array.isArray(keys) || keys.length === 0) errors.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
    const items = isPlainObject(s.items) ? s.items : undefined;
    if (!items) errors.push(required(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map'));
    else if (items.type !== 'object') errors.push(invalid(`${path}.items.type`, items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
    else if (Array.isArray(keys)) {
      const itemProps = props(items);
      if (!keys.every((k) => typeof k === 'string' && itemProps[k] !== undefined)) errors.push(invalid(`${path}.x-kubernetes-list-map-keys`, keys, 'entries must all be names of item properties'));
      if (new Set(keys).size !== keys.length) errors.push(invalid(`${path}.x-kubernetes-list-map-keys`, keys, 'must not contain duplicate entries'));
      const req = Array.isArray(items.required) ? items.required : [];
      for (const k of keys) {
        if (typeof k !== 'string' || !itemProps[k]) continue;
        if (itemProps[k].default === undefined && !req.includes(k)) {
          errors.push(required(`${path}.items.properties[${k}].default`, 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
        }
      }
    }
  }
}

/** Each validation rule (and messageExpression) must parse as CEL; semantics are checked on use. */
function validateRuleSyntax(s: JsonSchema, path: string, errors: FieldError[]): void {
  const rules = s['x-kubernetes-validations'];
  if (rules === undefined) return;
  if (!Array.isArray(rules)) {
    errors.push(invalid(`${path}.x-kubernetes-validations`, rules, 'must be a list of validation rules'));
    return;
  }
  rules.forEach((rule: unknown, i) => {
    const at = `${path}.x-kubernetes-validations[${i}]`;
    const r = (rule ?? {}) as { rule?: unknown; messageExpression?: unknown };
    if (typeof r.rule !== 'string' || r.rule.trim() === '') {
      errors.push(required(`${at}.rule`, ''));
      return;
    }
    const compiledRule = compileRule(r.rule);
    if (compiledRule instanceof Error) errors.push(invalid(`${at}.rule`, r.rule, `compilation failed: ${compiledRule.message}`));
    if (typeof r.messageExpression === 'string' && r.messageExpression !== '') {
      const compiledMessage = compileRule(r.messageExpression);
      if (compiledMessage instanceof Error) errors.push(invalid(`${at}.messageExpression`, r.messageExpression, `messageExpression compilation failed: ${compiledMessage.message}`));
    }
  });
}
