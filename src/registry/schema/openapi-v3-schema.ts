/**
 * Turns OpenAPI v3 schemas (the upstream built-in documents, or a CRD's openAPIV3Schema) into the
 * resolved FieldSchema tree of types.ts.
 *
 * Upstream documents point at other components through `$ref` or, when the use site adds its own
 * description/default/x-kubernetes-* keywords, through `allOf: [{$ref}]`. A use site is resolved by
 * laying its own keywords over the referenced component's, so patch metadata written on the field
 * (`x-kubernetes-patch-strategy` on `containers`) is kept. Nested schemas (`properties`, `items`,
 * `additionalProperties`) are built on first access and then cached, which keeps lookups cheap and
 * lets recursive types (JSONSchemaProps) form a cyclic graph: walk it, do not JSON.stringify it.
 */
import type { FieldSchema } from './types.js';

type RawSchema = Record<string, unknown>;

const SCHEMA_TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const LIST_TYPES = new Set(['atomic', 'set', 'map']);
const MAP_TYPES = new Set(['atomic', 'granular']);
/** Components whose Go types unmarshal to raw bytes; see FieldSchema.opaque. */
const RAW_JSON_COMPONENTS = new Set([
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
]);
/** Carried through flatten() to mark use sites of RAW_JSON_COMPONENTS; not a keyword anyone writes. */
const OPAQUE_MARK = '\u0000opaque';
/** Keywords mapped onto FieldSchema fields (or resolved away); the rest go to `extra`. */
const MAPPED_KEYWORDS = new Set([
  '$ref', 'allOf', 'type', 'format', 'description', 'properties', 'additionalProperties', 'items', 'required', 'enum',
  'default', 'nullable', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', OPAQUE_MARK,
]);
const COMPONENT_REF_PREFIX = '#/components/schemas/';

