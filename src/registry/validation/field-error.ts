/**
 * One validation failure at a field path, as k8s.io/apimachinery/pkg/util/validation/field.Error.
 * A list of these becomes one 422 `Invalid` Status (details.causes[] = {reason: type, message, field}).
 */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  type: FieldErrorType;
  /** Upstream field path string, e.g. `metadata.name`, `spec.template.spec.containers[0].image`. */
  field: string;
  /** The offending value (rendered into the message the way upstream renders it). */
  badValue?: unknown;
  /** Upstream's detail text, e.g. `a lowercase RFC 1123 subdomain must consist of ...`. */
  detail?: string;
}
