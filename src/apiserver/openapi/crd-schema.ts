/**
 * The published schemas of a custom resource kind and its list, for OpenAPI v3 (components) and v2
 * (definitions), following apiextensions-apiserver's builder (buildKubeNative, buildListSchema,
 * addEmbeddedProperties) and, for v2, its openapiv2.ToStructuralOpenAPIV2 and kube-openapi's
 * PruneDefaults: kubectl's v2 model cannot take nullable, junctors, untyped arrays or
 * preserve-unknown-fields objects with properties, so those are simplified the same way.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A CRD version as published (the CRD issue builds these from CustomResourceDefinition objects). */
export interface CustomResourceSchema {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Resource name in paths (`widgets`). */
  plural: string;
  namespaced: boolean;
  /** The version's `schema.openAPIV3Schema`; undefined publishes an object with no known fields. */
  openAPIV3Schema?: Record<string, unknown>;
  subresources?: { status?: boolean; scale?: boolean };
}

/** `apiVersion` and `kind` property schemas (upstream's TypeMeta), taken from a built-in kind. */
export interface TypeMetaProperties {
  apiVersion: Json;
  kind: Json;
}

interface Flavour {
  v2: boolean;
  typeMeta: TypeMetaProperties;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';
const OBJECT_META_DESCRIPTION =
  "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const LIST_META_DESCRIPTION =
  'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const EMBEDDED_API_VERSION_DESCRIPTION =
  'apiVersion defines the versioned schema of this representation of an object. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const EMBEDDED_KIND_DESCRIPTION =
  'kind is a string value representing the type of this object. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
/** What structuralschema.Structural keeps of a schema (Generic, Extensions, ValueValidation). */
const STRUCTURAL_KEYWORDS = new Set([
  'description', 'type', 'title', 'default', 'nullable', 'format', 'maximum', 'exclusiveMaximum', 'minimum',
  'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'enum',
  'maxProperties', 'minProperties', 'required', 'allOf', 'oneOf', 'anyOf', 'not', 'properties', 'items',
  'additionalProperties', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);
/** Dropped for v2: junctors (ToStructuralOpenAPIV2) and defaults (PruneDefaults). */
const V2_DROPPED = new Set(['allOf', 'oneOf', 'anyOf', 'not', 'default']);

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** util.ToRESTFriendlyName("g/v/Kind"): the group's DNS labels reversed (`stable.example.com` → `com.example.stable`). */
export function customResourceComponentName(group: string, version: string, kind: string): string {
  const reversedGroup = group.includes('.') ? group.split('.').reverse().join('.') : group;
  return `${reversedGroup}.${version}.${kind}`;
}

function ref(name: string, flavour: Flavour): string {
  return `${flavour.v2 ? '#/definitions/' : '#/components/schemas/'}${name}`;
}

/** A reference carrying its own description: a bare $ref in v2, wrapped in allOf in v3. */
function describedRef(name: string, description: string, flavour: Flavour): JsonObject {
  return flavour.v2 ? { $ref: ref(name, flavour), description } : { allOf: [{ $ref: ref(name, flavour) }], description };
}

/** One schema node as published: structural keywords only, simplified for v2 (parent before children). */
function publishedNode(input: JsonObject, flavour: Flavour): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(input)) {
    if (STRUCTURAL_KEYWORDS.has(key) && !(flavour.v2 && V2_DROPPED.has(key))) out[key] = value;
  }
  if (flavour.v2) {
    const preserve = out['x-kubernetes-preserve-unknown-fields'] === true;
    if (out.nullable === true) {
      delete out.type;
      delete out.items;
      delete out.properties;
    }
    delete out.nullable;
    if (preserve) {
      delete out.items;
      delete out.properties;
    }
    if (out.items === undefined && out.type === 'array') delete out.type;
    if (preserve && out.type === 'object') delete out.type;
    const properties = isJsonObject(out.properties) ? out.properties : {};
    if (Array.isArray(out.required)) {
      const required = out.required.filter((f) => !(typeof f === 'string' && isJsonObject(properties[f]) && properties[f].nullable === true));
      if (required.length > 0) out.required = required;
      else delete out.required;
    }
    if (isJsonObject(out.additionalProperties) && out.additionalProperties.nullable === true) delete out.required;
  }
  if (isJsonObject(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([name, child]) => [name, isJsonObject(child) ? publishedNode(child, flavour) : child]),
    );
  }
  if (isJsonObject(out.items)) out.items = publishedNode(out.items, flavour);
  if (isJsonObject(out.additionalProperties)) out.additionalProperties = publishedNode(out.additionalProperties, flavour);
  addEmbeddedProperties(out, flavour);
  return out;
}

