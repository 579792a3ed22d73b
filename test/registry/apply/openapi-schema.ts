/**
 * Test-only: upstream OpenAPI v3 component schemas (vendored in third_party/openapi, or from the
 * k8s.io/kubernetes module) turned into resolved FieldSchema trees, plus the closure of models a
 * kind references (what the Go reference program needs to build upstream's type converter).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { FieldSchema } from '../../../src/registry/schema/types.js';

export type OpenApiSchema = { [key: string]: unknown };
export type Components = Record<string, OpenApiSchema>;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function kubeVersion(): string {
  const env = readFileSync(join(repoRoot, 'hack/kube-version.env'), 'utf8');
  const match = /KUBE_VERSION=["']?(v[\w.-]+)/.exec(env);
  if (!match) throw new Error('KUBE_VERSION not found in hack/kube-version.env');
  return match[1]!;
}

/** Reads one upstream v3 document, e.g. `apis__apps__v1`. */
export function loadComponents(document: string): Components {
  const vendored = join(repoRoot, 'third_party/openapi/v3', `${document}_openapi.json.gz`);
  let text: string;
  if (existsSync(vendored)) {
    text = gunzipSync(readFileSync(vendored)).toString('utf8');
  } else {
    const info = JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${kubeVersion()}`], {
        encoding: 'utf8',
        env: { ...process.env, GOFLAGS: '-mod=mod' },
      }),
    ) as { Dir: string };
    text = readFileSync(join(info.Dir, 'api/openapi-spec/v3', `${document}_openapi.json`), 'utf8');
  }
  const doc = JSON.parse(text) as { components: { schemas: Components } };
  return doc.components.schemas;
}

function refName(schema: OpenApiSchema): string | undefined {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  const allOf = Array.isArray(schema.allOf) ? (schema.allOf as OpenApiSchema[]) : [];
  const target = ref ?? (allOf.length === 1 && typeof allOf[0]!.$ref === 'string' ? (allOf[0]!.$ref as string) : undefined);
  return target?.split('/').pop();
}

/** Every model `name` reaches through $ref, including itself. */
export function modelClosure(components: Components, name: string): Components {
  const out: Components = {};
  const visit = (model: string): void => {
    if (out[model] || !components[model]) return;
    out[model] = components[model]!;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        const ref = (node as OpenApiSchema).$ref;
        if (typeof ref === 'string') visit(ref.split('/').pop()!);
        Object.values(node).forEach(walk);
      }
    };
    walk(components[model]);
  };
  visit(name);
  return out;
}

/** Resolves a model to a FieldSchema tree (shared sub-trees for shared models; cycles allowed). */
export function toFieldSchema(components: Components, name: string): FieldSchema {
  const resolved = new Map<string, FieldSchema>();
  const model = (modelName: string): FieldSchema => {
    const known = resolved.get(modelName);
    if (known) return known;
    const target: FieldSchema = {};
    resolved.set(modelName, target);
    Object.assign(target, convert(components[modelName] ?? {}));
    return target;
  };
  const convert = (schema: OpenApiSchema): FieldSchema => {
    const ref = refName(schema);
    if (ref) {
      const base = model(ref);
      const mapType = schema['x-kubernetes-map-type'];
      return mapType === 'atomic' || mapType === 'granular' ? { ...base, mapType } : base;
    }
    const out: FieldSchema = {};
    if (typeof schema.type === 'string') out.type = schema.type as FieldSchema['type'];
    if (typeof schema.format === 'string') out.format = schema.format;
    if (schema.default !== undefined) out.default = schema.default;
    if (Array.isArray(schema.required)) out.required = schema.required as string[];
    const properties = schema.properties as Record<string, OpenApiSchema> | undefined;
    if (properties) {
      out.properties = {};
      for (const [key, value] of Object.entries(properties)) out.properties[key] = convert(value);
    }
    const additional = schema.additionalProperties;
    if (typeof additional === 'boolean') out.additionalProperties = additional;
    else if (typeof additional === 'object' && additional !== null) out.additionalProperties = convert(additional as OpenApiSchema);
    if (typeof schema.items === 'object' && schema.items !== null) out.items = convert(schema.items as OpenApiSchema);
    const ext = (key: string): unknown => schema[key];
    if (typeof ext('x-kubernetes-list-type') === 'string') out.listType = ext('x-kubernetes-list-type') as FieldSchema['listType'];
    if (Array.isArray(ext('x-kubernetes-list-map-keys'))) out.listMapKeys = ext('x-kubernetes-list-map-keys') as string[];
    if (typeof ext('x-kubernetes-map-type') === 'string') out.mapType = ext('x-kubernetes-map-type') as FieldSchema['mapType'];
    if (typeof ext('x-kubernetes-patch-strategy') === 'string') out.patchStrategy = ext('x-kubernetes-patch-strategy') as string;
    if (typeof ext('x-kubernetes-patch-merge-key') === 'string') out.patchMergeKey = ext('x-kubernetes-patch-merge-key') as string;
    if (ext('x-kubernetes-int-or-string') === true) out.intOrString = true;
    if (ext('x-kubernetes-preserve-unknown-fields') === true) out.preserveUnknownFields = true;
    return out;
  };
  return model(name);
}
