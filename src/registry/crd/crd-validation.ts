/**
 * CustomResourceDefinition create/update validation with upstream's field paths and messages
 * (apiextensions-apiserver pkg/apis/apiextensions/validation). Paths follow the internal version
 * upstream validates: when every version carries the same schema (always so with one version), it
 * is reported under `spec.validation.openAPIV3Schema`, likewise subresources/columns at spec level.
 */
import { isPlainObject, jsonEqual } from '../object.js';
import type { FieldError } from '../validation/field-error.js';
import { duplicate, invalid, notSupported, required } from '../validation/errors.js';
import { GoLiteral, goQuote } from '../validation/go-value.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../validation/names.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { validateCrdSchema } from './schema-validation.js';
import type { CrdSpec, CrdVersion, CustomResourceDefinition, JsonSchema } from './types.js';

const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const API_APPROVED = 'api-approved.kubernetes.io';

/** Upstream hoists a per-version field to spec level when every version has the same value. */
function hoisted<T>(versions: CrdVersion[], pick: (v: CrdVersion) => T | undefined): boolean {
  if (versions.length === 0) return false;
  const first = pick(versions[0]!);
  return first !== undefined && versions.every((v) => jsonEqual(pick(v), first));
}

function schemaOf(v: CrdVersion): JsonSchema | undefined {
  return v.schema?.openAPIV3Schema;
}

