/**
 * Encodes a Swagger 2.0 document (JSON) as gnostic's `openapi.v2.Document` protobuf message, the body
 * kube-apiserver sends for `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and
 * the only form client-go asks for. Upstream builds it with gnostic's generated compiler
 * (`openapi_v2.ParseDocument` in kube-openapi's handler.ToProtoBinary); this file follows that
 * compiler's mapping construct by construct:
 * - every `x-*` key becomes a `NamedAny` in `vendor_extension`, its value re-marshalled as YAML;
 * - `default`, `enum` items and `example` become `Any{yaml}`;
 * - oneofs pick the alternative whose constructor accepts the value; when several accept, the last
 *   one tried wins (`$ref` → JsonReference, `in: body` → BodyParameter, `type: file` → FileSchema);
 * - proto3 scalars equal to their default are left out, as Go's proto.Marshal does.
 * The message objects use the .proto field names (the root is parsed with keepCase).
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { stringify as yamlStringify } from 'yaml';

type Json = null | boolean | number | string | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}
/** A protobufjs message in plain-object form, keyed by .proto field names. */
export interface ProtoMessage {
  [field: string]: unknown;
}

const VENDOR_EXTENSION = /^x-/;
const RESPONSE_CODE = /^([0-9]{3})$|^(default)$/;
const FILE_SCHEMA_KEYS = new Set(['default', 'description', 'example', 'externalDocs', 'format', 'readOnly', 'required', 'title', 'type']);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds one message, dropping fields that proto3 would not put on the wire. */
function message(fields: Record<string, unknown>): ProtoMessage {
  const out: ProtoMessage = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === '' || value === false || value === 0) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[name] = value;
  }
  return out;
}

const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: Json | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const bool = (v: Json | undefined): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const strings = (v: Json | undefined): string[] | undefined =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;

/** Any values repeat a lot (`merge`, `atomic`, GVK lists), so their YAML is memoised by JSON text. */
export class GnosticV2Encoder {
  private readonly yamlCache = new Map<string, string>();

  toDocument(doc: JsonObject): ProtoMessage {
    const security = Array.isArray(doc.security) ? doc.security.map((r) => this.securityRequirement(r)) : undefined;
    return message({
      swagger: str(doc.swagger),
      info: isObject(doc.info) ? this.info(doc.info) : undefined,
      host: str(doc.host),
      base_path: str(doc.basePath),
      schemes: strings(doc.schemes),
      consumes: strings(doc.consumes),
      produces: strings(doc.produces),
      paths: isObject(doc.paths) ? this.paths(doc.paths) : undefined,
      definitions: isObject(doc.definitions) ? { additional_properties: this.namedSchemas(doc.definitions) } : undefined,
      parameters: isObject(doc.parameters)
        ? { additional_properties: this.named(doc.parameters, (p) => this.parameter(p)) }
        : undefined,
      responses: isObject(doc.responses)
        ? { additional_properties: this.named(doc.responses, (r) => this.response(r)) }
        : undefined,
      security,
      security_definitions: isObject(doc.securityDefinitions)
        ? { additional_properties: this.named(doc.securityDefinitions, (s) => this.securityDefinitionsItem(s)) }
        : undefined,
      tags: Array.isArray(doc.tags) ? doc.tags.filter(isObject).map((t) => this.tag(t)) : undefined,
      external_docs: this.externalDocs(doc.externalDocs),
      vendor_extension: this.vendorExtensions(doc),
    });
  }

  any(value: Json): ProtoMessage {
    const key = JSON.stringify(value);
    let yaml = this.yamlCache.get(key);
    if (yaml === undefined) {
      // gnostic marshals with yaml.v3 (compiler.Marshal). These options give its exact text for every
      // value in the upstream spec; elsewhere (nested maps, multi-line strings) the text may differ
      // but means the same, which is all kube-openapi's yaml.Unmarshal of Any.yaml sees. No block
      // scalars: a top-level `|-` with unindented lines does not parse in Go's yaml.
      yaml = yamlStringify(value, { indent: 2, lineWidth: 0, minContentWidth: 0, blockQuote: false });
      this.yamlCache.set(key, yaml);
    }
    return { yaml };
  }

