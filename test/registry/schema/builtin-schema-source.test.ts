import { describe, expect, it } from 'vitest';
import { OpenApiService } from '../../../src/apiserver/openapi/index.js';
import {
  BuiltinSchemaSource,
  builtinSchemaSource,
  fieldSchemaFromOpenApiV3,
  type FieldSchema,
} from '../../../src/registry/schema/index.js';

const openapi = new OpenApiService();
const source = new BuiltinSchemaSource(openapi);

function at(schema: FieldSchema | undefined, ...path: string[]): FieldSchema {
  let current = schema;
  for (const step of path) {
    if (current === undefined) break;
    current = step === '[]' ? current.items : step === '{}' ? (current.additionalProperties as FieldSchema) : current.properties?.[step];
  }
  if (current === undefined) throw new Error(`no schema at ${path.join('.')}`);
  return current;
}

const deployment = source.forKind({ group: 'apps', version: 'v1', kind: 'Deployment' });
const podSpec = ['spec', 'template', 'spec'];

describe('BuiltinSchemaSource', () => {
  it.each([
    ['', 'v1', 'Pod'],
    ['', 'v1', 'ConfigMap'],
    ['apps', 'v1', 'StatefulSet'],
    ['batch', 'v1', 'CronJob'],
    ['autoscaling', 'v2', 'HorizontalPodAutoscaler'],
    ['rbac.authorization.k8s.io', 'v1', 'ClusterRole'],
    ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'],
    ['apps', 'v1', 'DeleteOptions'],
    ['', 'v1', 'Status'],
  ])('finds %s/%s %s', (group, version, kind) => {
    const schema = source.forKind({ group, version, kind });
    expect(schema?.type).toBe('object');
    expect(Object.keys(schema?.properties ?? {})).toContain('kind');
  });

  it.each([
    ['apps', 'v1', 'Pod'],
    ['apps', 'v1beta1', 'Deployment'],
    ['resource.k8s.io', 'v1beta1', 'ResourceClaim'],
    ['example.com', 'v1', 'Widget'],
  ])('has nothing for %s/%s %s', (group, version, kind) => {
    expect(source.forKind({ group, version, kind })).toBeUndefined();
  });

  it.each<[string[], Partial<FieldSchema>]>([
    [[...podSpec, 'containers'], { type: 'array', patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    [[...podSpec, 'volumes'], { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' }],
    [[...podSpec, 'tolerations'], { listType: 'atomic' }],
    [[...podSpec, 'nodeSelector'], { type: 'object', mapType: 'atomic' }],
    [[...podSpec, 'containers', '[]', 'ports'], { patchStrategy: 'merge', patchMergeKey: 'containerPort', listMapKeys: ['containerPort', 'protocol'] }],
    [[...podSpec, 'containers', '[]', 'image'], { type: 'string' }],
    [['spec', 'strategy', 'rollingUpdate', 'maxSurge'], { intOrString: true, format: 'int-or-string' }],
    [['spec', 'replicas'], { type: 'integer', format: 'int32' }],
    [['metadata', 'labels', '{}'], { type: 'string', default: '' }],
    [['metadata', 'creationTimestamp'], { type: 'string', format: 'date-time' }],
    [['metadata', 'ownerReferences'], { patchStrategy: 'merge', patchMergeKey: 'uid', listType: 'map', listMapKeys: ['uid'] }],
    [['spec', 'template', 'metadata'], { type: 'object', default: {} }],
  ])('Deployment %s', (path, expected) => {
    expect(at(deployment, ...path)).toMatchObject(expected);
  });

  it('keeps the use site description over the referenced component', () => {
    expect(at(deployment, 'spec').description).toBe('Specification of the desired behavior of the Deployment.');
    expect(at(deployment, 'spec').properties?.selector).toBeDefined();
  });

  it('keeps other keywords in extra (Quantity oneOf, GVK extension)', () => {
    const quantity = at(source.forKind({ group: '', version: 'v1', kind: 'Pod' }), 'spec', 'overhead', '{}');
    expect(quantity.type).toBeUndefined();
    expect(quantity.extra?.oneOf).toEqual([{ type: 'string' }, { type: 'number' }]);
    expect(deployment?.extra?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  });

  it('resolves recursive components into a cycle, lazily', () => {
    const crd = source.forKind({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' });
    const props = at(crd, 'spec', 'versions', '[]', 'schema', 'openAPIV3Schema');
    const nested = at(props, 'properties', '{}');
    expect(nested.properties?.required?.type).toBe('array');
    expect(at(nested, 'properties', '{}')).toBe(nested);
    expect(at(nested, 'properties', '{}', 'properties', '{}', 'properties', '{}')).toBe(nested);
  });

  it('parses only the documents of the group-versions asked for, once', () => {
    const asked: string[] = [];
    const counting = builtinSchemaSource({ v3DocumentObject: (path: string) => (asked.push(path), openapi.v3DocumentObject(path)) });
    counting.forKind({ group: 'batch', version: 'v1', kind: 'Job' });
    counting.forKind({ group: 'batch', version: 'v1', kind: 'CronJob' });
    counting.forKind({ group: 'nope', version: 'v1', kind: 'Thing' });
    counting.forKind({ group: 'nope', version: 'v1', kind: 'Thing' });
    expect(asked).toEqual(['apis/batch/v1', 'apis/nope/v1']);
  });
});

describe('fieldSchemaFromOpenApiV3 (CRD schemas)', () => {
  it('maps the structural extensions', () => {
    const schema = fieldSchemaFromOpenApiV3({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } },
        },
        items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
        embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-map-type': 'granular' },
        bogus: { type: 'weird', 'x-kubernetes-list-type': 'other', nullable: true, minimum: 3 },
      },
    });
    expect(at(schema, 'spec')).toMatchObject({ preserveUnknownFields: true });
    expect(at(schema, 'spec', 'port')).toMatchObject({ intOrString: true, extra: { anyOf: [{ type: 'integer' }, { type: 'string' }] } });
    expect(at(schema, 'items')).toMatchObject({ listType: 'map', listMapKeys: ['name'] });
    expect(at(schema, 'items', '[]', 'name').type).toBe('string');
    expect(at(schema, 'embedded')).toMatchObject({ embeddedResource: true, mapType: 'granular' });
    const bogus = at(schema, 'bogus');
    expect(bogus.type).toBeUndefined();
    expect(bogus.listType).toBeUndefined();
    expect(bogus).toMatchObject({ nullable: true, extra: { minimum: 3 } });
  });
});
