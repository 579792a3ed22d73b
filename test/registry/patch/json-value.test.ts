import { describe, expect, it } from 'vitest';
import { goFormat, goTypeName, jsonEqual } from '../../../src/registry/patch/json-value.js';

describe('goFormat renders values the way Go fmt %v does in upstream error texts', () => {
  it.each([
    [{ b: [1, 'x'], a: null }, 'map[a:<nil> b:[1 x]]'],
    [[true, 1.5, 100000000], '[true 1.5 100000000]'],
    [1234567.5, '1.2345675e+06'],
    [0.00001, '1e-05'],
    [0.0001, '0.0001'],
    [1e21, '1e+21'],
  ])('%j → %s', (value, expected) => {
    expect(goFormat(value)).toBe(expected);
  });

  it('names Go types as upstream decodes JSON (integers are int64)', () => {
    expect([{}, [], 'x', 1, 1.5, true, null].map(goTypeName)).toEqual([
      'map[string]interface {}',
      '[]interface {}',
      'string',
      'int64',
      'float64',
      'bool',
      '%!s(<nil>)',
    ]);
  });
});

describe('jsonEqual', () => {
  it('compares objects by members and lists by order', () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual({ a: null }, {})).toBe(false);
  });
});
