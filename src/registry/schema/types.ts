/**
 * A resolved (no $ref) view of an OpenAPI v3 structural schema, shared by everything that walks
 * objects by schema: strategic merge patch, server-side apply, field validation (unknown fields),
 * CRD pruning/defaulting. Built-in kinds get theirs from the upstream OpenAPI spec
 * (src/apiserver/openapi), CRDs from their openAPIV3Schema.
 */
export interface FieldSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  /** Named fields of an object (struct). Resolved lazily by implementations if they like. */
  properties?: Record<string, FieldSchema>;
  /** Map values (`additionalProperties`), or `true` for any value. */
  additionalProperties?: FieldSchema | boolean;
  items?: FieldSchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  /** x-kubernetes-patch-strategy, e.g. 'merge', 'retainKeys', 'merge,retainKeys'. */
  patchStrategy?: string;
  /** x-kubernetes-patch-merge-key. */
  patchMergeKey?: string;
  /** x-kubernetes-list-type. */
  listType?: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys. */
  listMapKeys?: string[];
  /** x-kubernetes-map-type. */
  mapType?: 'atomic' | 'granular';
  /** x-kubernetes-int-or-string. */
  intOrString?: boolean;
  /** x-kubernetes-preserve-unknown-fields. */
  preserveUnknownFields?: boolean;
  /** x-kubernetes-embedded-resource. */
  embeddedResource?: boolean;
  /**
   * The value is kept as raw JSON, never looked into (RawExtension, FieldsV1: Go types with their own
   * UnmarshalJSON), so field validation reports nothing inside it. Set for built-in schemas only.
   */
  opaque?: boolean;
  /** Any further keywords kept verbatim (pattern, minimum, x-kubernetes-validations, ...). */
  extra?: Record<string, unknown>;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Looks up the schema of a top-level kind. */
export interface SchemaSource {
  forKind(gvk: GroupVersionKind): FieldSchema | undefined;
}