  private vendorExtensions(obj: JsonObject): ProtoMessage[] {
    const out: ProtoMessage[] = [];
    for (const [name, value] of Object.entries(obj)) {
      if (VENDOR_EXTENSION.test(name)) out.push({ name, value: this.any(value) });
    }
    return out;
  }

  private named(obj: JsonObject, build: (value: JsonObject) => ProtoMessage): ProtoMessage[] {
    const out: ProtoMessage[] = [];
    for (const [name, value] of Object.entries(obj)) {
      if (isObject(value)) out.push({ name, value: build(value) });
    }
    return out;
  }

  private namedSchemas(obj: JsonObject): ProtoMessage[] {
    return this.named(obj, (s) => this.schema(s));
  }

  private info(info: JsonObject): ProtoMessage {
    const contact = isObject(info.contact) ? info.contact : undefined;
    const license = isObject(info.license) ? info.license : undefined;
    return message({
      title: str(info.title),
      version: str(info.version),
      description: str(info.description),
      terms_of_service: str(info.termsOfService),
      contact: contact && message({ name: str(contact.name), url: str(contact.url), email: str(contact.email), vendor_extension: this.vendorExtensions(contact) }),
      license: license && message({ name: str(license.name), url: str(license.url), vendor_extension: this.vendorExtensions(license) }),
      vendor_extension: this.vendorExtensions(info),
    });
  }

  private externalDocs(docs: Json | undefined): ProtoMessage | undefined {
    if (!isObject(docs)) return undefined;
    return message({ description: str(docs.description), url: str(docs.url), vendor_extension: this.vendorExtensions(docs) });
  }

  private tag(tag: JsonObject): ProtoMessage {
    return message({
      name: str(tag.name),
      description: str(tag.description),
      external_docs: this.externalDocs(tag.externalDocs),
      vendor_extension: this.vendorExtensions(tag),
    });
  }

  private paths(paths: JsonObject): ProtoMessage {
    const path: ProtoMessage[] = [];
    for (const [name, item] of Object.entries(paths)) {
      if (name.startsWith('/') && isObject(item)) path.push({ name, value: this.pathItem(item) });
    }
    return message({ vendor_extension: this.vendorExtensions(paths), path });
  }

  private pathItem(item: JsonObject): ProtoMessage {
    const operation = (key: string): ProtoMessage | undefined => {
      const op = item[key];
      return isObject(op) ? this.operation(op) : undefined;
    };
    return message({
      _ref: str(item.$ref),
      get: operation('get'),
      put: operation('put'),
      post: operation('post'),
      delete: operation('delete'),
      options: operation('options'),
      head: operation('head'),
      patch: operation('patch'),
      parameters: this.parametersItems(item.parameters),
      vendor_extension: this.vendorExtensions(item),
    });
  }

  private operation(op: JsonObject): ProtoMessage {
    return message({
      tags: strings(op.tags),
      summary: str(op.summary),
      description: str(op.description),
      external_docs: this.externalDocs(op.externalDocs),
      operation_id: str(op.operationId),
      produces: strings(op.produces),
      consumes: strings(op.consumes),
      parameters: this.parametersItems(op.parameters),
      responses: isObject(op.responses) ? this.responses(op.responses) : undefined,
      schemes: strings(op.schemes),
      deprecated: bool(op.deprecated),
      security: Array.isArray(op.security) ? op.security.map((r) => this.securityRequirement(r)) : undefined,
      vendor_extension: this.vendorExtensions(op),
    });
  }

  private jsonReference(ref: JsonObject): ProtoMessage {
    return message({ _ref: str(ref.$ref), description: str(ref.description) });
  }

  private parametersItems(list: Json | undefined): ProtoMessage[] | undefined {
    if (!Array.isArray(list)) return undefined;
    return list.filter(isObject).map((p) =>
      p.$ref !== undefined ? { json_reference: this.jsonReference(p) } : { parameter: this.parameter(p) },
    );
  }

