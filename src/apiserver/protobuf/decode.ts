// Request bodies in `application/vnd.kubernetes.protobuf`, which client-go ≥1.32 typed clients
// (kubectl create, helm ≥3.17 release Secrets) send for built-in kinds with no JSON fallback.
// Wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf): the 4-byte magic "k8s\0",
// then a runtime.Unknown whose typeMeta names the kind and whose raw holds the object's message.
// We convert to the JSON the same client would have sent, so everything downstream sees JSON only.
import type protobuf from 'protobufjs';

import { ProtobufDecodeError } from './errors.js';
import { GoJsonRenderer, type DecodedMessage } from './render.js';
import { getProtobufSchema, type ProtobufSchema } from './schema.js';

export { ProtobufDecodeError } from './errors.js';

export const KUBERNETES_PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00); // "k8s\0"
const UNKNOWN_MESSAGE = 'k8s.io.apimachinery.pkg.runtime.Unknown';

/** True for `application/vnd.kubernetes.protobuf`, whatever its parameters or letter case. */
export function isKubernetesProtobuf(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === KUBERNETES_PROTOBUF_MEDIA_TYPE;
}

interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
}

interface DecoderState {
  readonly schema: ProtobufSchema;
  readonly renderer: GoJsonRenderer;
  readonly unknownType: protobuf.Type;
  /** lookupType walks namespaces by name on every call; requests hit a handful of kinds. */
  readonly typesByName: Map<string, protobuf.Type>;
}

let decoderState: DecoderState | undefined;

function getDecoderState(): DecoderState {
  if (decoderState === undefined) {
    const schema = getProtobufSchema();
    decoderState = {
      schema,
      renderer: new GoJsonRenderer(schema.goJson),
      unknownType: schema.root.lookupType(UNKNOWN_MESSAGE),
      typesByName: new Map(),
    };
  }
  return decoderState;
}

/** Loads the schema now rather than on the first protobuf request (e.g. during server start-up). */
export function preloadKubernetesProtobuf(): void {
  getDecoderState();
}

function lookupMessageType(messageName: string): protobuf.Type {
  const { schema, typesByName } = getDecoderState();
  let type = typesByName.get(messageName);
  if (type === undefined) {
    type = schema.root.lookupType(messageName);
    typesByName.set(messageName, type);
  }
  return type;
}

function decodeMessage(type: protobuf.Type, bytes: Uint8Array, what: string): DecodedMessage {
  try {
    return type.decode(bytes) as unknown as DecodedMessage;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtobufDecodeError(`malformed protobuf ${what}: ${reason}`, { cause: error });
  }
}

function readEnvelope(body: Uint8Array, unknownType: protobuf.Type): Envelope {
  if (body.length < MAGIC.length || MAGIC.some((byte, index) => body[index] !== byte)) {
    throw new ProtobufDecodeError('protobuf body does not start with the Kubernetes magic "k8s\\x00"');
  }
  const unknown = decodeMessage(unknownType, body.subarray(MAGIC.length), 'envelope (runtime.Unknown)');
  const contentEncoding = unknown.contentEncoding ?? '';
  if (contentEncoding !== '') {
    throw new ProtobufDecodeError(`unsupported protobuf contentEncoding ${JSON.stringify(contentEncoding)}`);
  }
  const contentType = unknown.contentType ?? '';
  if (contentType !== '' && !isKubernetesProtobuf(String(contentType))) {
    throw new ProtobufDecodeError(`unsupported contentType ${JSON.stringify(contentType)} inside protobuf envelope`);
  }
  const typeMeta = (unknown.typeMeta ?? {}) as DecodedMessage;
  const apiVersion = typeof typeMeta.apiVersion === 'string' ? typeMeta.apiVersion : '';
  const kind = typeof typeMeta.kind === 'string' ? typeMeta.kind : '';
  if (apiVersion === '' || kind === '') {
    throw new ProtobufDecodeError('protobuf envelope has no apiVersion/kind');
  }
  const raw = unknown.raw instanceof Uint8Array ? unknown.raw : new Uint8Array(0);
  return { apiVersion, kind, raw };
}

/**
 * Decodes a Kubernetes protobuf body into the JSON object Go's json.Marshal would produce for it,
 * with apiVersion and kind taken from the envelope. Throws ProtobufDecodeError on anything else.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): Record<string, unknown> {
  const { schema, renderer, unknownType } = getDecoderState();
  const { apiVersion, kind, raw } = readEnvelope(body, unknownType);
  const messageName = schema.goJson.kinds[apiVersion]?.[kind];
  if (messageName === undefined) {
    throw new ProtobufDecodeError(`no protobuf message known for apiVersion ${JSON.stringify(apiVersion)}, kind ${JSON.stringify(kind)}`);
  }
  const messageType = lookupMessageType(messageName);
  const rendered = renderer.renderMessage(messageType, decodeMessage(messageType, raw, `${kind} body`));
  return { apiVersion, kind, ...(rendered as Record<string, unknown>) };
}
