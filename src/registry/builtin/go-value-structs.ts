/**
 * The empty structs Go always writes. kube-apiserver decodes every body into Go structs and encodes
 * them back, and encoding/json never omits a non-pointer struct field (`omitempty` does not apply to
 * structs): a container applied without `resources` is stored and returned with `resources: {}`,
 * a Service with `status: {loadBalancer: {}}`, a pod template with `metadata.creationTimestamp: null`
 * (metav1.Time's MarshalJSON writes its zero value as null). Server-side apply sees the same object,
 * so managedFields list `f:resources: {}` too.
 *
 * Which fields are non-pointer structs comes from the Go types, recorded per protobuf message in
 * third_party/k8s-proto/go-json-fields.json (see src/apiserver/protobuf/schema.ts); kinds not in it
 * (custom resources) are left alone. Only absent fields are filled; present values are walked.
 */
import type protobuf from 'protobufjs';

import { getProtobufSchema, type GoJsonFields } from '../../apiserver/protobuf/schema.js';
import { isObject, type JsonObject } from '../defaults/util.js';

/** metav1.Time and MicroTime marshal their zero value as null. */
const NULL_WHEN_ZERO = new Set(['k8s.io.apimachinery.pkg.apis.meta.v1.Time', 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime']);

interface Lookup {
  readonly root: protobuf.Root;
  readonly goJson: GoJsonFields;
}

function messageType(field: protobuf.Field | protobuf.MapField): protobuf.Type | undefined {
  const resolved = field.resolvedType;
  return resolved !== null && 'fieldsById' in resolved ? (resolved as protobuf.Type) : undefined;
}

function nameOf(type: protobuf.Type): string {
  return type.fullName.replace(/^\./, '');
}

function fillMessage(lookup: Lookup, type: protobuf.Type, object: JsonObject): void {
  const go = lookup.goJson.messages[nameOf(type)];
  if (!go?.fields || go.custom || go.slice) return;
  for (const [id, jsonName, shape] of go.fields) {
    const field = type.fieldsById[id];
    const fieldType = field && messageType(field);
    if (!fieldType) continue;
    if (shape === 'inline') {
      fillMessage(lookup, fieldType, object);
      continue;
    }
    const value = object[jsonName];
    if (shape === 'value' && value === undefined) {
      const fieldName = nameOf(fieldType);
      if (NULL_WHEN_ZERO.has(fieldName)) object[jsonName] = null;
      else if (!lookup.goJson.messages[fieldName]?.custom) object[jsonName] = {};
      if (isObject(object[jsonName])) fillMessage(lookup, fieldType, object[jsonName] as JsonObject);
    } else if ((shape === 'value' || shape === 'ptr') && isObject(value)) {
      fillMessage(lookup, fieldType, value);
    } else if (shape === 'list' && Array.isArray(value)) {
      for (const item of value) if (isObject(item)) fillMessage(lookup, fieldType, item);
    } else if (shape === 'map' && isObject(value)) {
      for (const item of Object.values(value)) if (isObject(item)) fillMessage(lookup, fieldType, item);
    }
  }
}

/**
 * Adds the empty non-pointer structs (and null zero times) Go would serialize for a built-in
 * `apiVersion`/`kind` object, in place. Idempotent.
 */
export function fillGoValueStructs(apiVersion: string, kind: string, object: JsonObject): void {
  const schema = getProtobufSchema();
  const messageName = schema.goJson.kinds[apiVersion]?.[kind];
  if (!messageName) return;
  const type = schema.root.lookupType(messageName);
  fillMessage({ root: schema.root, goJson: schema.goJson }, type, object);
}