  private parameter(p: JsonObject): ProtoMessage {
    if (p.in === 'body') {
      return {
        body_parameter: message({
          description: str(p.description),
          name: str(p.name),
          in: str(p.in),
          required: bool(p.required),
          schema: isObject(p.schema) ? this.schema(p.schema) : undefined,
          vendor_extension: this.vendorExtensions(p),
        }),
      };
    }
    const subSchemaField: Record<string, string> = {
      header: 'header_parameter_sub_schema',
      formData: 'form_data_parameter_sub_schema',
      query: 'query_parameter_sub_schema',
      path: 'path_parameter_sub_schema',
    };
    const field = typeof p.in === 'string' ? subSchemaField[p.in] : undefined;
    if (field === undefined) throw new Error(`gnostic: invalid parameter location ${JSON.stringify(p.in)}`);
    const allowsEmptyValue = p.in === 'query' || p.in === 'formData';
    const subSchema = message({
      required: bool(p.required),
      in: str(p.in),
      description: str(p.description),
      name: str(p.name),
      allow_empty_value: allowsEmptyValue ? bool(p.allowEmptyValue) : undefined,
      ...this.primitiveFields(p),
    });
    return { non_body_parameter: { [field]: subSchema } };
  }

  /** The fields non-body parameters, headers and PrimitivesItems share, in .proto order. */
  private primitiveFields(p: JsonObject): Record<string, unknown> {
    return {
      type: str(p.type),
      format: str(p.format),
      items: isObject(p.items) ? message(this.primitiveFields(p.items)) : undefined,
      collection_format: str(p.collectionFormat),
      default: p.default !== undefined ? this.any(p.default) : undefined,
      maximum: num(p.maximum),
      exclusive_maximum: bool(p.exclusiveMaximum),
      minimum: num(p.minimum),
      exclusive_minimum: bool(p.exclusiveMinimum),
      max_length: num(p.maxLength),
      min_length: num(p.minLength),
      pattern: str(p.pattern),
      max_items: num(p.maxItems),
      min_items: num(p.minItems),
      unique_items: bool(p.uniqueItems),
      enum: Array.isArray(p.enum) ? p.enum.map((v) => this.any(v)) : undefined,
      multiple_of: num(p.multipleOf),
      vendor_extension: this.vendorExtensions(p),
    };
  }

  private responses(responses: JsonObject): ProtoMessage {
    const responseCode: ProtoMessage[] = [];
    for (const [name, value] of Object.entries(responses)) {
      if (!RESPONSE_CODE.test(name) || !isObject(value)) continue;
      const responseValue = value.$ref !== undefined ? { json_reference: this.jsonReference(value) } : { response: this.response(value) };
      responseCode.push({ name, value: responseValue });
    }
    return message({ response_code: responseCode, vendor_extension: this.vendorExtensions(responses) });
  }

  private response(r: JsonObject): ProtoMessage {
    return message({
      description: str(r.description),
      schema: isObject(r.schema) ? this.schemaItem(r.schema) : undefined,
      headers: isObject(r.headers)
        ? { additional_properties: this.named(r.headers, (h) => message({ ...this.primitiveFields(h), description: str(h.description) })) }
        : undefined,
      examples: isObject(r.examples)
        ? { additional_properties: Object.entries(r.examples).map(([name, v]) => ({ name, value: this.any(v) })) }
        : undefined,
      vendor_extension: this.vendorExtensions(r),
    });
  }

  private schemaItem(s: JsonObject): ProtoMessage {
    const isFileSchema = s.type === 'file' && Object.keys(s).every((k) => FILE_SCHEMA_KEYS.has(k) || VENDOR_EXTENSION.test(k));
    if (!isFileSchema) return { schema: this.schema(s) };
    return {
      file_schema: message({
        format: str(s.format),
        title: str(s.title),
        description: str(s.description),
        default: s.default !== undefined ? this.any(s.default) : undefined,
        required: strings(s.required),
        type: str(s.type),
        read_only: bool(s.readOnly),
        external_docs: this.externalDocs(s.externalDocs),
        example: s.example !== undefined ? this.any(s.example) : undefined,
        vendor_extension: this.vendorExtensions(s),
      }),
    };
  }

