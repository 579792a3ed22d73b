// Messages whose Go type has its own MarshalJSON, so their JSON is not their fields: times,
// durations, quantities, int-or-string, and the embedded-JSON carriers (RawExtension, FieldsV1,
// apiextensions JSON and the JSONSchemaPropsOr* unions). Semantics follow each MarshalJSON in
// k8s.io/apimachinery and k8s.io/apiextensions-apiserver at the pinned version.
import type protobuf from 'protobufjs';

import { ProtobufDecodeError } from './errors.js';
import {
  formatGoDuration,
  formatRfc3339,
  formatRfc3339Micro,
  int64ToBigInt,
  int64ToNumber,
} from './wellknown.js';

type DecodedMessage = Readonly<Record<string, unknown>>;

/** The part of the renderer the unions need to render nested JSONSchemaProps. */
export interface NestedRenderer {
  renderMessage(type: protobuf.Type, message: DecodedMessage): unknown;
}

export type SpecialRender = (message: DecodedMessage, type: protobuf.Type, nested: NestedRenderer) => unknown;

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const APIEXTENSIONS = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1';

function has(message: DecodedMessage, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(message, field);
}

function nonEmptyArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value : undefined;
}

/** Raw JSON bytes embedded in a message; nil/empty renders as null like the Go MarshalJSONs. */
function embeddedJson(message: DecodedMessage, field: string, typeName: string): unknown {
  const raw = message[field];
  if (!(raw instanceof Uint8Array) || raw.length === 0) return null;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ProtobufDecodeError(`${typeName}.${field} does not hold JSON (only JSON payloads are supported)`, {
      cause: error,
    });
  }
}

function nestedSchema(type: protobuf.Type, field: string, message: DecodedMessage, nested: NestedRenderer): unknown {
  const schemaType = type.fields[field]?.resolvedType as protobuf.Type;
  return nested.renderMessage(schemaType, message[field] as DecodedMessage);
}

/** Time.Unmarshal: zero-length data is the zero time (JSON null); nanos are dropped (JSON has seconds). */
function renderTime(message: DecodedMessage): unknown {
  if (!has(message, 'seconds') && !has(message, 'nanos')) return null;
  return formatRfc3339(int64ToNumber(message.seconds));
}

function renderMicroTime(message: DecodedMessage): unknown {
  if (!has(message, 'seconds') && !has(message, 'nanos')) return null;
  return formatRfc3339Micro(int64ToNumber(message.seconds), int64ToNumber(message.nanos));
}

const SPECIAL_RENDERERS: ReadonlyMap<string, SpecialRender> = new Map<string, SpecialRender>([
  [`${META}.Time`, renderTime],
  [`${META}.MicroTime`, renderMicroTime],
  [`${META}.Duration`, (message) => formatGoDuration(int64ToBigInt(message.duration))],
  [`${META}.FieldsV1`, (message) => embeddedJson(message, 'Raw', 'FieldsV1')],
  ['k8s.io.apimachinery.pkg.runtime.RawExtension', (message) => embeddedJson(message, 'raw', 'RawExtension')],
  ['k8s.io.apimachinery.pkg.api.resource.Quantity', (message) => {
    const text = message.string;
    return typeof text === 'string' && text !== '' ? text : '0';
  }],
  ['k8s.io.apimachinery.pkg.util.intstr.IntOrString', (message) =>
    int64ToNumber(message.type) === 1 ? (message.strVal ?? '') : int64ToNumber(message.intVal)],
  [`${APIEXTENSIONS}.JSON`, (message) => embeddedJson(message, 'raw', 'JSON')],
  [`${APIEXTENSIONS}.JSONSchemaPropsOrArray`, (message, type, nested) => {
    const schemas = nonEmptyArray(message.jSONSchemas);
    if (schemas !== undefined) {
      const itemType = type.fields.jSONSchemas?.resolvedType as protobuf.Type;
      return schemas.map((schema) => nested.renderMessage(itemType, schema as DecodedMessage));
    }
    return has(message, 'schema') ? nestedSchema(type, 'schema', message, nested) : null;
  }],
  [`${APIEXTENSIONS}.JSONSchemaPropsOrBool`, (message, type, nested) => {
    if (has(message, 'schema')) return nestedSchema(type, 'schema', message, nested);
    return message.allows === true;
  }],
  [`${APIEXTENSIONS}.JSONSchemaPropsOrStringArray`, (message, type, nested) => {
    const property = nonEmptyArray(message.property);
    if (property !== undefined) return property;
    return has(message, 'schema') ? nestedSchema(type, 'schema', message, nested) : null;
  }],
]);

/** The custom renderer for a fully qualified message name (no leading dot), if Go has a MarshalJSON for it. */
export function findSpecialRenderer(messageName: string): SpecialRender | undefined {
  return SPECIAL_RENDERERS.get(messageName);
}
