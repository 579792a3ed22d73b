/**
 * Objects to create, for create-fields.test.ts (and the defaulted bench pod for bench.ts): the
 * fixtures other tests use, and random objects over built-in and custom resource schemas with the
 * awkward cases mixed in (duplicate list keys, invalid list items, empty maps and lists, nulls,
 * unknown fields, values of the wrong shape, keys that sort differently in UTF-8 and UTF-16).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { podManifest } from '../../../bench/api/fixtures.js';
import { admitPod } from '../../../src/registry/admission/pod.js';
import { fillGoValueStructs } from '../../../src/registry/builtin/go-value-structs.js';
import { applyDefaults } from '../../../src/registry/defaults/index.js';
import type { KubeObject } from '../../../src/registry/object.js';
import { fieldSchemaFromOpenApiV3, OpenApiV3SchemaResolver } from '../../../src/registry/schema/index.js';
import type { JsonObject, JsonValue } from '../../../src/registry/apply/values.js';
import type { FieldSchema } from '../../../src/registry/schema/types.js';
import { CUSTOM_RESOURCE_CASES } from '../crd/golden/cases.js';
import { defaultCases, validationCases } from '../validation/upstream/cases.js';
import { loadComponents, type Components } from './openapi-schema.js';
import { configMapSchema, deploymentSchema, widgetSchema } from './schemas.js';
import { scenarios } from './upstream-scenarios.js';
import { protobufFixtureObjects } from '../../fixtures/protobuf/objects.js';


export interface CreateCase {
  name: string;
  object: JsonObject;
  schema: FieldSchema | undefined;
  apiVersion: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const documents = new Map<string, { components: Components; resolver: OpenApiV3SchemaResolver }>();

/** The registry's own schema of a built-in kind (OpenApiV3SchemaResolver over the upstream document). */
export function builtinSchema(apiVersion: string, kind: string): FieldSchema | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const name = group === '' ? `api__${version}` : `apis__${group}__${version}`;
  let document = documents.get(name);
  if (!document) {
    let components: Components;
    try {
      components = loadComponents(name);
    } catch {
      return undefined;
    }
    documents.set(name, (document = { components, resolver: new OpenApiV3SchemaResolver(components) }));
  }
  for (const [model, schema] of Object.entries(document.components)) {
    const gvks = schema['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
    if (gvks?.some((g) => g.group === group && g.version === version && g.kind === kind)) return document.resolver.component(model);
  }
  return undefined;
}

const asObject = (value: unknown): JsonObject => structuredClone(value) as JsonObject;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A fixture under its built-in schema (when there is one) and with none (deduced). */
function bothSchemas(name: string, object: JsonObject): CreateCase[] {
  const apiVersion = text(object.apiVersion);
  const schema = builtinSchema(apiVersion, text(object.kind));
  const cases: CreateCase[] = [{ name: `${name} (no schema)`, object, schema: undefined, apiVersion }];
  if (schema) cases.push({ name, object, schema, apiVersion });
  return cases;
}

/** test/fixtures/protobuf: one object per file, and the fuzz corpus. */
function protobufFixtures(): CreateCase[] {
  return protobufFixtureObjects<JsonObject>().flatMap(([name, object]) => bothSchemas(name, object));
}

/** The validation and defaulting goldens' inputs, as sent and after our defaulting. */
function validationFixtures(): CreateCase[] {
  const cases: CreateCase[] = [];
  validationCases.forEach((c, i) => {
    cases.push(...bothSchemas(`validation ${i} ${c.kind}`, asObject(c.object)));
    if (c.old) cases.push(...bothSchemas(`validation ${i} ${c.kind} (old)`, asObject(c.old)));
  });
  defaultCases.forEach(([group, kind, object], i) => {
    cases.push(...bothSchemas(`defaults ${i} ${kind}`, asObject(object)));
    cases.push(...bothSchemas(`defaults ${i} ${kind} (defaulted)`, defaulted(group, kind, asObject(object))));
  });
  return cases;
}

function defaulted(group: string, kind: string, object: JsonObject): JsonObject {
  fillGoValueStructs(text(object.apiVersion), kind, object);
  applyDefaults(group, kind, object);
  return object;
}

/** Custom resources under their CRD schemas (the CRD golden cases). */
function customResources(): CreateCase[] {
  return CUSTOM_RESOURCE_CASES.map((c): CreateCase => ({
    name: `custom resource: ${c.name}`,
    object: asObject(c.object),
    schema: fieldSchemaFromOpenApiV3(c.schema as Record<string, unknown>),
    apiVersion: text(c.object.apiVersion),
  }));
}

/** The CRD fixture's own Widget schema (free-form, embedded, list-map with int-or-string items). */
export function fixtureWidgetSchema(): FieldSchema {
  const crd = JSON.parse(readFileSync(join(here, '../../fixtures/protobuf/crd.json'), 'utf8')) as {
    spec: { versions: { schema: { openAPIV3Schema: Record<string, unknown> } }[] };
  };
  return fieldSchemaFromOpenApiV3(crd.spec.versions[0]!.schema.openAPIV3Schema);
}

