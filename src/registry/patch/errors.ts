/**
 * The one error type the patch engines throw. `message` is exactly the Status message upstream's
 * API server answers with (for some 422s upstream replaces the detail with a fixed sentence; the
 * detail is then kept in `cause`). The apiserver renders it as a metav1 Status with `code`.
 */
export type PatchErrorReason =
  | 'BadRequest'
  | 'Invalid'
  | 'UnsupportedMediaType'
  | 'Conflict'
  | 'RequestEntityTooLarge'
  /** Upstream returns a plain Go error here: Status code 500 with an empty reason. */
  | 'Unknown';

export const PATCH_ERROR_CODES: Readonly<Record<PatchErrorReason, number>> = {
  BadRequest: 400,
  Invalid: 422,
  UnsupportedMediaType: 415,
  Conflict: 409,
  RequestEntityTooLarge: 413,
  Unknown: 500,
};

/** Message of `errors.NewGenericServerResponse(422, ...)`, which drops the underlying detail. */
export const UNPROCESSABLE_PATCH_MESSAGE = 'the server rejected our request due to an error in our request';

export class PatchError extends Error {
  override readonly name = 'PatchError';
  /** HTTP status code of the upstream answer. */
  readonly code: number;

  constructor(
    readonly reason: PatchErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = PATCH_ERROR_CODES[reason];
  }

  /** A 422 the way upstream builds it for failed JSON patch operations: fixed message, detail in `cause`. */
  static unprocessable(detail: string): PatchError {
    return new PatchError('Invalid', UNPROCESSABLE_PATCH_MESSAGE, { cause: new Error(detail) });
  }

  /**
   * 415 for a patch type the resource does not accept (strategic merge on custom resources), with
   * the message of upstream's `negotiation.NewUnsupportedMediaTypeError`.
   */
  static unsupportedMediaType(acceptedTypes: readonly string[]): PatchError {
    return new PatchError(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${acceptedTypes.join(', ')}`,
    );
  }
}

/** The detail text behind an error: the cause's message when the Status message hides it. */
export function patchErrorDetail(error: PatchError): string {
  return error.cause instanceof Error ? error.cause.message : error.message;
}
