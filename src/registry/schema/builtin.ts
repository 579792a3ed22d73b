/**
 * The entry points `vkube serve` wires: the built-in kinds' SchemaSource over the OpenAPI service,
 * and the field checker the object decoder uses for `fieldValidation`.
 */
import { BuiltinSchemaSource, type OpenApiV3DocumentProvider } from './builtin-schema-source.js';
import { findDuplicateFields, mayHaveDuplicateKeys, strictDecodingErrors } from './json-strict-scan.js';
import { pruneUnknownFields } from './strict-decoding.js';
import type { FieldSchema, SchemaSource } from './types.js';

/** Matches the decoder's FieldChecker (src/apiserver/handlers/object-decoder.ts) structurally. */
export interface BuiltinFieldChecker {
  /** Unknown field paths (`spec.foo`), removing them from `object`. */
  pruneUnknownFields(object: object, schema: FieldSchema): string[];
  /**
   * Paths of duplicate keys in the JSON text (`metadata.labels.app`), in document order. `parsed`,
   * when given, is `JSON.parse(jsonText)` unchanged: a body it shows to have no duplicate is not scanned.
   */
  duplicateFields(jsonText: string, parsed?: unknown): string[];
  /**
   * Both kinds as upstream's messages (`unknown field "spec.x"`, `duplicate field "a"`), in body order
   * and skipping what Go never looks into (values of unknown fields, RawExtension): the exact list
   * after `strict decoding error: `. Prefer it to the two calls above when the body text is at hand.
   */
  strictErrors(jsonText: string, schema: FieldSchema): string[];
}

export function builtinSchemaSource(documents: OpenApiV3DocumentProvider): SchemaSource {
  return new BuiltinSchemaSource(documents);
}

export function builtinFieldChecker(): BuiltinFieldChecker {
  return {
    pruneUnknownFields: (object, schema) => pruneUnknownFields(object, schema),
    duplicateFields: (jsonText, parsed) => (parsed !== undefined && !mayHaveDuplicateKeys(jsonText, parsed) ? [] : findDuplicateFields(jsonText)),
    strictErrors: (jsonText, schema) => strictDecodingErrors(jsonText, schema),
  };
}