function isRawSchema(value: unknown): value is RawSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Defines `key` as a getter that builds the value once, then replaces itself with it. */
function defineLazy<K extends 'properties' | 'items' | 'additionalProperties'>(
  target: FieldSchema,
  key: K,
  build: () => FieldSchema[K],
): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): FieldSchema[K] {
      const value = build();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

export class OpenApiV3SchemaResolver {
  private readonly components: Record<string, unknown>;
  private readonly byComponent = new Map<string, FieldSchema>();
  /** Use sites are objects of the parsed document, so caching by identity turns recursion into cycles. */
  private readonly byUseSite = new WeakMap<RawSchema, FieldSchema>();

  /** `components` is a v3 document's `components.schemas` (empty for self-contained CRD schemas). */
  constructor(components: Record<string, unknown> = {}) {
    this.components = components;
  }

  /** The FieldSchema of one component (`io.k8s.api.apps.v1.Deployment`), undefined if absent. */
  component(name: string): FieldSchema | undefined {
    const cached = this.byComponent.get(name);
    if (cached !== undefined) return cached;
    const raw = this.components[name];
    if (!isRawSchema(raw)) return undefined;
    const built = this.build(RAW_JSON_COMPONENTS.has(name) ? { ...raw, [OPAQUE_MARK]: true } : raw);
    this.byComponent.set(name, built);
    return built;
  }

  /** Builds the FieldSchema of any schema object, resolving references against the components. */
  build(raw: RawSchema): FieldSchema {
    const pureRef = typeof raw.$ref === 'string' && Object.keys(raw).length === 1;
    if (pureRef) {
      const name = this.componentName(raw.$ref as string);
      const target = name === undefined ? undefined : this.component(name);
      if (target !== undefined) return target;
    }
    const cached = this.byUseSite.get(raw);
    if (cached !== undefined) return cached;
    const built = this.fromFlattened(this.flatten(raw, new Set()));
    this.byUseSite.set(raw, built);
    return built;
  }

  private componentName(ref: string): string | undefined {
    return ref.startsWith(COMPONENT_REF_PREFIX) ? ref.slice(COMPONENT_REF_PREFIX.length) : undefined;
  }

  /** The use site's keywords over those of everything it references ($ref and allOf), shallowly. */
  private flatten(raw: RawSchema, seen: Set<string>): RawSchema {
    let merged: RawSchema = {};
    const referenced: unknown[] = [];
    if (typeof raw.$ref === 'string') referenced.push({ $ref: raw.$ref });
    if (Array.isArray(raw.allOf)) referenced.push(...raw.allOf);
    for (const part of referenced) {
      if (!isRawSchema(part)) continue;
      let resolved: RawSchema = part;
      if (typeof part.$ref === 'string') {
        const name = this.componentName(part.$ref);
        const target = name === undefined ? undefined : this.components[name];
        if (name === undefined || seen.has(name) || !isRawSchema(target)) continue;
        resolved = this.flatten(target, new Set([...seen, name]));
        if (RAW_JSON_COMPONENTS.has(name)) resolved = { ...resolved, [OPAQUE_MARK]: true };
      } else {
        resolved = this.flatten(part, seen);
      }
      const properties = isRawSchema(merged.properties) && isRawSchema(resolved.properties)
        ? { ...merged.properties, ...resolved.properties }
        : (resolved.properties ?? merged.properties);
      merged = { ...merged, ...resolved, ...(properties === undefined ? {} : { properties }) };
    }
    const { $ref: _ref, allOf: _allOf, ...own } = raw;
    return { ...merged, ...own };
  }

  private fromFlattened(raw: RawSchema): FieldSchema {
    const schema: FieldSchema = {};
    if (typeof raw.type === 'string' && SCHEMA_TYPES.has(raw.type)) schema.type = raw.type as FieldSchema['type'];
    if (typeof raw.format === 'string') schema.format = raw.format;
    if (typeof raw.description === 'string') schema.description = raw.description;
    if (Array.isArray(raw.required)) schema.required = raw.required.filter((r): r is string => typeof r === 'string');
    if (Array.isArray(raw.enum)) schema.enum = raw.enum;
    if (raw.default !== undefined) schema.default = raw.default;
    if (raw.nullable === true) schema.nullable = true;
    const patchStrategy = raw['x-kubernetes-patch-strategy'];
    if (typeof patchStrategy === 'string') schema.patchStrategy = patchStrategy;
    const mergeKey = raw['x-kubernetes-patch-merge-key'];
    if (typeof mergeKey === 'string') schema.patchMergeKey = mergeKey;
    const listType = raw['x-kubernetes-list-type'];
    if (typeof listType === 'string' && LIST_TYPES.has(listType)) schema.listType = listType as FieldSchema['listType'];
    const listMapKeys = raw['x-kubernetes-list-map-keys'];
    if (Array.isArray(listMapKeys)) schema.listMapKeys = listMapKeys.filter((k): k is string => typeof k === 'string');
    const mapType = raw['x-kubernetes-map-type'];
    if (typeof mapType === 'string' && MAP_TYPES.has(mapType)) schema.mapType = mapType as FieldSchema['mapType'];
    // Built-in IntOrString is published as `format: int-or-string` with a oneOf; CRDs use the extension.
    if (raw['x-kubernetes-int-or-string'] === true || raw.format === 'int-or-string') schema.intOrString = true;
    if (raw['x-kubernetes-preserve-unknown-fields'] === true) schema.preserveUnknownFields = true;
    if (raw['x-kubernetes-embedded-resource'] === true) schema.embeddedResource = true;
    if (raw[OPAQUE_MARK] === true) schema.opaque = true;

    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) if (!MAPPED_KEYWORDS.has(key)) extra[key] = value;
    if (Object.keys(extra).length > 0) schema.extra = extra;

    const properties = raw.properties;
    if (isRawSchema(properties)) {
      defineLazy(schema, 'properties', () => {
        const built: Record<string, FieldSchema> = {};
        for (const [name, value] of Object.entries(properties)) if (isRawSchema(value)) built[name] = this.build(value);
        return built;
      });
    }
    const items = raw.items;
    if (isRawSchema(items)) defineLazy(schema, 'items', () => this.build(items));
    const additional = raw.additionalProperties;
    if (typeof additional === 'boolean') schema.additionalProperties = additional;
    else if (isRawSchema(additional)) defineLazy(schema, 'additionalProperties', () => this.build(additional));
    return schema;
  }
}

/** A self-contained schema (a CRD version's openAPIV3Schema) as a FieldSchema. */
export function fieldSchemaFromOpenApiV3(schema: Record<string, unknown>): FieldSchema {
  return new OpenApiV3SchemaResolver().build(schema);
}
