/** Random name suffixes: upstream's alphabet and length, also across refills of the byte pool. */
import { describe, expect, it } from 'vitest';
import { randomNameSuffix } from '../../src/registry/name-suffix.js';

describe('randomNameSuffix', () => {
  it('draws 5 characters (or the length asked for) from upstream alphabet, across pool refills', () => {
    // 2,000 suffixes use 10,000 bytes: the 4,096-byte pool is refilled twice along the way.
    const suffixes = Array.from({ length: 2000 }, () => randomNameSuffix());
    for (const suffix of suffixes) expect(suffix).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(randomNameSuffix(12)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{12}$/);
    // 27^5 ≈ 14 million names: 2,000 draws all but never collide more than a handful of times.
    expect(new Set(suffixes).size).toBeGreaterThan(1990);
    // Every character of the alphabet turns up.
    expect(new Set(suffixes.join('')).size).toBe(27);
  });
});
