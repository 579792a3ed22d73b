export type { FieldSchema, GroupVersionKind, SchemaSource } from './types.js';
export { BuiltinSchemaSource, v3PathForGroupVersion, type OpenApiV3DocumentProvider } from './builtin-schema-source.js';
export { OpenApiV3SchemaResolver, fieldSchemaFromOpenApiV3 } from './openapi-v3-schema.js';
export {
  decodeShape,
  duplicateFieldMessage,
  findUnknownFields,
  pruneUnknownFields,
  goQuote,
  unknownFieldMessage,
  upstreamStrictDecodingMessage,
  MAX_STRICT_ERRORS,
  type DecodeShape,
} from './strict-decoding.js';
export { findDuplicateFields, mayHaveDuplicateKeys, scanStrictFieldErrors, strictDecodingErrors, type StrictFieldError } from './json-strict-scan.js';
export { builtinFieldChecker, builtinSchemaSource, type BuiltinFieldChecker } from './builtin.js';
