// Turns a protobufjs-decoded Kubernetes message into the JSON Go's encoding/json would produce for
// the same Go object. The .proto says how bytes are laid out; go-json-fields.json says what Go's
// JSON looks like (names, pointer vs value, omitempty, inline). Rules, field by field:
//   ptr    present → value; absent → omitted (omitempty) or null
//   value  struct → always rendered (Go never omits structs); scalar → zero value, omitted only
//          when omitempty and zero (Go writes non-pointer scalars to protobuf even when zero)
//   list   repeated/[]byte; empty → omitted (omitempty) or null (nil slice). []byte present but
//          empty is "" (gogo decodes it to []byte{}, which JSON writes as "")
//   map    empty → omitted (omitempty) or null
//   inline the nested message's fields merged into the parent (e.g. Volume.volumeSource)
import type protobuf from 'protobufjs';

import { ProtobufDecodeError } from './errors.js';
import type { GoFieldShape, GoJsonFields } from './schema.js';
import { findSpecialRenderer, type SpecialRender } from './special.js';
import { int64ToNumber } from './wellknown.js';

/** A decoded message: own properties are the fields present on the wire. */
export type DecodedMessage = Readonly<Record<string, unknown>>;

const EMPTY_MESSAGE: DecodedMessage = Object.freeze({});
const INT64_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

interface FieldPlan {
  readonly field: protobuf.Field;
  readonly jsonName: string;
  readonly shape: GoFieldShape;
  readonly omitEmpty: boolean;
}

type MessagePlan =
  | { readonly kind: 'struct'; readonly fields: readonly FieldPlan[] }
  | { readonly kind: 'slice'; readonly items: protobuf.Field }
  | { readonly kind: 'special'; readonly render: SpecialRender };

export class GoJsonRenderer {
  private readonly plans = new Map<protobuf.Type, MessagePlan>();

  constructor(private readonly goJson: GoJsonFields) {}

  renderMessage(type: protobuf.Type, message: DecodedMessage): unknown {
    const plan = this.planFor(type);
    if (plan.kind === 'special') return plan.render(message, type, this);
    if (plan.kind === 'slice') {
      // Present on the wire means non-nil in Go (gogo decodes map values into `T{}`), so `[]`.
      const items = message[plan.items.name];
      return Array.isArray(items) ? items.map((item) => this.renderSingular(plan.items, item)) : [];
    }
    const out: Record<string, unknown> = {};
    this.renderFieldsInto(out, plan.fields, message);
    return out;
  }

  /** One non-repeated value of `field` (a message, bytes, int64 or other scalar). */
  renderSingular(field: protobuf.Field | protobuf.MapField, value: unknown): unknown {
    if (isMessageType(field.resolvedType)) {
      return this.renderMessage(field.resolvedType, (value ?? EMPTY_MESSAGE) as DecodedMessage);
    }
    if (field.type === 'bytes') return toBase64(value as Uint8Array);
    if (INT64_TYPES.has(field.type)) return int64ToNumber(value);
    return value;
  }

  private renderFieldsInto(out: Record<string, unknown>, fields: readonly FieldPlan[], message: DecodedMessage): void {
    for (const plan of fields) {
      const { field, jsonName, omitEmpty } = plan;
      const present = Object.prototype.hasOwnProperty.call(message, field.name);
      const value = present ? message[field.name] : undefined;
      switch (plan.shape) {
        case 'inline': {
          const nested = this.planFor(field.resolvedType as protobuf.Type);
          if (nested.kind !== 'struct') throw new ProtobufDecodeError(`inline field ${field.fullName} is not a struct`);
          this.renderFieldsInto(out, nested.fields, (value ?? EMPTY_MESSAGE) as DecodedMessage);
          break;
        }
        case 'ptr':
          if (present && value !== null) out[jsonName] = this.renderSingular(field, value);
          else if (!omitEmpty) out[jsonName] = null;
          break;
        case 'list':
          this.renderList(out, plan, present, value);
          break;
        case 'map': {
          const entries = value === undefined || value === null ? [] : Object.entries(value as object);
          if (entries.length > 0) {
            const rendered: Record<string, unknown> = {};
            for (const [key, entry] of entries) rendered[key] = this.renderSingular(field, entry);
            out[jsonName] = rendered;
          } else if (!omitEmpty) {
            out[jsonName] = null;
          }
          break;
        }
        case 'value':
          this.renderValue(out, plan, present, value);
          break;
      }
    }
  }

