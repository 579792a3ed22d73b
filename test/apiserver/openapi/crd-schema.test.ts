import { describe, expect, it } from 'vitest';
import { customResourceKindSchema, type CustomResourceSchema, type JsonObject } from '../../../src/apiserver/openapi/crd-schema.js';

const typeMeta = { apiVersion: { type: 'string', description: 'av' }, kind: { type: 'string', description: 'k' } };
const crd = (spec: JsonObject, top: JsonObject = {}): CustomResourceSchema => ({
  group: 'g.example.com',
  version: 'v1',
  kind: 'Thing',
  listKind: 'ThingList',
  plural: 'things',
  namespaced: true,
  openAPIV3Schema: { type: 'object', properties: { spec }, ...top },
});
const specOf = (schema: JsonObject): JsonObject => (schema.properties as Record<string, JsonObject>).spec as JsonObject;

describe('custom resource schemas for v2 (ToStructuralOpenAPIV2, PruneDefaults)', () => {
  it.each<[string, JsonObject, JsonObject]>([
    ['nullable loses type, items and properties', { type: 'object', nullable: true, properties: { a: { type: 'string' } } }, {}],
    ['preserve-unknown-fields object loses type and properties', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } }, { 'x-kubernetes-preserve-unknown-fields': true }],
    ['preserve-unknown-fields array loses items, then type', { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'string' } }, { 'x-kubernetes-preserve-unknown-fields': true }],
    ['junctors, defaults and non-structural keywords go', { type: 'string', anyOf: [{ pattern: 'a' }], default: 'x', example: 'y', externalDocs: { url: 'u' }, pattern: '^a' }, { type: 'string', pattern: '^a' }],
    ['nullable properties are not required', { type: 'object', required: ['a', 'b'], properties: { a: { type: 'string', nullable: true }, b: { type: 'string' } } },
      { type: 'object', required: ['b'], properties: { a: {}, b: { type: 'string' } } }],
    ['nullable map values drop required', { type: 'object', required: ['x'], additionalProperties: { type: 'string', nullable: true } }, { type: 'object', additionalProperties: {} }],
    ['extensions stay', { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', 'x-kubernetes-validations': [{ rule: 'size(self) < 3' }] },
      { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', 'x-kubernetes-validations': [{ rule: 'size(self) < 3' }] }],
    ['embedded resources get type and object meta', { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } }, {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      required: ['kind', 'apiVersion'],
      properties: {
        spec: { type: 'object' },
        apiVersion: { type: 'string', description: expect.stringContaining('apiVersion defines') as unknown as string },
        kind: { type: 'string', description: expect.stringContaining('kind is a string') as unknown as string },
        metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', description: expect.any(String) as unknown as string },
      },
    }],
  ])('%s', (_name, spec, expected) => {
    expect(specOf(customResourceKindSchema(crd(spec), true, typeMeta))).toEqual(expected);
  });

  it('keeps v3 schemas as written, with metadata wrapped in allOf', () => {
    const spec = { type: 'object', nullable: true, default: {}, anyOf: [{ required: ['a'] }], properties: { a: { type: 'string' } } };
    const schema = customResourceKindSchema(crd(spec), false, typeMeta);
    expect(specOf(schema)).toEqual(spec);
    expect((schema.properties as JsonObject).metadata).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
      description: expect.any(String),
    });
  });

  it('publishes only type object for a v2 schema that keeps unknown fields at the top', () => {
    expect(customResourceKindSchema(crd({ type: 'object' }, { 'x-kubernetes-preserve-unknown-fields': true }), true, typeMeta)).toEqual({
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'g.example.com', kind: 'Thing', version: 'v1' }],
    });
  });
});
