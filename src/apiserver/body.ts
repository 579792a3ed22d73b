/**
 * Request body decoding: JSON, YAML and Kubernetes protobuf for objects; the four patch media types
 * for PATCH. Bodies arrive as raw Buffers (one catch-all content-type parser) so empty bodies,
 * duplicate-key detection and protobuf are all handled here, in one place.
 */
import { parse as parseYaml } from 'yaml';
import { apiErrors } from '../registry/errors.js';
import { isPlainObject } from '../registry/object.js';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from './protobuf/decode.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

const OBJECT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export interface DecodedBody {
  value: unknown;
  /** The JSON text, when the body was JSON (for duplicate-field detection). */
  jsonText?: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw apiErrors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

function parseYamlText(text: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: false, maxAliasCount: 100 });
  } catch (err) {
    throw apiErrors.badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
  }
}

/** Decodes an object body (POST/PUT). Undefined for an empty body. */
export function decodeObjectBody(contentType: string | undefined, body: Buffer | undefined): DecodedBody | undefined {
  if (!body || body.length === 0) return undefined;
  const type = mediaType(contentType);
  if (isKubernetesProtobuf(type)) {
    try {
      return { value: decodeKubernetesProtobuf(body) };
    } catch (err) {
      throw apiErrors.badRequest(`unable to decode protobuf body: ${(err as Error).message}`);
    }
  }
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') return { value: parseYamlText(body.toString('utf8')) };
  if (type === 'application/json' || type === '' || type === 'text/plain') {
    const text = body.toString('utf8');
    if (!text.trim()) return undefined;
    return { value: parseJson(text), jsonText: text };
  }
  throw apiErrors.unsupportedMediaType(type, OBJECT_TYPES);
}

export function decodePatchBody(contentType: string | undefined, body: Buffer | undefined, allowed: PatchType[]): { type: PatchType; patch: unknown; jsonText?: string } {
  const type = PATCH_CONTENT_TYPES[mediaType(contentType)];
  if (!type || !allowed.includes(type)) {
    const supported = Object.entries(PATCH_CONTENT_TYPES).filter(([, t]) => allowed.includes(t)).map(([ct]) => ct);
    throw apiErrors.unsupportedMediaType(mediaType(contentType), supported);
  }
  const text = body?.toString('utf8') ?? '';
  if (!text.trim()) throw apiErrors.badRequest('the body of the request was empty');
  if (type === 'apply') return { type, patch: parseYamlText(text), jsonText: text.trimStart().startsWith('{') ? text : undefined };
  return { type, patch: parseJson(text), jsonText: text };
}

/** The body must be a JSON object carrying metadata; kind/apiVersion must match when given. */
export function requireObject(value: unknown, expected: { apiVersion: string; kind: string }): Record<string, unknown> & { metadata: Record<string, unknown> } {
  if (!isPlainObject(value)) throw apiErrors.badRequest('Object \'Kind\' is missing in the request body');
  if (value.kind !== undefined && value.kind !== expected.kind) {
    throw apiErrors.badRequest(`${value.kind} in version "${String(value.apiVersion ?? '').split('/').pop()}" cannot be handled as a ${expected.kind}: the object provided is unrecognized (must be of type ${expected.kind})`);
  }
  if (value.apiVersion !== undefined && value.apiVersion !== expected.apiVersion) {
    throw apiErrors.badRequest(`the API version in the data (${String(value.apiVersion)}) does not match the expected API version (${expected.apiVersion})`);
  }
  if (value.metadata !== undefined && !isPlainObject(value.metadata)) throw apiErrors.badRequest('metadata must be an object');
  value.metadata ??= {};
  return value as Record<string, unknown> & { metadata: Record<string, unknown> };
}
