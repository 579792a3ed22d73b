/**
 * API errors: each renders as a metav1 Status with upstream's reason, code and message shape
 * (k8s.io/apimachinery/pkg/api/errors). Storage errors become ApiErrors in the registry only.
 */
import type { FieldError } from './validation/field-error.js';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** The qualified resource an error is about, as upstream names it: `deployments.apps`, `configmaps`. */
export interface QualifiedResource {
  group: string;
  resource: string;
}

export function qualifiedName(qr: QualifiedResource): string {
  return qr.group ? `${qr.resource}.${qr.group}` : qr.resource;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

function details(qr: QualifiedResource, name: string): StatusDetails {
  const d: StatusDetails = { kind: qr.resource };
  if (name) d.name = name;
  if (qr.group) d.group = qr.group;
  return d;
}

export const apiErrors = {
  notFound(qr: QualifiedResource, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${qualifiedName(qr)} "${name}" not found`, details(qr, name));
  },
  alreadyExists(qr: QualifiedResource, name: string): ApiError {
    return new ApiError(409, 'AlreadyExists', `${qualifiedName(qr)} "${name}" already exists`, details(qr, name));
  },
  conflict(qr: QualifiedResource, name: string, why: string): ApiError {
    return new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedName(qr)} "${name}": ${why}`,
      details(qr, name),
    );
  },
  /** 422 Invalid from field errors; `kind` is the Kind (e.g. "Deployment"), message as NewInvalid. */
  invalid(kind: string, group: string, name: string, errors: FieldError[], render: (e: FieldError) => string, renderCause: (e: FieldError) => string = render): ApiError {
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    const rendered = errors.map(render);
    const summary = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
    const d: StatusDetails = {
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: renderCause(e), field: e.field })),
    };
    if (name) d.name = name;
    if (group) d.group = group;
    return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, d);
  },
  badRequest(message: string): ApiError {
    return new ApiError(400, 'BadRequest', message);
  },
  forbidden(qr: QualifiedResource, name: string, why: string, cause?: StatusCause): ApiError {
    const what = name ? `${qualifiedName(qr)} "${name}"` : qualifiedName(qr);
    const d = details(qr, name);
    if (cause) d.causes = [cause];
    return new ApiError(403, 'Forbidden', `${what} is forbidden: ${why}`, d);
  },
  unauthorized(): ApiError {
    return new ApiError(401, 'Unauthorized', 'Unauthorized');
  },
  methodNotSupported(qr: QualifiedResource, verb: string): ApiError {
    return new ApiError(
      405,
      'MethodNotAllowed',
      `${verb} is not supported on resources of kind "${qualifiedName(qr)}"`,
      details(qr, ''),
    );
  },
  notAcceptable(message: string): ApiError {
    return new ApiError(406, 'NotAcceptable', message);
  },
  unsupportedMediaType(contentType: string, supported: string[]): ApiError {
    return new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`,
      { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] },
    );
  },
  tooLarge(): ApiError {
    return new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
  },
  expired(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  },
  gone(message: string): ApiError {
    return new ApiError(410, 'Gone', message);
  },
  internal(message: string, cause?: unknown): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }, { cause });
  },
  serviceUnavailable(message: string): ApiError {
    return new ApiError(503, 'ServiceUnavailable', message);
  },
};
