import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../src/registry/object.js';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('cloneJson', () => {
  const cases: Array<[string, unknown]> = [
    ['a pod-like object', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' }, managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': {} } }] }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } }],
    ['undefined members dropped', { a: undefined, b: { c: undefined, d: 1 } }],
    ['undefined, functions and symbols in arrays become null', [undefined, () => 1, Symbol('s'), 2]],
    ['functions and symbols dropped from objects', { f: () => 1, s: Symbol('s'), k: 'v' }],
    ['non-finite numbers become null', { n: Number.NaN, i: Number.POSITIVE_INFINITY, m: -Number.MAX_VALUE, z: -0 }],
    ['toJSON is honoured', { when: new Date('2026-12-01T10:00:00Z'), custom: { toJSON: () => ({ x: [1] }) } }],
    ['nested arrays and empty containers', { a: [[], [{}], [[1, 'x', null, true]]] }],
    ['primitives', 'text'],
    ['null', null],
    ['unicode keys and values', { 'ü/ß': '✓', '': '' }],
    ['a __proto__ member (a ConfigMap key may be one)', JSON.parse('{"data": {"__proto__": "x", "obj": {"__proto__": {"a": 1}}}}') as unknown],
  ];
  it.each(cases)('%s: equals the JSON round trip', (_name, value) => {
    expect(cloneJson(value)).toEqual(roundTrip(value));
    expect(JSON.stringify(cloneJson(value))).toBe(JSON.stringify(value));
  });

  it('keeps the key order, so stored JSON does not change', () => {
    const value = { kind: 'Pod', apiVersion: 'v1', metadata: { uid: 'u', name: 'n' }, status: {}, spec: {} };
    expect(Object.keys(cloneJson(value))).toEqual(['kind', 'apiVersion', 'metadata', 'status', 'spec']);
  });

  it('copies deeply: changing the copy leaves the original alone', () => {
    const original = { spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '1' }] }] } };
    const copy = cloneJson(original);
    copy.spec.containers[0]!.env[0]!.value = '2';
    copy.spec.containers.push({ name: 'd', env: [] });
    expect(original).toEqual({ spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '1' }] }] } });
  });

  it('refuses a BigInt as JSON.stringify does', () => {
    expect(() => cloneJson({ n: 1n })).toThrow(TypeError);
  });
});