export function validateCrd(crd: CustomResourceDefinition): FieldError[] {
  const spec = (isPlainObject(crd.spec) ? crd.spec : {}) as CrdSpec;
  const errors: FieldError[] = [];
  errors.push(...validateObjectMeta(crd.metadata, { namespaced: false, nameValidation: 'dns1123Subdomain' }));
  const requiredName = `${names(spec).plural ?? ''}.${spec.group ?? ''}`;
  if (crd.metadata.name !== undefined && crd.metadata.name !== requiredName) {
    errors.push(invalid('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  errors.push(...validateSpec(spec));
  errors.push(...validateStoredVersions(crd));
  errors.push(...validateApproval(crd, spec));
  return errors;
}

export function validateCrdUpdate(crd: CustomResourceDefinition, old: CustomResourceDefinition): FieldError[] {
  // validateCustomResourceDefinitionUpdate: metadata update rules instead of the create ones.
  const errors = [...validateObjectMetaUpdate(crd.metadata, old.metadata), ...validateCrd(crd).filter((e) => !e.field.startsWith('metadata.') || e.field === 'metadata.name')];
  const spec = (isPlainObject(crd.spec) ? crd.spec : {}) as CrdSpec;
  const oldSpec = (isPlainObject(old.spec) ? old.spec : {}) as CrdSpec;
  // Established CRDs keep what their storage depends on.
  if ((old.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')) {
    errors.push(...validateImmutableField(spec.scope, oldSpec.scope, 'spec.scope'));
    errors.push(...validateImmutableField(names(spec).kind, names(oldSpec).kind, 'spec.names.kind'));
  }
  errors.push(...validateImmutableField(spec.group, oldSpec.group, 'spec.group'));
  errors.push(...validateImmutableField(names(spec).plural, names(oldSpec).plural, 'spec.names.plural'));
  return errors;
}

function validateSpec(spec: CrdSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (!spec.group) errors.push(required('spec.group'));
  else if (isDNS1123Subdomain(spec.group).length > 0) errors.push(invalid('spec.group', spec.group, isDNS1123Subdomain(spec.group).join(',')));
  else if (spec.group.split('.').length < 2) errors.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  if (!spec.scope) errors.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') errors.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const topSchema = hoisted(versions, schemaOf);
  const topSubresources = hoisted(versions, (v) => v.subresources);
  const topColumns = hoisted(versions, (v) => v.additionalPrinterColumns);
  const topSelectable = hoisted(versions, (v) => v.selectableFields);
  const hoist = { schema: topSchema, subresources: topSubresources, columns: topColumns, selectable: topSelectable };
  versions.forEach((v, i) => {
    if (!schemaOf(v)) errors.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  if (spec.preserveUnknownFields === true && versions.some((v) => hasDefaults(schemaOf(v)))) {
    errors.push(invalid('spec.preserveUnknownFields', true, 'must be false in order to use defaults in the schema'));
  }
  let storage = 0;
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const path = `spec.versions[${i}]`;
    if (v.storage === true) storage++;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const nameErrors = isDNS1035Label(String(v.name ?? ''));
    if (nameErrors.length) errors.push(invalid(`${path}.name`, v.name, nameErrors.join(',')));
    if (!topSchema && schemaOf(v)) errors.push(...validateCrdSchema(schemaOf(v)!, `${path}.schema.openAPIV3Schema`, v.subresources?.status !== undefined));
    if (!topSubresources) errors.push(...validateSubresources(v.subresources, `${path}.subresources`));
    if (!topColumns) (v.additionalPrinterColumns ?? []).forEach((c, j) => errors.push(...validateColumn(c, `${path}.additionalPrinterColumns[${j}]`)));
    if (!topSelectable && v.selectableFields?.length) {
      if (topSchema || !schemaOf(v)) errors.push(invalid(`${path}.selectableFields`, '', 'selectableFields may only be set when version.schema.openAPIV3Schema is not included'));
      else errors.push(...validateSelectableFields(v.selectableFields, schemaOf(v), `${path}.selectableFields`));
    }
  });
  if (!unique) errors.push(invalid('spec.versions', goVersions(versions, hoist), 'must contain unique version names'));
  if (storage !== 1) errors.push(invalid('spec.versions', goVersions(versions, hoist), 'must have exactly one version marked as storage version'));
  // The internal version's spec.version is versions[0].name (v1 conversion).
  const first = versions[0]?.name;
  if (typeof first === 'string' && isDNS1035Label(first).length > 0) errors.push(invalid('spec.version', first, isDNS1035Label(first).join(',')));
  if (!names(spec).plural) errors.push(required('spec.names.plural'));
  if (!names(spec).singular) errors.push(required('spec.names.singular'));
  if (!names(spec).kind) errors.push(required('spec.names.kind'));
  if (!names(spec).listKind) errors.push(required('spec.names.listKind'));
  errors.push(...validateNames(names(spec), 'spec.names'));
  if (topSchema) {
    const statusEnabled = versions.some((v) => v.subresources?.status !== undefined);
    errors.push(...validateCrdSchema(schemaOf(versions[0]!)!, 'spec.validation.openAPIV3Schema', statusEnabled));
  }
  if (topSubresources) errors.push(...validateSubresources(versions[0]!.subresources, 'spec.subresources'));
  if (topColumns) (versions[0]!.additionalPrinterColumns ?? []).forEach((c, j) => errors.push(...validateColumn(c, `spec.additionalPrinterColumns[${j}]`)));
  const topFields = topSelectable ? (versions[0]!.selectableFields ?? []) : [];
  if (topFields.length > 0) {
    if (!topSchema) errors.push(invalid('spec.selectableFields', '', 'selectableFields may only be set when validations.schema is included'));
    else errors.push(...validateSelectableFields(topFields, schemaOf(versions[0]!), 'spec.selectableFields'));
  }
  const strategy = spec.conversion?.strategy;
  if (strategy !== undefined && strategy !== 'None' && strategy !== 'Webhook') errors.push(notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook']));
  if (strategy === 'Webhook') errors.push(required('spec.conversion.webhookClientConfig', 'required when strategy is set to Webhook'));
  return errors;
}

/** Which per-version fields the internal version carries at spec level instead. */
interface Hoisted {
  schema: boolean;
  subresources: boolean;
  columns: boolean;
  selectable: boolean;
}

/**
 * Go's %#v of the internal []CustomResourceDefinitionVersion, as upstream prints spec.versions in
 * messages. Pointers print as addresses there; a fixed placeholder stands in for them here.
 */
function goVersions(versions: CrdVersion[], hoist: Hoisted): GoLiteral {
  const pointer = (type: string, set: boolean): string => `(*apiextensions.${type})(${set ? '0xc000000000' : 'nil'})`;
  const one = (v: CrdVersion): string => {
    const columns = !hoist.columns && v.additionalPrinterColumns?.length
      ? `[]apiextensions.CustomResourceColumnDefinition{${v.additionalPrinterColumns.map((c) => `apiextensions.CustomResourceColumnDefinition{Name:${goQuote(c.name ?? '')}, Type:${goQuote(c.type ?? '')}, Format:${goQuote(c.format ?? '')}, Description:${goQuote(c.description ?? '')}, Priority:${c.priority ?? 0}, JSONPath:${goQuote(c.jsonPath ?? '')}}`).join(', ')}}`
      : '[]apiextensions.CustomResourceColumnDefinition(nil)';
    const fields = !hoist.selectable && v.selectableFields?.length
      ? `[]apiextensions.SelectableField{${v.selectableFields.map((f) => `apiextensions.SelectableField{JSONPath:${goQuote(f.jsonPath ?? '')}}`).join(', ')}}`
      : '[]apiextensions.SelectableField(nil)';
    return `apiextensions.CustomResourceDefinitionVersion{Name:${goQuote(String(v.name ?? ''))}, Served:${v.served === true}, Storage:${v.storage === true}, Deprecated:${v.deprecated === true}, ` +
      `DeprecationWarning:${v.deprecationWarning === undefined ? '(*string)(nil)' : '(*string)(0xc000000000)'}, Schema:${pointer('CustomResourceValidation', !hoist.schema && !!v.schema)}, ` +
      `Subresources:${pointer('CustomResourceSubresources', !hoist.subresources && !!v.subresources)}, AdditionalPrinterColumns:${columns}, SelectableFields:${fields}}`;
  };
  return new GoLiteral(`[]apiextensions.CustomResourceDefinitionVersion{${versions.map(one).join(', ')}}`);
}

function names(spec: CrdSpec): CrdSpec['names'] {
  return isPlainObject(spec.names) ? spec.names : ({} as CrdSpec['names']);
}

export function validateNames(n: CrdSpec['names'], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: string, value: string | undefined, lower: boolean, prefix = ''): void => {
    if (!value) return;
    const problems = isDNS1035Label(lower ? value.toLowerCase() : value);
    if (problems.length) errors.push(invalid(`${path}.${field}`, value, prefix + problems.join(',')));
  };
  check('plural', n.plural, false);
  check('singular', n.singular, false);
  check('kind', n.kind, true, 'may have mixed case, but should otherwise match: ');
  check('listKind', n.listKind, true, 'may have mixed case, but should otherwise match: ');
  (n.shortNames ?? []).forEach((s, i) => check(`shortNames[${i}]`, s, false));
  if (n.kind && n.kind === n.listKind) errors.push(invalid(`${path}.listKind`, n.listKind, 'kind and listKind may not be the same'));
  (n.categories ?? []).forEach((c, i) => check(`categories[${i}]`, c, false));
  return errors;
}

function validateSubresources(sub: CrdVersion['subresources'], path: string): FieldError[] {
  const scale = sub?.scale;
  if (!scale) return [];
  const errors: FieldError[] = [];
  const simple = (value: string, field: string): boolean => {
    if (value === '') errors.push(invalid(field, value, 'must not be empty'));
    else if (!value.startsWith('.')) errors.push(invalid(field, value, 'must be a simple json path starting with .'));
    else return true;
    return false;
  };
  if (!scale.specReplicasPath) errors.push(required(`${path}.scale.specReplicasPath`));
  else if (simple(scale.specReplicasPath, `${path}.scale.specReplicasPath`) && !scale.specReplicasPath.startsWith('.spec.')) {
    errors.push(invalid(`${path}.scale.specReplicasPath`, scale.specReplicasPath, 'should be a json path under .spec'));
  }
  if (!scale.statusReplicasPath) errors.push(required(`${path}.scale.statusReplicasPath`));
  else if (simple(scale.statusReplicasPath, `${path}.scale.statusReplicasPath`) && !scale.statusReplicasPath.startsWith('.status.')) {
    errors.push(invalid(`${path}.scale.statusReplicasPath`, scale.statusReplicasPath, 'should be a json path under .status'));
  }
  const selector = scale.labelSelectorPath;
  if (selector && simple(selector, `${path}.scale.labelSelectorPath`) && !selector.startsWith('.spec.') && !selector.startsWith('.status.')) {
    errors.push(invalid(`${path}.scale.labelSelectorPath`, selector, 'should be a json path under either .spec or .status'));
  }
  return errors;
}

function validateColumn(c: { name?: string; type?: string; format?: string; jsonPath?: string }, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!c.name) errors.push(required(`${path}.name`));
  if (!c.type) errors.push(required(`${path}.type`, `must be one of ${COLUMN_TYPES.join(',')}`));
  else if (!COLUMN_TYPES.includes(c.type)) errors.push(invalid(`${path}.type`, c.type, `must be one of ${COLUMN_TYPES.join(',')}`));
  if (c.format && !COLUMN_FORMATS.includes(c.format)) errors.push(invalid(`${path}.format`, c.format, `must be one of ${COLUMN_FORMATS.join(',')}`));
  if (!c.jsonPath) errors.push(required(`${path}.JSONPath`));
  else if (!c.jsonPath.startsWith('.')) errors.push(invalid(`${path}.JSONPath`, c.jsonPath, 'must be a simple json path starting with .'));
  return errors;
}

function schemaAt(schema: JsonSchema | undefined, jsonPath: string): JsonSchema | undefined {
  let s = schema;
  for (const part of jsonPath.replace(/^\./, '').split('.')) {
    const p = s && isPlainObject(s.properties) ? (s.properties as Record<string, JsonSchema>)[part] : undefined;
    s = p;
  }
  return s;
}

function validateSelectableFields(fields: { jsonPath: string }[], schema: JsonSchema | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const at = `${path}[${i}].jsonPath`;
    if (!f.jsonPath) return void errors.push(required(at));
    const target = schemaAt(schema, f.jsonPath);
    if (!target) return void errors.push(invalid(at, f.jsonPath, `is an invalid path: does not refer to a valid field`));
    if (f.jsonPath.replace(/^\./, '').split('.')[0] === 'metadata') errors.push(invalid(at, f.jsonPath, 'must not point to fields in metadata'));
    if (!['string', 'boolean', 'integer'].includes(String(target.type))) {
      errors.push(invalid(at, f.jsonPath, 'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.'));
    }
    if (seen.has(f.jsonPath)) errors.push(duplicate(at, f.jsonPath));
    seen.add(f.jsonPath);
  });
  return errors;
}

function validateStoredVersions(crd: CustomResourceDefinition): FieldError[] {
  const stored = crd.status?.storedVersions ?? [];
  const versions = Array.isArray(crd.spec?.versions) ? crd.spec.versions : [];
  if (stored.length === 0) return [invalid('status.storedVersions', stored, 'must have at least one stored version')];
  const errors: FieldError[] = [];
  for (const v of versions) {
    if (v.storage && !stored.includes(v.name)) errors.push(invalid('status.storedVersions', stored, `must have the storage version ${v.name}`));
  }
  stored.forEach((v, i) => {
    if (!versions.some((x) => x.name === v)) {
      errors.push(invalid(`status.storedVersions[${i}]`, v, `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`));
    }
  });
  return errors;
}

/** Groups under k8s.io / kubernetes.io need the api-approved annotation (validateAPIApproval). */
function validateApproval(crd: CustomResourceDefinition, spec: CrdSpec): FieldError[] {
  const group = spec.group ?? '';
  const protectedGroup = group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
  if (!protectedGroup) return [];
  const value = crd.metadata.annotations?.[API_APPROVED];
  const field = `metadata.annotations[${API_APPROVED}]`;
  const reason = `protected groups must have approval annotation "${API_APPROVED}", see https://github.com/kubernetes/enhancements/pull/1111`;
  if (value === undefined) return [required(field, reason)];
  if (!/^(unapproved|https?:\/\/)/.test(value)) return [invalid(field, value, reason)];
  return [];
}

function hasDefaults(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  if (schema.default !== undefined) return true;
  const children = [schema.items, schema.additionalProperties, ...Object.values(isPlainObject(schema.properties) ? schema.properties : {})];
  return children.some((c) => isPlainObject(c) && hasDefaults(c));
}

