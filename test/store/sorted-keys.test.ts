import { describe, expect, it } from 'vitest';
import { MemoryIndex } from '../../src/store/memory-index.js';
import { SortedKeys } from '../../src/store/sorted-keys.js';
import type { StoreEntry } from '../../src/store/types.js';

/** A small deterministic PRNG so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('SortedKeys', () => {
  it('matches a sorted array under random inserts and deletes, across chunk splits', () => {
    const next = random(7);
    const keys = new SortedKeys();
    const reference = new Set<string>();
    for (let step = 0; step < 20_000; step++) {
      const key = `/k/${Math.floor(next() * 5_000).toString(36)}`;
      if (next() < 0.65) {
        expect(keys.insert(key)).toBe(!reference.has(key));
        reference.add(key);
      } else {
        expect(keys.delete(key)).toBe(reference.delete(key));
      }
    }
    const sorted = [...reference].sort();
    expect(keys.size).toBe(sorted.length);
    expect([...keys.from('')]).toEqual(sorted);
    const probe = sorted[Math.floor(sorted.length / 2)]!;
    expect(keys.rank(probe)).toBe(sorted.indexOf(probe));
    expect([...keys.from(probe, true)]).toEqual(sorted.slice(sorted.indexOf(probe) + 1));
    expect([...keys.from(probe + '\u0000')]).toEqual(sorted.slice(sorted.indexOf(probe) + 1));
    expect(keys.rank('\uffff')).toBe(sorted.length);
  });

  it('builds from sorted keys and keeps accepting inserts', () => {
    const keys = SortedKeys.fromSorted(Array.from({ length: 1_000 }, (_, i) => `k${String(i * 2).padStart(5, '0')}`));
    expect(keys.insert('k00001')).toBe(true);
    expect(keys.insert('k00002')).toBe(false);
    expect([...keys.from('k00000')].slice(0, 3)).toEqual(['k00000', 'k00001', 'k00002']);
    expect(keys.size).toBe(1_001);
  });
});

describe('MemoryIndex.page', () => {
  const entry = (key: string): StoreEntry => ({ key, revision: 1, createRevision: 1, raw: '{}', view: {} });

  it('pages within the prefix and counts what remains', () => {
    const index = new MemoryIndex(['/a/1', '/a/2', '/a/3', '/ab/1', '/a', '/b/1'].map(entry));
    const first = index.page('/a/', undefined, 2);
    expect(first.items.map((item) => item.key)).toEqual(['/a/1', '/a/2']);
    expect(first.remaining).toBe(1);
    const rest = index.page('/a/', '/a/2', 2);
    expect(rest.items.map((item) => item.key)).toEqual(['/a/3']);
    expect(rest.remaining).toBe(0);
    index.delete('/a/2');
    index.set(entry('/a/0'));
    expect(index.all('/a/').map((item) => item.key)).toEqual(['/a/0', '/a/1', '/a/3']);
  });
});
