/**
 * Keys come from request bodies: `__proto__` and `constructor` must stay plain data and never
 * reach Object.prototype or an object's prototype.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../../../src/registry/patch/index.js';
import { podSchema } from './schemas.js';

const hostile = (json: string): unknown => JSON.parse(json);

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('patch engines and hostile keys', () => {
  it('merge patch keeps __proto__ as an own member', () => {
    const result = applyMergePatch({ metadata: {} }, hostile('{"metadata":{"__proto__":{"polluted":"yes"}},"__proto__":{"polluted":"yes"}}'));
    expect(JSON.stringify(result)).toBe('{"metadata":{"__proto__":{"polluted":"yes"}},"__proto__":{"polluted":"yes"}}');
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('strategic merge patch keeps __proto__ and constructor as own members', () => {
    const patch = hostile('{"metadata":{"__proto__":{"polluted":"yes"},"constructor":{"polluted":"yes"}},"spec":{"containers":[{"name":"a","__proto__":{"polluted":"yes"}}]}}');
    const result = applyStrategicMergePatch({ metadata: {}, spec: { containers: [{ name: 'a' }] } }, patch, podSchema) as {
      metadata: object;
    };
    expect(Object.getPrototypeOf(result.metadata)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(result))).toEqual(
      hostile('{"metadata":{"__proto__":{"polluted":"yes"},"constructor":{"polluted":"yes"}},"spec":{"containers":[{"name":"a","__proto__":{"polluted":"yes"}}]}}'),
    );
  });

  it('JSON patch paths through __proto__ do not resolve to the prototype', () => {
    expect(() => applyJsonPatch({ a: {} }, [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }])).toThrow();
    const result = applyJsonPatch({ a: {} }, [{ op: 'add', path: '/a/__proto__', value: { polluted: 'yes' } }]) as { a: object };
    expect(Object.getPrototypeOf(result.a)).toBe(Object.prototype);
    expect(JSON.stringify(result)).toBe('{"a":{"__proto__":{"polluted":"yes"}}}');
  });
});
