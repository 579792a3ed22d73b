/**
 * ObjectMeta validation as apimachinery pkg/api/validation/objectmeta.go plus the extra
 * finalizer rule of pkg/apis/core/validation (used by every built-in kind).
 */
import type { FieldError } from './field-error.js';
import { child, forbidden, index, invalid, required, tooLong } from './errors.js';
import { GoLiteral, goQuote, goStringSlice } from './go-value.js';
import { isObject, objectArray, optionalNumber, semanticEqual, str, stringArray, stringMap } from './json.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, validateName, type NameValidation } from './names.js';

export const fieldImmutableErrorMsg = 'field is immutable';
export const isNegativeErrorMsg = 'must be greater than or equal to 0';
export const totalAnnotationSizeLimitB = 256 * 1024;

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Map entries in a stable order (Go iterates maps randomly; sorted keeps messages deterministic). */
function sortedEntries(map: Record<string, string>): [string, string][] {
  return Object.keys(map)
    .sort()
    .map((k) => [k, map[k] ?? '']);
}

export function validateLabelName(labelName: string, fldPath: string): FieldError[] {
  return isQualifiedName(labelName).map((msg) => invalid(fldPath, labelName, msg));
}

/** metav1 validation.ValidateLabels: keys are qualified names, values label values. */
export function validateLabels(labels: unknown, fldPath: string): FieldError[] {
  const map = stringMap(labels);
  if (!map) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of sortedEntries(map)) {
    errs.push(...validateLabelName(k, fldPath));
    errs.push(...isValidLabelValue(v).map((msg) => invalid(fldPath, v, msg)));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, fldPath: string): FieldError[] {
  const map = stringMap(annotations);
  if (!map) return [];
  const errs: FieldError[] = [];
  let totalSize = 0;
  for (const [k, v] of sortedEntries(map)) {
    errs.push(...isQualifiedName(k.toLowerCase()).map((msg) => invalid(fldPath, k, msg)));
    totalSize += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (totalSize > totalAnnotationSizeLimitB) errs.push(tooLong(fldPath, totalAnnotationSizeLimitB));
  return errs;
}

export function validateNonnegativeField(value: unknown, fldPath: string): FieldError[] {
  const n = optionalNumber(value);
  return n !== undefined && n < 0 ? [invalid(fldPath, n, isNegativeErrorMsg)] : [];
}

/** apivalidation.ValidateImmutableField: `Invalid value: <new>: field is immutable`. */
export function validateImmutableField(newValue: unknown, oldValue: unknown, fldPath: string, rendered?: unknown): FieldError[] {
  return semanticEqual(newValue, oldValue) ? [] : [invalid(fldPath, rendered ?? newValue ?? null, fieldImmutableErrorMsg)];
}

function ownerReferenceLiteral(ref: Record<string, unknown>): GoLiteral {
  // Go prints set *bool fields as addresses (not reproducible); nil is the common case and is exact.
  const bool = (v: unknown): string => (typeof v === 'boolean' ? `(*bool)(${v})` : '(*bool)(nil)');
  const q = (f: string): string => goQuote(str(ref[f]));
  return new GoLiteral(
    `v1.OwnerReference{APIVersion:${q('apiVersion')}, Kind:${q('kind')}, Name:${q('name')}, ` +
      `UID:${q('uid')}, Controller:${bool(ref['controller'])}, BlockOwnerDeletion:${bool(ref['blockOwnerDeletion'])}}`,
  );
}

export function validateOwnerReferences(ownerReferences: unknown, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of objectArray(ownerReferences)) {
    const apiVersion = str(ref['apiVersion']);
    const kind = str(ref['kind']);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    if (version === '') errs.push(invalid(child(fldPath, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (kind === '') errs.push(invalid(child(fldPath, 'kind'), kind, 'kind must not be empty'));
    if (str(ref['name']) === '') errs.push(invalid(child(fldPath, 'name'), '', 'name must not be empty'));
    if (str(ref['uid']) === '') errs.push(invalid(child(fldPath, 'uid'), '', 'uid must not be empty'));
    if (group === '' && version === 'v1' && kind === 'Event') {
      errs.push(invalid(fldPath, ownerReferenceLiteral(ref), '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref['controller'] === true) {
      const name = `${kind}/${str(ref['name'])}`;
      if (firstController !== '') {
        errs.push(
          invalid(
            fldPath,
            // Go prints set *bool fields as addresses; we print their value instead.
            new GoLiteral(`[]v1.OwnerReference{${objectArray(ownerReferences).map((r) => ownerReferenceLiteral(r).text).join(', ')}}`),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`,
          ),
        );
      } else {
        firstController = name;
      }
    }
  }
  return errs;
}

/** apimachinery ValidateFinalizers (path without index) plus core's standard-or-qualified rule (indexed). */
export function validateFinalizers(finalizers: unknown, fldPath: string): FieldError[] {
  const list = stringArray(finalizers);
  const errs: FieldError[] = [];
  for (const f of list) errs.push(...isQualifiedName(f).map((msg) => invalid(fldPath, f, msg)));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(invalid(fldPath, new GoLiteral(goStringSlice(list)), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  list.forEach((f, i) => {
    if (!f.includes('/') && !standardFinalizers.has(f)) {
      errs.push(invalid(index(fldPath, i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

/** time.Time.String() of an RFC 3339 timestamp (metav1 stores whole seconds, in UTC). */
function goTime(rfc3339: string): GoLiteral {
  const t = new Date(rfc3339);
  if (Number.isNaN(t.getTime())) return new GoLiteral(rfc3339);
  const iso = t.toISOString(); // 2024-01-02T03:04:05.000Z
  return new GoLiteral(`${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`);
}

export interface ObjectMetaOptions {
  namespaced: boolean;
  nameValidation: NameValidation;
}

/** ValidateObjectMeta for create (and the shared part of update). `meta` is the decoded metadata. */
export function validateObjectMeta(meta: unknown, opts: ObjectMetaOptions, fldPath = 'metadata'): FieldError[] {
  const m = isObject(meta) ? meta : {};
  const errs: FieldError[] = [];
  const generateName = str(m['generateName']);
  const name = str(m['name']);
  const namespace = str(m['namespace']);
  if (generateName !== '') {
    errs.push(...validateName(opts.nameValidation, generateName, true).map((msg) => invalid(child(fldPath, 'generateName'), generateName, msg)));
  }
  if (name === '') {
    errs.push(required(child(fldPath, 'name'), 'name or generateName is required'));
  } else {
    errs.push(...validateName(opts.nameValidation, name, false).map((msg) => invalid(child(fldPath, 'name'), name, msg)));
  }
  if (opts.namespaced) {
    if (namespace === '') errs.push(required(child(fldPath, 'namespace')));
    else errs.push(...isDNS1123Label(namespace).map((msg) => invalid(child(fldPath, 'namespace'), namespace, msg)));
  } else if (namespace !== '') {
    errs.push(forbidden(child(fldPath, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(m['generation'], child(fldPath, 'generation')));
  errs.push(...validateLabels(m['labels'], child(fldPath, 'labels')));
  errs.push(...validateAnnotations(m['annotations'], child(fldPath, 'annotations')));
  errs.push(...validateOwnerReferences(m['ownerReferences'], child(fldPath, 'ownerReferences')));
  errs.push(...validateFinalizers(m['finalizers'], child(fldPath, 'finalizers')));
  return errs;
}

/**
 * ValidateObjectMetaUpdate: the update-only rules (immutables, resourceVersion, generation,
 * no new finalizers while deleting). Callers also run validateObjectMeta on the new metadata.
 */
export function validateObjectMetaUpdate(newMeta: unknown, oldMeta: unknown, fldPath = 'metadata'): FieldError[] {
  const n = isObject(newMeta) ? newMeta : {};
  const o = isObject(oldMeta) ? oldMeta : {};
  const errs: FieldError[] = [];
  if (o['deletionTimestamp']) {
    const oldFinalizers = new Set(stringArray(o['finalizers']));
    const extra = [...new Set(stringArray(n['finalizers']).filter((f) => !oldFinalizers.has(f)))].sort();
    if (extra.length > 0) {
      errs.push(
        forbidden(
          child(fldPath, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
        ),
      );
    }
  }
  const rv = str(n['resourceVersion']);
  if (rv === '') errs.push(invalid(child(fldPath, 'resourceVersion'), rv, 'must be specified for an update'));
  const newGeneration = optionalNumber(n['generation']) ?? 0;
  if (newGeneration < (optionalNumber(o['generation']) ?? 0)) {
    errs.push(invalid(child(fldPath, 'generation'), newGeneration, 'must not be decremented'));
  }
  for (const f of ['name', 'namespace', 'uid']) {
    errs.push(...validateImmutableField(str(n[f]), str(o[f]), child(fldPath, f)));
  }
  // metav1.Time is a fmt.Stringer: Go prints time.Time.String(), e.g. `2024-01-02 03:04:05 +0000 UTC`.
  for (const f of ['creationTimestamp', 'deletionTimestamp']) {
    const nv = n[f] ?? null;
    const rendered = nv === null ? (f === 'creationTimestamp' ? new GoLiteral('0001-01-01 00:00:00 +0000 UTC') : null) : goTime(String(nv));
    errs.push(...validateImmutableField(nv, o[f] ?? null, child(fldPath, f), rendered));
  }
  errs.push(...validateImmutableField(n['deletionGracePeriodSeconds'] ?? null, o['deletionGracePeriodSeconds'] ?? null, child(fldPath, 'deletionGracePeriodSeconds')));
  return errs;
}
