/** ConfigMap, Secret and Namespace validation (pkg/apis/core/validation). */
import type { FieldError } from './field-error.js';
import { forbidden, invalid, key, required, tooLong } from './errors.js';
import { isObject, objectOrEmpty, str, stringArray, type JsonObject } from './json.js';
import { isConfigMapKey, isQualifiedName } from './names.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

/** core.MaxSecretSize, also the ConfigMap limit. */
export const maxSecretSize = 1024 * 1024;
const immutableWhenSet = 'field is immutable when `immutable` is set';

function sortedKeys(value: unknown): string[] {
  return isObject(value) ? Object.keys(value).sort() : [];
}

/** Strict map equality (reflect.DeepEqual on map[string]string / map[string][]byte). */
function sameMap(a: unknown, b: unknown): boolean {
  const ma = isObject(a) ? a : {};
  const mb = isObject(b) ? b : {};
  const ka = Object.keys(ma);
  return ka.length === Object.keys(mb).length && ka.every((k) => k in mb && ma[k] === mb[k]);
}

function keyErrors(map: unknown, base: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of sortedKeys(map)) errs.push(...isConfigMapKey(k).map((msg) => invalid(key(base, k), k, msg)));
  return errs;
}

/** Decoded byte length of a base64 `[]byte` field value. */
function decodedLength(value: unknown): number {
  return typeof value === 'string' ? Buffer.from(value, 'base64').length : 0;
}

export function validateConfigMap(cm: JsonObject, old?: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  if (old) {
    errs.push(...validateObjectMetaUpdate(cm['metadata'], old['metadata']));
    if (old['immutable'] === true) {
      if (cm['immutable'] !== true) errs.push(forbidden('immutable', immutableWhenSet));
      if (!sameMap(cm['data'], old['data'])) errs.push(forbidden('data', immutableWhenSet));
      if (!sameMap(cm['binaryData'], old['binaryData'])) errs.push(forbidden('binaryData', immutableWhenSet));
    }
  }
  errs.push(...validateObjectMeta(cm['metadata'], { namespaced: true, nameValidation: 'dns1123Subdomain' }));
  const data = objectOrEmpty(cm['data']);
  const binaryData = objectOrEmpty(cm['binaryData']);
  let totalSize = 0;
  for (const k of sortedKeys(data)) {
    errs.push(...isConfigMapKey(k).map((msg) => invalid(key('data', k), k, msg)));
    if (k in binaryData) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    totalSize += Buffer.byteLength(str(data[k]));
  }
  errs.push(...keyErrors(binaryData, 'binaryData'));
  for (const k of Object.keys(binaryData)) totalSize += decodedLength(binaryData[k]);
  // field.NewPath("") renders as `[]`.
  if (totalSize > maxSecretSize) errs.push(tooLong('[]', maxSecretSize));
  return errs;
}

/**
 * Go's json.Unmarshal into map[string]interface{}: the error text, or undefined when it decodes.
 * Exact for empty input, wrong top-level types and a bad first character; other syntax errors get
 * Go's end-of-input text, which may differ from Go's positional message.
 */
function jsonObjectError(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed) || parsed === null) return undefined;
    const kind = Array.isArray(parsed) ? 'array' : typeof parsed === 'string' ? 'string' : typeof parsed === 'number' ? 'number' : 'bool';
    return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
  } catch {
    const trimmed = text.trimStart();
    if (trimmed === '') return 'unexpected end of JSON input';
    const first = trimmed[0] ?? '';
    if (!'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
    return 'unexpected end of JSON input';
  }
}

function secretTypeErrors(secret: JsonObject, data: JsonObject): FieldError[] {
  const has = (k: string): boolean => k in data;
  switch (str(secret['type'])) {
    case 'kubernetes.io/service-account-token': {
      const annotations = objectOrEmpty(objectOrEmpty(secret['metadata'])['annotations']);
      return str(annotations['kubernetes.io/service-account.name']) === ''
        ? [required('metadata.annotations[kubernetes.io/service-account.name]')]
        : [];
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const dataKey = str(secret['type']) === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(dataKey)) return [required(key('data', dataKey))];
      const error = jsonObjectError(Buffer.from(str(data[dataKey]), 'base64'));
      return error === undefined ? [] : [invalid(key('data', dataKey), '<secret contents redacted>', error)];
    }
    case 'kubernetes.io/basic-auth':
      return has('username') || has('password') ? [] : [required('data[username]'), required('data[password]')];
    case 'kubernetes.io/ssh-auth':
      return decodedLength(data['ssh-privatekey']) === 0 ? [required('data[ssh-privatekey]')] : [];
    case 'kubernetes.io/tls': {
      const errs: FieldError[] = [];
      if (!has('tls.crt')) errs.push(required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(required('data[tls.key]'));
      return errs;
    }
    default:
      return [];
  }
}

/** Secrets are validated after stringData has been merged into data (see defaults). */
export function validateSecret(secret: JsonObject, old?: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  if (old) {
    errs.push(...validateObjectMetaUpdate(secret['metadata'], old['metadata']));
    errs.push(...validateImmutableField(str(secret['type']), str(old['type']), 'type'));
    if (old['immutable'] === true) {
      if (secret['immutable'] !== true) errs.push(forbidden('immutable', immutableWhenSet));
      if (!sameMap(secret['data'], old['data'])) errs.push(forbidden('data', immutableWhenSet));
    }
  }
  errs.push(...validateObjectMeta(secret['metadata'], { namespaced: true, nameValidation: 'dns1123Subdomain' }));
  const data = objectOrEmpty(secret['data']);
  errs.push(...keyErrors(data, 'data'));
  const totalSize = Object.values(data).reduce<number>((sum, v) => sum + decodedLength(v), 0);
  if (totalSize > maxSecretSize) errs.push(tooLong('data', maxSecretSize));
  errs.push(...secretTypeErrors(secret, data));
  return errs;
}

export function validateNamespace(ns: JsonObject, old?: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  if (old) errs.push(...validateObjectMetaUpdate(ns['metadata'], old['metadata']));
  errs.push(...validateObjectMeta(ns['metadata'], { namespaced: false, nameValidation: 'dns1123Label' }));
  for (const f of stringArray(objectOrEmpty(ns['spec'])['finalizers'])) {
    errs.push(...isQualifiedName(f).map((msg) => invalid('spec.finalizers', f, msg)));
    if (!f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f)) {
      errs.push(invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  }
  return errs;
}
