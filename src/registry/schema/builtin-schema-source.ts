/**
 * SchemaSource for the built-in kinds, read from the upstream OpenAPI v3 documents (and for custom
 * resources, from the documents OpenApiService publishes for them). The document of a group-version (`api/v1`, `apis/apps/v1`) is parsed on the first lookup in it; components are
 * indexed by their `x-kubernetes-group-version-kind` and resolved lazily (openapi-v3-schema.ts).
 */
import { OpenApiV3SchemaResolver } from './openapi-v3-schema.js';
import type { FieldSchema, GroupVersionKind, SchemaSource } from './types.js';

/** What this needs from the OpenAPI service (OpenApiService satisfies it). */
export interface OpenApiV3DocumentProvider {
  /** The parsed v3 document at `path`, or undefined when it is not served. */
  v3DocumentObject(path: string): unknown;
  /** Changes when the document at `path` is replaced (published CRDs); absent means never. */
  v3DocumentRevision?(path: string): number;
}

interface GroupVersionIndex {
  revision: number;
  resolver: OpenApiV3SchemaResolver;
  /** kind → component name, for the kinds this group-version's document declares as its own. */
  componentByKind: Map<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `api/v1` for the core group, `apis/<group>/<version>` otherwise. */
export function v3PathForGroupVersion(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

export class BuiltinSchemaSource implements SchemaSource {
  private readonly documents: OpenApiV3DocumentProvider;
  private readonly byGroupVersion = new Map<string, GroupVersionIndex>();

  constructor(documents: OpenApiV3DocumentProvider) {
    this.documents = documents;
  }

  forKind(gvk: GroupVersionKind): FieldSchema | undefined {
    const index = this.index(gvk.group, gvk.version);
    const component = index.componentByKind.get(gvk.kind);
    return component === undefined ? undefined : index.resolver.component(component);
  }

  private index(group: string, version: string): GroupVersionIndex {
    const path = v3PathForGroupVersion(group, version);
    const revision = this.documents.v3DocumentRevision?.(path) ?? 0;
    const cached = this.byGroupVersion.get(path);
    if (cached !== undefined && cached.revision === revision) return cached;
    const document = this.documents.v3DocumentObject(path);
    const components = isRecord(document) && isRecord(document.components) && isRecord(document.components.schemas)
      ? document.components.schemas
      : {};
    const componentByKind = new Map<string, string>();
    for (const [name, schema] of Object.entries(components)) {
      const gvks = isRecord(schema) ? schema['x-kubernetes-group-version-kind'] : undefined;
      if (!Array.isArray(gvks)) continue;
      for (const entry of gvks) {
        // Shared meta kinds (DeleteOptions, WatchEvent) list one entry per group-version; take ours.
        if (isRecord(entry) && entry.group === group && entry.version === version && typeof entry.kind === 'string') {
          componentByKind.set(entry.kind, name);
        }
      }
    }
    const index = { revision, resolver: new OpenApiV3SchemaResolver(components), componentByKind };
    this.byGroupVersion.set(path, index);
    return index;
  }
}
