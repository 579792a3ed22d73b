/** Inputs for the upstream-parity check of custom resource and CRD handling (answers in upstream-golden.json). */
import type { JsonSchema } from '../../../../src/registry/crd/types.js';

export interface CustomResourceCase {
  op: 'cr';
  name: string;
  schema: JsonSchema;
  object: Record<string, unknown>;
}

export interface CrdCase {
  op: 'crd';
  name: string;
  crd: Record<string, unknown>;
}

export type GoldenCase = CustomResourceCase | CrdCase;

const widget: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['color'],
      properties: {
        color: { type: 'string', enum: ['red', 'blue'] },
        replicas: { type: 'integer', minimum: 0, maximum: 10, default: 1 },
        ratio: { type: 'number', exclusiveMinimum: true, minimum: 0, multipleOf: 0.5 },
        size: { 'x-kubernetes-int-or-string': true },
        name: { type: 'string', pattern: '^[a-z]+$', maxLength: 5, minLength: 2 },
        labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 2 },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        nested: { type: 'object', default: {}, properties: { mode: { type: 'string', default: 'auto' }, keep: { type: 'string', nullable: true }, drop: { type: 'string' } } },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', maxItems: 3, minItems: 1, items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer', format: 'int32' } } },
        },
        flag: { type: 'boolean' },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

const meta = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };

const cr = (name: string, spec: unknown, extra: Record<string, unknown> = {}): CustomResourceCase => ({ op: 'cr', name, schema: widget, object: { ...meta, spec, ...extra } });

const formats: JsonSchema = {
  type: 'object',
  properties: Object.fromEntries(
    ['date', 'date-time', 'datetime', 'uuid', 'uuid4', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'hexcolor', 'byte', 'int32', 'password'].map((f) => [f, { type: 'string', format: f }]),
  ),
};
const formatCase = (name: string, values: Record<string, string>): CustomResourceCase => ({ op: 'cr', name, schema: formats, object: { ...meta, ...values } });

export const CUSTOM_RESOURCE_CASES: CustomResourceCase[] = [
  formatCase('formats valid', {
    date: '2024-02-29', 'date-time': '2024-01-02T03:04:05Z', datetime: '2024-01-02T03:04:05.123+01:00', uuid: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', uuid4: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    hostname: 'my-host.example.com', ipv4: '10.0.0.1', ipv6: 'fe80::1', cidr: '10.0.0.0/8', mac: '00:1a:2b:3c:4d:5e', hexcolor: '#ffF', byte: 'aGVsbG8=', int32: 'x', password: 'x',
  }),
  formatCase('formats invalid', {
    date: '2023-02-29', 'date-time': '2024-01-02 03:04:05', datetime: '2024-01-02T25:04:05Z', uuid: 'nope', uuid4: 'a0eebc99-9c0b-3ef8-bb6d-6bb9bd380a11',
    hostname: '-bad-', ipv4: 'fe80::1', ipv6: '10.0.0.1', cidr: '10.0.0.0/33', mac: '00:1a:2b', hexcolor: '#ffff', byte: 'aGVsbG8',
  }),
  formatCase('formats more', { 'date-time': '2024-01-02t03:04:05z', ipv4: '010.000.000.001', ipv6: '::ffff:10.0.0.1', cidr: 'fe80::/10', hostname: 'localhost', byte: '' }),
  cr('valid, defaulted', { color: 'red' }),
  cr('valid, everything set', { color: 'blue', replicas: 3, ratio: 1.5, size: '50%', name: 'abc', labels: { a: 'b' }, tags: ['x'], ports: [{ name: 'a', port: 1 }, { name: 'b' }], flag: true }),
  cr('pruned unknown fields', { color: 'red', bogus: 1, nested: { mode: 'x', extra: true }, free: { any: { deep: [1] } }, ports: [{ name: 'a', junk: 1 }] }, { top: 'level', status: { ready: true, other: 1 } }),
  cr('enum', { color: 'green' }),
  cr('required', { replicas: 2 }),
  cr('integer type', { color: 'red', replicas: '3' }),
  cr('integer from float', { color: 'red', replicas: 1.5 }),
  cr('maximum', { color: 'red', replicas: 11 }),
  cr('minimum', { color: 'red', replicas: -1 }),
  cr('exclusive minimum', { color: 'red', ratio: 0 }),
  cr('multipleOf', { color: 'red', ratio: 0.7 }),
  cr('pattern', { color: 'red', name: 'ABC' }),
  cr('maxLength', { color: 'red', name: 'abcdefg' }),
  cr('minLength', { color: 'red', name: 'a' }),
  cr('additionalProperties type', { color: 'red', labels: { a: 1 } }),
  cr('maxProperties', { color: 'red', labels: { a: 'a', b: 'b', c: 'c' } }),
  cr('int-or-string bad', { color: 'red', size: true }),
  cr('int-or-string int', { color: 'red', size: 7 }),
  cr('set duplicate', { color: 'red', tags: ['a', 'a'] }),
  cr('maxItems', { color: 'red', tags: ['a', 'b', 'c', 'd'] }),
  cr('minItems', { color: 'red', tags: [] }),
  cr('map duplicate', { color: 'red', ports: [{ name: 'a' }, { name: 'a', port: 2 }] }),
  cr('map item missing key', { color: 'red', ports: [{ port: 2 }] }),
  cr('item type', { color: 'red', ports: [{ name: 'a', port: 'x' }] }),
  cr('boolean type', { color: 'red', flag: 'yes' }),
  cr('object type', { color: 'red', nested: 'x' }),
  cr('array type', { color: 'red', tags: 'a' }),
  cr('nulls', { color: 'red', replicas: null, nested: { keep: null, drop: null } }),
  cr('null object defaulted', { color: 'red', nested: null }),
  cr('spec not an object', 'nope'),
  cr('embedded resource without kind', { color: 'red', template: { metadata: { name: 'x' } } }),
  cr('embedded resource', { color: 'red', template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: {} } }),
  cr('embedded resource with bad kind and metadata', { color: 'red', template: { apiVersion: 'a/b/c', kind: 'Bad_Kind', metadata: { name: 'a/b', labels: { 'bad key!': 'x' } } } }),
  cr('embedded resource with empty and non-string type meta', { color: 'red', template: { apiVersion: '', kind: 3 } }),
  cr('several errors', { color: 'pink', replicas: 20, name: 'ABCDEFG', tags: ['x', 'x'] }),
];

