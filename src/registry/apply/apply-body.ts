/**
 * Decoding an apply-patch body. Upstream unmarshals it with sigs.k8s.io/yaml (YAML 1.1 scalars,
 * JSON being a subset) into a map; anything else is a 400 "error decoding YAML: ...".
 */
import { parse } from 'yaml';
import { apiErrors } from '../errors.js';
import { isJsonObject, type JsonObject } from './values.js';

export function parseApplyBody(body: string | Buffer): JsonObject {
  let parsed: unknown;
  try {
    parsed = parse(typeof body === 'string' ? body : body.toString('utf8'), { version: '1.1', uniqueKeys: true });
  } catch (error) {
    throw apiErrors.badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isJsonObject(parsed)) {
    const got = Array.isArray(parsed) ? 'array' : typeof parsed;
    throw apiErrors.badRequest(
      `error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${got} into Go value of type map[string]interface {}`,
    );
  }
  return parsed;
}
