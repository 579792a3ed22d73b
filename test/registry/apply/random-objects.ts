/**
 * Random objects that follow a FieldSchema most of the time and stray from it on purpose: nulls,
 * empty maps and lists, values of the wrong shape, unknown fields, duplicate list-map keys and set
 * items, list items without their keys or of the wrong kind, and keys chosen to sort differently
 * in UTF-8 and UTF-16 (or to be the same UTF-8: lone surrogates). Seeded, so a failure repeats.
 */
import type { JsonObject, JsonValue } from '../../../src/registry/apply/values.js';
import type { FieldSchema } from '../../../src/registry/schema/types.js';


/** mulberry32. */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

const KEYS = ['a', 'b', 'c', 'd', 'e', 'x-1', '', '.', '0', '10', 'f:y', 'k:{}', 'a<b>&', 'ü', '\u2028', '\ue000', '😀', 'a"b', 'a\\b', 'name'];
/** Distinct strings with the same UTF-8 (U+FFFD): now and then a map gets two of them. */
const LONE_SURROGATES = ['\ud800', '\udbff'];
const STRINGS = ['', 'x', 'nginx', 'TCP', 'UDP', '<&>', '\u2028', 'ü', '😀', '\ud800', '1', 'a', 'b'];
const MAX_DEPTH = 9;

export class ObjectGenerator {
  constructor(private readonly random: Random) {}

  /** A value for `schema` (undefined: anything). */
  value(schema: FieldSchema | undefined, depth = 0, odd = 0.05): JsonValue {
    const r = this.random;
    if (schema === undefined || depth > MAX_DEPTH) return this.any(depth);
    if (r.chance(odd)) return this.odd(depth);
    if (schema.intOrString) return r.chance(0.5) ? r.int(100) : r.pick(['50%', '1', 'x']);
    switch (schema.type) {
      case 'object':
        return this.object(schema, depth);
      case 'array':
        return this.array(schema, depth);
      case 'string':
        return r.pick(STRINGS);
      case 'integer':
        return r.pick([0, 1, 80, 8080, -1]);
      case 'number':
        return r.pick([0, 1.5, -2.25, 1e21]);
      case 'boolean':
        return r.chance(0.5);
      default:
        return schema.properties ? this.object(schema, depth) : this.any(depth);
    }
  }

  /** A value of a kind the schema does not expect, or an empty one. */
  private odd(depth: number): JsonValue {
    return this.random.pick<() => JsonValue>([() => null, () => ({}), () => [], () => 'odd', () => 7, () => this.any(depth + 1)])();
  }

  /** Anything: scalars, maps with awkward keys, lists. */
  private any(depth: number): JsonValue {
    const r = this.random;
    const kind = depth > MAX_DEPTH ? r.int(4) : r.int(7);
    switch (kind) {
      case 0:
        return r.pick(STRINGS);
      case 1:
        return r.pick([0, 1, 2.5, -3]);
      case 2:
        return r.chance(0.5);
      case 3:
        return null;
      case 4:
      case 5: {
        const out: JsonObject = {};
        for (let i = r.int(4); i > 0; i--) out[this.key()] = this.any(depth + 1);
        return out;
      }
      default:
        return Array.from({ length: r.int(4) }, () => this.any(depth + 1));
    }
  }

  private key(): string {
    return this.random.chance(0.02) ? this.random.pick(LONE_SURROGATES) : this.random.pick(KEYS);
  }

  private object(schema: FieldSchema, depth: number): JsonObject {
    const r = this.random;
    const out: JsonObject = {};
    const properties = schema.properties ?? {};
    // Lists and maps hold what is awkward: they are picked twice as often, and more near the top.
    const names = Object.keys(properties).flatMap((name) => (properties[name]!.type === 'array' || properties[name]!.type === 'object' ? [name, name] : [name]));
    for (let i = Math.min(names.length, r.int(depth < 4 ? 12 : 6)); i > 0; i--) {
      const name = r.pick(names);
      out[name] = this.value(properties[name], depth + 1);
    }
    const additional = schema.additionalProperties;
    if (additional !== undefined && additional !== false) {
      for (let i = r.int(4); i > 0; i--) out[this.key()] = this.value(typeof additional === 'object' ? additional : undefined, depth + 1);
    }
    if (r.chance(0.08)) out[`unknown${r.int(3)}`] = this.any(depth + 1);
    // An own "__proto__" key, as JSON.parse makes it.
    if (r.chance(0.01)) Object.defineProperty(out, '__proto__', { value: this.any(depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  }

  private array(schema: FieldSchema, depth: number): JsonValue[] {
    const r = this.random;
    const keys = schema.listMapKeys ?? (schema.patchMergeKey ? [schema.patchMergeKey] : []);
    const items: JsonValue[] = [];
    for (let i = r.int(5); i > 0; i--) {
      // Odd items are rarer than odd values elsewhere: one makes the whole object invalid.
      const item = this.value(schema.items, depth + 1, 0.01);
      if (keys.length > 0 && item !== null && typeof item === 'object' && !Array.isArray(item)) this.setKeys(item, keys, schema.items);
      items.push(item);
    }
    // Duplicates (the same key, same or other content) and items a list of this type rejects.
    if (items.length > 0 && r.chance(0.15)) items.push(structuredClone(r.pick(items)));
    if (r.chance(0.01)) items.splice(r.int(items.length + 1), 0, r.pick<JsonValue>([null, 5, 'x', {}, [1], { other: 1 }]));
    return items;
  }

  /** Key fields from a small domain, so items collide; now and then one is left out. */
  private setKeys(item: JsonObject, keys: readonly string[], itemSchema: FieldSchema | undefined): void {
    for (const key of keys) {
      if (this.random.chance(0.01)) {
        delete item[key];
        continue;
      }
      const type = itemSchema?.properties?.[key]?.type;
      item[key] = type === 'integer' ? this.random.pick([80, 81, 443]) : this.random.pick(['a', 'b', 'c', 'TCP', 'UDP']);
    }
  }

  /** A whole object of a kind: generated fields, then its type meta and (usually) a name. */
  resource(schema: FieldSchema, apiVersion: string, kind: string): JsonObject {
    const r = this.random;
    const object = this.object(schema, 0);
    const metadata = schema.properties?.metadata;
    if (r.chance(0.9)) {
      const meta = metadata?.properties ? this.object(metadata, 1) : {};
      object.metadata = { name: 'n', namespace: 'ns', uid: 'u', ...meta };
    }
    if (r.chance(0.5) && schema.properties?.status) object.status = this.value(schema.properties.status, 1);
    if (r.chance(0.8) && schema.properties?.spec) object.spec = this.value(schema.properties.spec, 1);
    return { ...object, apiVersion, kind };
  }
}
