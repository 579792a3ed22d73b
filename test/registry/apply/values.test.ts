/**
 * The string primitives FieldsV1 keys and sort orders rest on, checked against their definitions
 * on random text from every part of UTF-16 that matters (ASCII, escapes, HTML-unsafe characters,
 * U+2028/9, the surrogates, U+E000-U+FFFF, astral pairs and lone surrogates).
 */
import { describe, expect, it } from 'vitest';
import { compareStrings, goJsonString } from '../../../src/registry/apply/values.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

const PIECES = ['a', 'b', 'z', '0', '.', '/', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '<', '>', '&', '\u2028', '\u2029',
  '\u00e9', '\u07ff', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff', '\ud83d\ude00', '\ud800\udc00'];

function strings(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let out = '';
    const length = Math.floor(next() * 6);
    for (let i = 0; i < length; i++) out += PIECES[Math.floor(next() * PIECES.length)];
    return out;
  });
}

describe('goJsonString', () => {
  it('writes what JSON.stringify does plus Go\'s HTML-safe and line-separator escapes', () => {
    const definition = (text: string): string =>
      JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    for (const text of strings(5000, 1)) expect(goJsonString(text)).toBe(definition(text));
  });
});

describe('compareStrings', () => {
  it('orders as the UTF-8 bytes do (Go strings.Compare)', () => {
    const definition = (left: string, right: string): number => Math.sign(Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8')));
    const texts = strings(400, 2);
    for (const left of texts) {
      for (const right of texts) {
        // Lone surrogates all encode as U+FFFD, so distinct texts may compare equal, as in Go.
        const want = left === right ? 0 : definition(left, right);
        expect(compareStrings(left, right), `${JSON.stringify(left)} vs ${JSON.stringify(right)}`).toBe(want);
      }
    }
  });
});