const crdBase = (spec: Record<string, unknown>, name = 'widgets.example.com', storedVersions: string[] = ['v1']): Record<string, unknown> => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } }],
    ...spec,
  },
  status: { storedVersions },
});

const version = (extra: Record<string, unknown>, schema: JsonSchema = { type: 'object', properties: { spec: { type: 'object', properties: { color: { type: 'string' }, list: { type: 'array', items: { type: 'string' } } } } } }) => ({
  name: 'v1',
  served: true,
  storage: true,
  schema: { openAPIV3Schema: schema },
  ...extra,
});

export const CRD_CASES: CrdCase[] = [
  { op: 'crd', name: 'minimal', crd: crdBase({}) },
  { op: 'crd', name: 'name must match', crd: crdBase({}, 'things.example.com') },
  { op: 'crd', name: 'group without dot', crd: crdBase({ group: 'example' }, 'widgets.example') },
  { op: 'crd', name: 'bad scope', crd: crdBase({ scope: 'Global' }) },
  { op: 'crd', name: 'no storage version', crd: crdBase({ versions: [{ ...version({}), storage: false }] }) },
  { op: 'crd', name: 'two storage versions', crd: crdBase({ versions: [version({}), { ...version({}), name: 'v2' }] }) },
  { op: 'crd', name: 'missing schema', crd: crdBase({ versions: [{ name: 'v1', served: true, storage: true }] }) },
  { op: 'crd', name: 'bad names', crd: crdBase({ names: { plural: 'widgets', kind: 'Widget', listKind: 'Widget', shortNames: ['w_g'], categories: ['All'] } }) },
  { op: 'crd', name: 'bad version name', crd: crdBase({ versions: [{ ...version({}), name: 'V1' }] }, 'widgets.example.com', ['V1']) },
  {
    op: 'crd',
    name: 'structural problems',
    crd: crdBase({
      versions: [
        version({}, {
          type: 'object',
          properties: {
            spec: { properties: { count: { type: 'int' }, list: { type: 'array' }, ports: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object', properties: { name: { type: 'string' } } } } } },
          },
        }),
      ],
    }),
  },
  { op: 'crd', name: 'root not object', crd: crdBase({ versions: [version({}, { type: 'string' })] }) },
  { op: 'crd', name: 'metadata schema', crd: crdBase({ versions: [version({}, { type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } })] }) },
  { op: 'crd', name: 'embedded without properties', crd: crdBase({ versions: [version({}, { type: 'object', properties: { spec: { type: 'object', properties: { t: { type: 'object', 'x-kubernetes-embedded-resource': true } } } } })] }) },
  { op: 'crd', name: 'list-type on non-array', crd: crdBase({ versions: [version({}, { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-list-type': 'set' } } })] }) },
  { op: 'crd', name: 'map keys without default', crd: crdBase({ versions: [version({}, { type: 'object', properties: { ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } } } })] }) },
  { op: 'crd', name: 'scale paths', crd: crdBase({ versions: [version({ subresources: { scale: { specReplicasPath: '.status.replicas', statusReplicasPath: 'status.replicas', labelSelectorPath: '.metadata.labels' } } })] }) },
  { op: 'crd', name: 'printer columns', crd: crdBase({ versions: [version({ additionalPrinterColumns: [{ name: 'X', type: 'text', jsonPath: '' }, { name: '', type: 'string', format: 'weird', jsonPath: 'spec.x' }] })] }) },
  { op: 'crd', name: 'selectable fields', crd: crdBase({ versions: [version({ selectableFields: [{ jsonPath: '.spec.color' }, { jsonPath: '.spec.list' }, { jsonPath: '.spec.color' }] })] }) },
  { op: 'crd', name: 'protected group', crd: crdBase({ group: 'widgets.k8s.io' }, 'widgets.widgets.k8s.io') },
  { op: 'crd', name: 'stored version missing', crd: crdBase({}, 'widgets.example.com', ['v0']) },
  {
    op: 'crd',
    name: 'per-version schemas differ',
    crd: crdBase({
      versions: [
        version({}, { type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } }),
        { ...version({}, { type: 'object', properties: { spec: { type: 'object', properties: { b: { type: 'bogus' } } } } }), name: 'v2', storage: false },
      ],
    }),
  },
];

export const GOLDEN_CASES: GoldenCase[] = [...CUSTOM_RESOURCE_CASES, ...CRD_CASES];
