/**
 * Constructors, paths and rendering for FieldError, mirroring apimachinery's
 * pkg/util/validation/field (errors.go, path.go) and pkg/api/errors.NewInvalid.
 */
import type { FieldError, FieldErrorType } from './field-error.js';
import { goQuote, goValue } from './go-value.js';

// ---- field paths (field.Path.String()) ----

/** `parent.name`, or `name` at the root. */
export function child(parent: string, ...names: string[]): string {
  let out = parent;
  for (const name of names) out = out === '' ? name : `${out}.${name}`;
  return out;
}

/** `parent[i]`. */
export function index(parent: string, i: number): string {
  return `${parent}[${i}]`;
}

/** `parent[key]` (map keys are not quoted by field.Path). */
export function key(parent: string, k: string): string {
  return `${parent}[${k}]`;
}

// ---- constructors (field.Required, field.Invalid, ...) ----

export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, badValue: '', detail };
}

export function invalid(field: string, badValue: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, badValue, detail };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, badValue: '', detail };
}

export function duplicate(field: string, badValue: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, badValue, detail: '' };
}

export function notFound(field: string, badValue: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, badValue, detail: '' };
}

/** field.NotSupported: detail lists the quoted valid values in the order given. */
export function notSupported(field: string, badValue: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length > 0 ? 'supported values: ' + validValues.map(goQuote).join(', ') : '';
  return { type: 'FieldValueNotSupported', field, badValue, detail };
}

/** field.TooLong: the value itself is never printed. */
export function tooLong(field: string, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long';
  return { type: 'FieldValueTooLong', field, badValue: '<value omitted>', detail };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} items` : 'has too many items';
  return { type: 'FieldValueTooMany', field, badValue: actual, detail };
}

// ---- rendering ----

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Types whose rendering never shows the bad value (ErrorBody's first cases). */
const valueless = new Set<FieldErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError']);

/**
 * field.Error.ErrorBody(): the message without the field, e.g. `Invalid value: "x": detail`.
 * This is the text of a Status `details.causes[].message`.
 */
export function formatFieldErrorBody(e: FieldError): string {
  let s = typeText[e.type];
  if (!valueless.has(e.type)) s += `: ${goValue(e.badValue)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** field.Error.Error(): `spec.x: Invalid value: "y": detail`. */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${formatFieldErrorBody(e)}`;
}

/** schema.GroupKind.String(): `Kind` for the core group, else `Kind.group`. */
export function qualifiedKind(kind: string, group: string): string {
  return group === '' ? kind : `${kind}.${group}`;
}

/**
 * The Status message of errors.NewInvalid: `ConfigMap "x" is invalid: a` for one distinct error,
 * `Deployment.apps "x" is invalid: [a, b]` for several (duplicates collapsed, first kept).
 */
export function invalidStatusMessage(kind: string, group: string, name: string, errors: FieldError[]): string {
  const prefix = `${qualifiedKind(kind, group)} ${goQuote(name)} is invalid`;
  const messages: string[] = [];
  for (const e of errors) {
    const text = formatFieldError(e);
    if (!messages.includes(text)) messages.push(text);
  }
  if (messages.length === 0) return prefix;
  if (messages.length === 1) return `${prefix}: ${messages[0]}`;
  return `${prefix}: [${messages.join(', ')}]`;
}

/** The `details.causes` of the Invalid Status, one per error, in order. */
export function invalidStatusCauses(errors: FieldError[]): { reason: FieldErrorType; message: string; field: string }[] {
  return errors.map((e) => ({ reason: e.type, message: formatFieldErrorBody(e), field: e.field }));
}