/** Embedded resources get apiVersion, kind and metadata (not in v2 when unknown fields are kept). */
function addEmbeddedProperties(schema: JsonObject, flavour: Flavour): void {
  if (schema['x-kubernetes-embedded-resource'] !== true) return;
  if (flavour.v2 && schema['x-kubernetes-preserve-unknown-fields'] === true) return;
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  properties.apiVersion = { ...(isJsonObject(flavour.typeMeta.apiVersion) ? flavour.typeMeta.apiVersion : {}), description: EMBEDDED_API_VERSION_DESCRIPTION };
  properties.kind = { ...(isJsonObject(flavour.typeMeta.kind) ? flavour.typeMeta.kind : {}), description: EMBEDDED_KIND_DESCRIPTION };
  properties.metadata = describedRef(OBJECT_META, OBJECT_META_DESCRIPTION, flavour);
  schema.properties = properties;
  const required = Array.isArray(schema.required) ? [...schema.required] : [];
  for (const field of ['kind', 'apiVersion']) if (!required.includes(field)) required.push(field);
  schema.required = required;
}

/** The kind's schema: the CRD schema plus apiVersion, kind, metadata and the GVK extension. */
export function customResourceKindSchema(crd: CustomResourceSchema, v2: boolean, typeMeta: TypeMetaProperties): JsonObject {
  const flavour: Flavour = { v2, typeMeta };
  const input = crd.openAPIV3Schema as JsonObject | undefined;
  let schema: JsonObject;
  if (input === undefined || (v2 && input['x-kubernetes-preserve-unknown-fields'] === true)) {
    // Upstream publishes no properties then: kubectl would otherwise reject every other field.
    schema = { type: 'object' };
  } else {
    schema = publishedNode(input, flavour);
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    properties.metadata = describedRef(OBJECT_META, OBJECT_META_DESCRIPTION, flavour);
    properties.apiVersion = typeMeta.apiVersion;
    properties.kind = typeMeta.kind;
    schema.properties = properties;
  }
  schema['x-kubernetes-group-version-kind'] = [{ group: crd.group, kind: crd.kind, version: crd.version }];
  return schema;
}

export function customResourceListSchema(crd: CustomResourceSchema, v2: boolean, typeMeta: TypeMetaProperties): JsonObject {
  const flavour: Flavour = { v2, typeMeta };
  return {
    description: `${crd.listKind} is a list of ${crd.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: typeMeta.apiVersion,
      items: {
        description: `List of ${crd.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: 'array',
        items: { $ref: ref(customResourceComponentName(crd.group, crd.version, crd.kind), flavour) },
      },
      kind: typeMeta.kind,
      metadata: describedRef(LIST_META, LIST_META_DESCRIPTION, flavour),
    },
    'x-kubernetes-group-version-kind': [{ group: crd.group, kind: crd.listKind, version: crd.version }],
  };
}

/** The v2 definitions of some CRD versions (kinds and lists), keyed by definition name. */
export function customResourceV2Definitions(kinds: readonly CustomResourceSchema[], typeMeta: TypeMetaProperties): JsonObject {
  const definitions: JsonObject = {};
  for (const crd of kinds) {
    definitions[customResourceComponentName(crd.group, crd.version, crd.kind)] = customResourceKindSchema(crd, true, typeMeta);
    definitions[customResourceComponentName(crd.group, crd.version, crd.listKind)] = customResourceListSchema(crd, true, typeMeta);
  }
  return definitions;
}
