/**
 * The entry points `vkube serve` wires: the built-in kinds' SchemaSource over the OpenAPI service,
 * and the field checker the object decoder uses for `fieldValidation`.
 */
import { BuiltinSchemaSource, type OpenApiV3DocumentProvider } from './builtin-schema-source.js';
import { findDuplicateFields } from './json-strict-scan.js';
import { pruneUnknownFields } from './strict-decoding.js';
import type { FieldSchema, SchemaSource } from './types.js';

/** Matches the decoder's FieldChecker (src/apiserver/handlers/object-decoder.ts) structurally. */
export interface BuiltinFieldChecker {
  /** Unknown field paths (`spec.foo`), removing them from `object`. */
  pruneUnknownFields(object: object, schema: FieldSchema): string[];
  /** Paths of duplicate keys in the JSON text (`metadata.labels.app`), in document order. */
  duplicateFields(jsonText: string): string[];
}

export function builtinSchemaSource(documents: OpenApiV3DocumentProvider): SchemaSource {
  return new BuiltinSchemaSource(documents);
}

export function builtinFieldChecker(): BuiltinFieldChecker {
  return {
    pruneUnknownFields: (object, schema) => pruneUnknownFields(object, schema),
    duplicateFields: (jsonText) => findDuplicateFields(jsonText),
  };
}
