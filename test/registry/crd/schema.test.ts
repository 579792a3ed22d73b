/** Pruning, defaulting and validation of custom resources by their openAPIV3Schema (src/registry/crd/schema.ts). */
import { describe, expect, it } from 'vitest';
import { applySchemaDefaults, pruneObject, validateValue } from '../../../src/registry/crd/schema.js';
import type { JsonSchema } from '../../../src/registry/crd/types.js';
import { formatFieldError } from '../../../src/registry/validation/index.js';

const schema: JsonSchema = {
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
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        nested: { type: 'object', default: {}, properties: { mode: { type: 'string', default: 'auto' }, keep: { type: 'string', nullable: true } } },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', maxItems: 3, minItems: 1, items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const messages = (value: unknown): string[] => validateValue(value, schema).map(formatFieldError);

describe('pruning', () => {
  it('drops unknown fields but keeps apiVersion, kind, metadata, preserved and map values', () => {
    const o = {
      apiVersion: 'x/v1',
      kind: 'K',
      metadata: { name: 'n' },
      top: 1,
      spec: { color: 'red', bogus: true, free: { any: { deep: 1 } }, labels: { a: 'b' }, ports: [{ name: 'p', junk: 1 }], template: { apiVersion: 'v1', kind: 'Pod', metadata: {}, x: 1 }, size: { inner: 1 } },
    };
    pruneObject(o, schema);
    expect(o).toEqual({
      apiVersion: 'x/v1',
      kind: 'K',
      metadata: { name: 'n' },
      spec: { color: 'red', free: { any: { deep: 1 } }, labels: { a: 'b' }, ports: [{ name: 'p' }], template: { apiVersion: 'v1', kind: 'Pod', metadata: {}, x: 1 }, size: { inner: 1 } },
    });
  });
});

describe('defaulting', () => {
  it('fills absent fields, recursing into defaulted objects, and handles nulls', () => {
    const o = { spec: { color: 'red', replicas: null, nested: null } } as Record<string, unknown>;
    applySchemaDefaults(o, schema);
    expect(o).toEqual({ spec: { color: 'red', replicas: 1, nested: { mode: 'auto' } } });
    const keep = { spec: { color: 'red', replicas: 4, nested: { keep: null, mode: 'manual' } } };
    applySchemaDefaults(keep, schema);
    expect(keep).toEqual({ spec: { color: 'red', replicas: 4, nested: { keep: null, mode: 'manual' } } });
  });
});

describe('validation', () => {
  it('accepts a valid object', () => {
    expect(messages({ metadata: { name: 'x' }, spec: { color: 'red', replicas: 3, ratio: 1.5, size: '50%', name: 'abc', tags: ['a'], ports: [{ name: 'a' }, { name: 'b' }] } })).toEqual([]);
    expect(messages({ spec: { color: 'blue', size: 7 } })).toEqual([]);
  });

  it('reports kube-openapi messages with field paths', () => {
    expect(
      messages({
        spec: { color: 'green', replicas: 11, ratio: 0.7, size: true, name: 'ABCDEFG', tags: ['a', 'a', 'b', 'c'], ports: [{ name: 'a' }, { name: 'a', port: 'x' }], labels: { k: 1 } },
      }),
    ).toEqual([
      'spec.color: Unsupported value: "green": supported values: "red", "blue"',
      'spec.labels.k: Invalid value: "integer": spec.labels.k in body must be of type string: "integer"',
      'spec.name: Too long: may not be more than 5 bytes',
      'spec.ports[1].port: Invalid value: "string": spec.ports[1].port in body must be of type integer: "string"',
      'spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5',
      'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
      'spec.size: Invalid value: "boolean": spec.size in body must be of type integer,string: "boolean"',
      'spec.tags: Too many: 4: must have at most 3 items',
      'spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a"}',
      'spec.tags[1]: Duplicate value: "a"',
    ]);
  });

  it('requires fields and checks embedded resources', () => {
    expect(messages({ spec: { replicas: -1, ratio: 0, tags: [], template: { metadata: {} } } })).toEqual([
      'spec.color: Required value',
      // An integral value meets a truncated factor (0.5 → 0): upstream's MultipleOfNativeType quirk.
      'spec.ratio: Invalid value: 0: factor MultipleOf declared for spec.ratio must be positive: 0',
      'spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0',
      'spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0',
      'spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items',
      'spec.template.apiVersion: Required value: must not be empty',
      'spec.template.kind: Required value: must not be empty',
    ]);
    expect(messages({ spec: 'nope' })).toEqual(['spec: Invalid value: "string": spec in body must be of type object: "string"']);
  });
});
