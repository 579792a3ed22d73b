/**
 * A Kubernetes protobuf request body that vkube cannot turn into JSON: wrong magic, truncated or
 * malformed wire data, an apiVersion/kind without a vendored message, or an unsupported encoding.
 * The API server answers it with a 400 (or 415) Status; the message is meant for the client.
 */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
