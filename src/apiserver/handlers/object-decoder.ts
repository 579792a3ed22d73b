/**
 * Decodes an object body for create/update and applies `fieldValidation` (Strict | Warn | Ignore,
 * default Warn as upstream): unknown and duplicate fields are rejected with upstream's strict
 * decoding message, or returned as `Warning: 299` headers, and unknown fields are dropped either way
 * (a typed Go decoder drops them too).
 */
import type { ResourceInfo } from '../../registry/catalog.js';
import { apiErrors } from '../../registry/errors.js';
import { apiVersionOf, type KubeObject } from '../../registry/object.js';
import type { FieldSchema, SchemaSource } from '../../registry/schema/types.js';
import { decodeObjectBody, requireObject } from '../body.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Schema-driven checks (src/registry/schema); injected so the decoder works before schemas load. */
export interface FieldChecker {
  /** Unknown field paths (`spec.foo`), removing them from `object`. */
  pruneUnknownFields(object: KubeObject, schema: FieldSchema): string[];
  /** Duplicate keys in the JSON text, as upstream names them; `parsed` is JSON.parse(jsonText), unchanged. */
  duplicateFields(jsonText: string, parsed?: unknown): string[];
}

export interface DecodedObject {
  object: KubeObject;
  warnings: string[];
}

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw apiErrors.badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${value}"`);
}

export class ObjectDecoder {
  constructor(
    private readonly schemas: SchemaSource,
    private readonly checker: FieldChecker | undefined,
  ) {}

  decode(info: ResourceInfo, contentType: string | undefined, body: Buffer | undefined, validation: FieldValidation, expectedKind = info.kind, expectedApiVersion = apiVersionOf(info.group, info.version)): DecodedObject {
    const decoded = decodeObjectBody(contentType, body);
    if (!decoded) throw apiErrors.badRequest('the body of the request was empty');
    // Looked for before requireObject, which may add `metadata`: the value is still JSON.parse's.
    const duplicates = this.duplicatesOf(decoded.jsonText, validation, decoded.value);
    const object = requireObject(decoded.value, { apiVersion: expectedApiVersion, kind: expectedKind }) as KubeObject;
    const warnings = this.problems(info, object, duplicates, validation, expectedKind);
    return { object, warnings };
  }

  /** Runs field validation on an already-parsed object (e.g. the result of an apply body). */
  check(info: ResourceInfo, object: KubeObject, jsonText: string | undefined, validation: FieldValidation, kind = info.kind): string[] {
    return this.problems(info, object, this.duplicatesOf(jsonText, validation), validation, kind);
  }

  private duplicatesOf(jsonText: string | undefined, validation: FieldValidation, parsed?: unknown): string[] {
    if (!this.checker || !jsonText || validation === 'Ignore') return [];
    return this.checker.duplicateFields(jsonText, parsed);
  }

  private problems(info: ResourceInfo, object: KubeObject, duplicates: string[], validation: FieldValidation, kind: string): string[] {
    if (!this.checker) return [];
    const problems = duplicates.map((f) => `duplicate field "${f}"`);
    const schema = kind === info.kind ? this.schemas.forKind({ group: info.group, version: info.version, kind }) : undefined;
    if (schema) {
      const unknown = this.checker.pruneUnknownFields(object, schema);
      if (validation !== 'Ignore') problems.push(...unknown.map((f) => `unknown field "${f}"`));
    }
    if (!problems.length) return [];
    if (validation === 'Strict') {
      const version = info.version;
      throw apiErrors.badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${problems.join(', ')}`);
    }
    return problems;
  }
}
