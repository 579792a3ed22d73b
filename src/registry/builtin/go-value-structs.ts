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

/**
 * What filling one message type takes, worked out once per type from the protobuf and Go field
 * tables: reading protobufjs reflection (fullName, fieldsById) for every object of every write
 * cost more than the filling itself.
 */
interface MessagePlan {
  steps: FieldStep[];
}

interface FieldStep {
  jsonName: string;
  shape: string;
  child: MessagePlan;
  /** For an absent `value` field: what Go writes for it (null for zero times, {} for structs). */
  zero: 'null' | 'object' | undefined;
}

const plans = new WeakMap<protobuf.Type, MessagePlan>();
const kindPlans = new Map<string, MessagePlan | null>();

function messageType(field: protobuf.Field | protobuf.MapField): protobuf.Type | undefined {
  const resolved = field.resolvedType;
  return resolved !== null && 'fieldsById' in resolved ? (resolved as protobuf.Type) : undefined;
}

function nameOf(type: protobuf.Type): string {
  return type.fullName.replace(/^\./, '');
}

function planFor(goJson: GoJsonFields, type: protobuf.Type): MessagePlan {
  let plan = plans.get(type);
  if (plan) return plan;
  // Registered before its fields are planned: message types refer to themselves (JSONSchemaProps).
  plan = { steps: [] };
  plans.set(type, plan);
  const go = goJson.messages[nameOf(type)];
  if (!go?.fields || go.custom || go.slice) return plan;
  for (const [id, jsonName, shape] of go.fields) {
    const field = type.fieldsById[id];
    const fieldType = field && messageType(field);
    if (!fieldType) continue;
    const fieldName = nameOf(fieldType);
    const zero = NULL_WHEN_ZERO.has(fieldName) ? 'null' : goJson.messages[fieldName]?.custom ? undefined : 'object';
    plan.steps.push({ jsonName, shape, child: planFor(goJson, fieldType), zero });
  }
  return plan;
}

function fillMessage(plan: MessagePlan, object: JsonObject): void {
  for (const step of plan.steps) {
    const { jsonName, shape, child } = step;
    if (shape === 'inline') {
      fillMessage(child, object);
      continue;
    }
    const value = object[jsonName];
    if (shape === 'value' && value === undefined) {
      if (step.zero === 'null') object[jsonName] = null;
      else if (step.zero === 'object') object[jsonName] = {};
      if (isObject(object[jsonName])) fillMessage(child, object[jsonName] as JsonObject);
    } else if ((shape === 'value' || shape === 'ptr') && isObject(value)) {
      fillMessage(child, value);
    } else if (shape === 'list' && Array.isArray(value)) {
      for (const item of value) if (isObject(item)) fillMessage(child, item);
    } else if (shape === 'map' && isObject(value)) {
      for (const item of Object.values(value)) if (isObject(item)) fillMessage(child, item);
    }
  }
}

/**
 * Adds the empty non-pointer structs (and null zero times) Go would serialize for a built-in
 * `apiVersion`/`kind` object, in place. Idempotent.
 */
export function fillGoValueStructs(apiVersion: string, kind: string, object: JsonObject): void {
  const id = `${apiVersion}/${kind}`;
  let plan = kindPlans.get(id);
  if (plan === undefined) {
    const schema = getProtobufSchema();
    const messageName = schema.goJson.kinds[apiVersion]?.[kind];
    plan = messageName ? planFor(schema.goJson, schema.root.lookupType(messageName)) : null;
    kindPlans.set(id, plan);
  }
  if (plan) fillMessage(plan, object);
}