  schema(s: JsonObject): ProtoMessage {
    const additional = s.additionalProperties;
    const xml = isObject(s.xml) ? s.xml : undefined;
    return message({
      _ref: str(s.$ref),
      format: str(s.format),
      title: str(s.title),
      description: str(s.description),
      default: s.default !== undefined ? this.any(s.default) : undefined,
      multiple_of: num(s.multipleOf),
      maximum: num(s.maximum),
      exclusive_maximum: bool(s.exclusiveMaximum),
      minimum: num(s.minimum),
      exclusive_minimum: bool(s.exclusiveMinimum),
      max_length: num(s.maxLength),
      min_length: num(s.minLength),
      pattern: str(s.pattern),
      max_items: num(s.maxItems),
      min_items: num(s.minItems),
      unique_items: bool(s.uniqueItems),
      max_properties: num(s.maxProperties),
      min_properties: num(s.minProperties),
      required: strings(s.required),
      enum: Array.isArray(s.enum) ? s.enum.map((v) => this.any(v)) : undefined,
      additional_properties: isObject(additional)
        ? { schema: this.schema(additional) }
        : typeof additional === 'boolean'
          ? { boolean: additional }
          : undefined,
      type: typeof s.type === 'string' ? { value: [s.type] } : Array.isArray(s.type) ? { value: strings(s.type) } : undefined,
      items: isObject(s.items) ? { schema: [this.schema(s.items)] } : undefined,
      all_of: Array.isArray(s.allOf) ? s.allOf.filter(isObject).map((x) => this.schema(x)) : undefined,
      properties: isObject(s.properties) ? { additional_properties: this.namedSchemas(s.properties) } : undefined,
      discriminator: str(s.discriminator),
      read_only: bool(s.readOnly),
      xml: xml && message({
        name: str(xml.name),
        namespace: str(xml.namespace),
        prefix: str(xml.prefix),
        attribute: bool(xml.attribute),
        wrapped: bool(xml.wrapped),
        vendor_extension: this.vendorExtensions(xml),
      }),
      external_docs: this.externalDocs(s.externalDocs),
      example: s.example !== undefined ? this.any(s.example) : undefined,
      vendor_extension: this.vendorExtensions(s),
    });
  }

  private securityDefinitionsItem(s: JsonObject): ProtoMessage {
    const common = { type: str(s.type), description: str(s.description), vendor_extension: this.vendorExtensions(s) };
    if (s.type === 'basic') return { basic_authentication_security: message(common) };
    if (s.type === 'apiKey') {
      return { api_key_security: message({ type: common.type, name: str(s.name), in: str(s.in), description: common.description, vendor_extension: common.vendor_extension }) };
    }
    throw new Error(`gnostic: security definition type ${JSON.stringify(s.type)} is not supported`);
  }

  private securityRequirement(requirement: Json): ProtoMessage {
    const entries = isObject(requirement) ? Object.entries(requirement) : [];
    return message({
      additional_properties: entries.map(([name, scopes]) => ({ name, value: message({ value: strings(scopes) }) })),
    });
  }
}

/** Parses the vendored OpenAPIv2.proto (field names kept as written) and returns its Document type. */
export function loadDocumentType(protoPath: string): protobuf.Type {
  const root = new protobuf.Root();
  // gnostic's Any wraps google.protobuf.Any, which we never fill; declaring it is enough to resolve.
  protobuf.parse('syntax = "proto3"; package google.protobuf; message Any { string type_url = 1; bytes value = 2; }', root, { keepCase: true });
  protobuf.parse(readFileSync(protoPath, 'utf8'), root, { keepCase: true });
  root.resolveAll();
  return root.lookupType('openapi.v2.Document');
}

/** Encodes a parsed Swagger 2.0 document into gnostic protobuf bytes. */
export function encodeSwaggerAsGnostic(swagger: JsonObject, documentType: protobuf.Type): Buffer {
  const document = new GnosticV2Encoder().toDocument(swagger);
  const bytes = documentType.encode(document).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export type { Json as SwaggerJson, JsonObject as SwaggerObject };
