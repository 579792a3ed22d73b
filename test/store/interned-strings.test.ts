import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { internString, internStrings, internTableSize } from '../../src/store/interned-strings.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A fresh copy of the same 100 characters each call (a JSON.parse result is one too). */
function freshCopy(): string {
  return JSON.parse('"' + 'registry.example.com/team/'.padEnd(100, 'x') + '"') as string;
}

function heapUsedAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('interned strings', () => {
  it('replaces every string in objects and arrays by an equal one, leaving the rest alone', () => {
    const object = { a: 'x'.repeat(20), n: 1, b: true, z: null, list: ['y'.repeat(12), 2, { c: 'c' }], nested: { d: { e: 'e'.repeat(300) } } };
    const before = structuredClone(object);
    internStrings(object);
    expect(object).toEqual(before);
  });

  it('leaves frozen objects, and everything under them, as they are', () => {
    const frozen = Object.freeze({ a: 'frozen value here', inner: { b: 'not reached either' } });
    const object = { frozen, c: 'interned value here' };
    expect(() => internStrings(object)).not.toThrow();
    expect(object).toEqual({ frozen: { a: 'frozen value here', inner: { b: 'not reached either' } }, c: 'interned value here' });
  });

  it('keeps one copy of a repeated string: 20,000 copies cost no more heap than one', () => {
    const count = 20_000;
    const baseline = heapUsedAfterGc();
    const separate = Array.from({ length: count }, () => ({ image: freshCopy() }));
    const separateBytes = heapUsedAfterGc() - baseline;
    const shared = Array.from({ length: count }, () => ({ image: freshCopy() }));
    internStrings(shared);
    const sharedBytes = heapUsedAfterGc() - baseline - separateBytes;
    // 20,000 strings of 100 characters are over 2 MB; the objects holding them well under 1.
    expect(separateBytes).toBeGreaterThan(2_400_000);
    expect(sharedBytes).toBeLessThan(separateBytes - 1_800_000);
    expect(shared[0]!.image).toBe(separate[0]!.image);
  });

  it('forgets strings that stop recurring: the table stays bounded', () => {
    for (let i = 0; i < 100_000; i++) internString(`unique-value-${i}`);
    expect(internTableSize()).toBeLessThanOrEqual(2 * 16_384);
    expect(internString('unique-value-99999')).toBe('unique-value-99999');
  });
});
