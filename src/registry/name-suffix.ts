/**
 * utilrand.String: the random suffix of a generateName name and of the kube-api-access-<suffix>
 * token volume, from upstream's alphabet (no vowels, no confusable digits).
 */
import { randomFillSync } from 'node:crypto';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Random bytes come from one pooled buffer, refilled when used up: a synchronous randomBytes call
 * per suffix costs about 16 µs, a few pod creates' worth of everything else. Module state, but
 * only a cache of randomness, as Node's own randomUUID keeps one.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

export function randomNameSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    out += ALPHABET[pool[offset++]! % ALPHABET.length];
  }
  return out;
}
