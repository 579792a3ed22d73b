import { describe, expect, it } from 'vitest';
import { celValue, compileRule, validateRules } from '../../../src/registry/crd/validation-rules.js';
import { formatFieldError } from '../../../src/registry/validation/errors.js';
import type { JsonSchema } from '../../../src/registry/crd/types.js';

const schema: JsonSchema = {
  type: 'object',
  'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('g')" }],
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' },
        { rule: '!has(self.paused) || !self.paused || self.maxReplicas == 0', messageExpression: "'paused gadgets scale to 0, not ' + string(self.maxReplicas)", fieldPath: '.maxReplicas' },
      ],
      properties: {
        minReplicas: { type: 'integer' },
        maxReplicas: { type: 'integer' },
        ratio: { type: 'number', 'x-kubernetes-validations': [{ rule: 'self < 1.0' }] },
        paused: { type: 'boolean' },
        mode: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'mode is immutable' }] },
        labels: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.size() <= 3', reason: 'FieldValueForbidden', message: 'label values are at most 3 characters' }] } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'ports only grow' }] } } },
        },
        size: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-validations': [{ rule: "type(self) == int ? self > 0 : self.endsWith('Gi')" }] },
      },
    },
  },
};

const gadget = (spec: Record<string, unknown>, name = 'gizmo') => ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name, namespace: 'ns', uid: 'u' }, spec });
const messages = (object: unknown, old?: unknown) => validateRules(object, schema, old).map(formatFieldError);

describe('CRD validation rules', () => {
  it('passes a valid object', () => {
    expect(messages(gadget({ minReplicas: 1, maxReplicas: 3, ratio: 0.5, labels: { a: 'xy' }, size: 2 }))).toEqual([]);
  });

  it('reports the root with upstream\'s <nil> path and the default message', () => {
    expect(messages(gadget({ minReplicas: 1, maxReplicas: 1 }, 'widget'))).toEqual([`<nil>: Invalid value: "object": failed rule: self.metadata.name.startsWith('g')`]);
  });

  it('uses message, messageExpression with fieldPath, and reason', () => {
    expect(messages(gadget({ minReplicas: 4, maxReplicas: 2, paused: true, labels: { team: 'platform' } }))).toEqual([
      'spec: Invalid value: "object": minReplicas must not exceed maxReplicas',
      'spec.maxReplicas: Invalid value: "object": paused gadgets scale to 0, not 2',
      'spec.labels[team]: Forbidden: label values are at most 3 characters',
    ]);
  });

  it('types integers as CEL ints and numbers as doubles; int-or-string takes either side', () => {
    expect(celValue(3, { type: 'integer' })).toBe(3n);
    expect(celValue(3, { type: 'number' })).toBe(3);
    expect(messages(gadget({ minReplicas: 0, maxReplicas: 0, ratio: 1.5, size: '10Mi' }))).toEqual([
      'spec.ratio: Invalid value: "number": failed rule: self < 1.0',
      `spec.size: Invalid value: "": failed rule: type(self) == int ? self > 0 : self.endsWith('Gi')`,
    ]);
    expect(messages(gadget({ minReplicas: 0, maxReplicas: 0, size: '10Gi' }))).toEqual([]);
    expect(messages(gadget({ minReplicas: 0, maxReplicas: 0, size: 0 }))).toHaveLength(1);
  });

  it('reports an evaluation error with the rule', () => {
    expect(messages(gadget({ maxReplicas: 1 }))).toEqual([expect.stringMatching(/^spec: Invalid value: "object": .*minReplicas.* evaluating rule: minReplicas must not exceed maxReplicas$/)]);
  });

  it('runs transition rules only on updates, through properties and list-map keys', () => {
    const created = gadget({ minReplicas: 0, maxReplicas: 0, mode: 'fast', ports: [{ name: 'http', port: 80 }] });
    expect(messages(created)).toEqual([]);
    const changed = gadget({ minReplicas: 0, maxReplicas: 0, mode: 'slow', ports: [{ name: 'metrics', port: 9 }, { name: 'http', port: 79 }] });
    expect(messages(changed, created)).toEqual(['spec.mode: Invalid value: "string": mode is immutable', 'spec.ports[1].port: Invalid value: "integer": ports only grow']);
  });

  it('does not fail an update on a value that did not change (ratcheting)', () => {
    // Stored before the rules existed: both rules fail on it.
    const stored = gadget({ minReplicas: 5, maxReplicas: 1, ratio: 2 });
    const relabelled = { ...gadget({ minReplicas: 5, maxReplicas: 1, ratio: 2 }), metadata: { ...stored.metadata, labels: { a: 'b' } } };
    expect(messages(relabelled, stored)).toEqual([]);
    // Only the changed nodes are checked: ratio changed (and so spec), minReplicas alone did not.
    expect(messages(gadget({ minReplicas: 5, maxReplicas: 1, ratio: 3 }), stored)).toEqual([
      'spec: Invalid value: "object": minReplicas must not exceed maxReplicas',
      'spec.ratio: Invalid value: "number": failed rule: self < 1.0',
    ]);
  });

  it('skips null values, as upstream validates only non-null ones', () => {
    expect(messages(gadget({ minReplicas: 0, maxReplicas: 0, ratio: null }))).toEqual([]);
  });

  it('compiles each rule once and reports syntax errors', () => {
    expect(compileRule('self.a ==')).toBeInstanceOf(Error);
    expect(compileRule('self > 1')).toBe(compileRule('self > 1'));
  });
});