/** Every step's object of the upstream-parity scenarios, under the hand-built and upstream schemas. */
function scenarioObjects(): CreateCase[] {
  const handBuilt = { Deployment: deploymentSchema, ConfigMap: configMapSchema, Widget: widgetSchema };
  return scenarios.flatMap((s) =>
    s.steps.flatMap((step, i) => {
      const object = asObject(step.object);
      const name = `scenario ${s.name} step ${i}`;
      return [{ name: `${name} (hand-built schema)`, object, schema: handBuilt[s.kind], apiVersion: text(object.apiVersion) }, ...bothSchemas(name, object)];
    }),
  );
}

/** The kubectl end-to-end manifests (YAML). */
function e2eManifests(): CreateCase[] {
  const dir = join(here, '../../e2e/fixtures/matrix');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(dir, f), 'utf8'))
        .map((doc) => doc.toJSON() as unknown)
        .filter((object): object is JsonObject => typeof object === 'object' && object !== null)
        .flatMap((object, i) => bothSchemas(`${f}#${i}`, object)),
    );
}

/** The bench's pod as the registry holds it when it tracks the create (admitted, defaulted, stamped). */
export function defaultedBenchPod(): JsonObject {
  const pod = asObject(podManifest('bench', 'pod-0'));
  const metadata = pod.metadata as JsonObject;
  metadata.uid = '6b1f7f3e-52c4-4c3e-9b7a-2f3c1d0e9a11';
  metadata.creationTimestamp = '2026-11-22T14:00:00Z';
  admitPod(pod as unknown as KubeObject, { randomSuffix: () => 'x7k2p' });
  pod.status = { phase: 'Pending', qosClass: 'Burstable' };
  return defaulted('', 'Pod', pod);
}

function benchObjects(): CreateCase[] {
  return [
    ...bothSchemas('bench pod manifest', asObject(podManifest('bench', 'pod-0'))),
    ...bothSchemas('bench pod, defaulted', defaultedBenchPod()),
  ];
}

/** Odd roots and metadata: schemas that are not granular maps, metadata that is not a map, undefined values. */
export function oddCases(): CreateCase[] {
  const str: FieldSchema = { type: 'string' };
  const roots: [string, FieldSchema | undefined][] = [
    ['string root', str],
    ['array root', { type: 'array', items: str, listType: 'set' }],
    ['atomic root', { type: 'object', mapType: 'atomic', properties: { spec: { type: 'object' } } }],
    ['opaque root', { type: 'object', opaque: true }],
    ['untyped root', {}],
    ['object root without properties', { type: 'object' }],
    ['metadata.name an object', { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'object' }, labels: { type: 'object', additionalProperties: str } } } } }],
    ['hand-built ConfigMap', configMapSchema],
    ['no schema', undefined],
  ];
  const undefinedValue = undefined as unknown as JsonValue;
  const manyKeys = (extra: string[]): JsonObject =>
    Object.fromEntries([...Array.from({ length: 30 }, (_, i) => `k${(i * 7) % 30}`), '😀', '\ue000', 'ü', '', ...extra].map((key) => [key, key]));
  const manyValues: JsonValue[] = Array.from({ length: 40 }, (_, i) => `f${(i * 11) % 25}`);
  const objects: [string, JsonObject][] = [
    ['empty', {}],
    ['type meta only', { apiVersion: 'v1', kind: 'ConfigMap' }],
    ['metadata null', { apiVersion: 'v1', kind: 'ConfigMap', metadata: null, data: { a: 'b' } }],
    ['metadata a string', { apiVersion: 'v1', kind: 'ConfigMap', metadata: 'x', data: { a: 'b' } }],
    ['metadata a list', { apiVersion: 'v1', kind: 'ConfigMap', metadata: [{ name: 'x' }] }],
    ['metadata empty', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }],
    ['stripped metadata only', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', uid: 'u', generation: 2, resourceVersion: '3', creationTimestamp: null, selfLink: '', clusterName: 'x' } }],
    ['metadata.name with children', { apiVersion: 'v1', kind: 'X', metadata: { name: { first: 'a', last: { x: 1 } }, labels: {} } }],
    ['status only', { status: { phase: 'x', list: [1, 1, 2] } }],
    ['undefined values', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: undefinedValue }, data: { a: undefinedValue, b: 'c' }, status: undefinedValue }],
    ['undefined list item', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['a', undefinedValue] } }],
    // More entries than an insertion sort takes, in an order neither UTF-16 nor insertion order gives.
    ['many keys', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: manyValues }, data: manyKeys([]) }],
    ['many keys, two of them the same UTF-8', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: manyKeys(['\ud800', '\udbff']) }],
    ['lone surrogate keys under status', { status: { '\ud800': 1, '\udbff': 2 }, spec: { a: 1 } }],
  ];
  return roots.flatMap(([rootName, schema]) =>
    objects.map(([name, object]): CreateCase => ({ name: `${rootName}: ${name}`, object, schema, apiVersion: 'v1' })),
  );
}

export function fixtureCases(): CreateCase[] {
  return [...protobufFixtures(), ...validationFixtures(), ...customResources(), ...scenarioObjects(), ...e2eManifests(), ...benchObjects()];
}