  private renderList(out: Record<string, unknown>, plan: FieldPlan, present: boolean, value: unknown): void {
    const { field, jsonName, omitEmpty } = plan;
    let rendered: unknown;
    if (field.repeated) {
      const items = Array.isArray(value) ? value : [];
      rendered = items.length > 0 ? items.map((item) => this.renderSingular(field, item)) : null;
    } else if (field.type === 'bytes') {
      const bytes = present ? (value as Uint8Array) : undefined;
      if (bytes === undefined || (bytes.length === 0 && omitEmpty)) rendered = null;
      else rendered = toBase64(bytes);
    } else {
      // A named Go slice wrapped in a message (metav1.Verbs): an array, or null when absent.
      rendered = present ? this.renderSingular(field, value) : null;
    }
    const empty = rendered === null || (Array.isArray(rendered) && rendered.length === 0);
    if (!(omitEmpty && empty)) out[jsonName] = rendered;
  }

  private renderValue(out: Record<string, unknown>, plan: FieldPlan, present: boolean, value: unknown): void {
    const { field, jsonName, omitEmpty } = plan;
    if (isMessageType(field.resolvedType)) {
      out[jsonName] = this.renderSingular(field, present ? value : EMPTY_MESSAGE);
      return;
    }
    const scalar = this.renderSingular(field, present ? value : zeroValue(field.type));
    if (omitEmpty && (scalar === '' || scalar === 0 || scalar === false)) return;
    out[jsonName] = scalar;
  }

  private planFor(type: protobuf.Type): MessagePlan {
    let plan = this.plans.get(type);
    if (plan === undefined) {
      plan = this.buildPlan(type);
      this.plans.set(type, plan);
    }
    return plan;
  }

  private buildPlan(type: protobuf.Type): MessagePlan {
    const name = type.fullName.replace(/^\./, '');
    const render = findSpecialRenderer(name);
    if (render !== undefined) return { kind: 'special', render };
    const goMessage = this.goJson.messages[name];
    if (goMessage === undefined) throw new ProtobufDecodeError(`no Go JSON mapping for protobuf message ${name}`);
    if (goMessage.custom === true) throw new ProtobufDecodeError(`no renderer for ${name}, whose Go type has its own MarshalJSON`);
    if (goMessage.slice === true) {
      const items = type.fieldsById[1];
      if (items === undefined || !items.repeated) throw new ProtobufDecodeError(`${name} has no repeated items field`);
      return { kind: 'slice', items };
    }
    const fields = (goMessage.fields ?? []).map(([id, jsonName, shape, omitEmpty]): FieldPlan => {
      const field = type.fieldsById[id];
      if (field === undefined) throw new ProtobufDecodeError(`${name} has no protobuf field ${id} (${jsonName})`);
      return { field, jsonName, shape, omitEmpty: omitEmpty === 1 };
    });
    return { kind: 'struct', fields };
  }
}

/** Go's encoding/json writes []byte as standard base64 (a view, not a copy, of the decoded bytes). */
function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** protobufjs is loaded lazily (schema.ts), so classes are told apart by shape, not instanceof. */
function isMessageType(resolved: protobuf.ReflectionObject | null): resolved is protobuf.Type {
  return resolved !== null && 'fieldsById' in resolved;
}

function zeroValue(protoType: string): unknown {
  switch (protoType) {
    case 'string':
      return '';
    case 'bool':
      return false;
    default:
      return 0;
  }
}
