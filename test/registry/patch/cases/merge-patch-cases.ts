/** JSON merge patch (RFC 7386) as kube-apiserver applies it. */
import type { PatchCase } from './types.js';

const doc = { metadata: { name: 'x', labels: { a: '1', b: '2' } }, spec: { list: [1, 2], str: 's' } };
const BAD = { reason: 'BadRequest', code: 400, message: 'Invalid JSON Patch' } as const;

export const mergePatchCases: PatchCase[] = [
  { name: 'maps merge recursively', original: doc, patch: { metadata: { labels: { c: '3' } } }, expected: { ...doc, metadata: { name: 'x', labels: { a: '1', b: '2', c: '3' } } } },
  { name: 'null deletes', original: doc, patch: { metadata: { labels: { a: null } }, spec: null }, expected: { metadata: { name: 'x', labels: { b: '2' } } } },
  { name: 'lists replace', original: doc, patch: { spec: { list: [3] } }, expected: { ...doc, spec: { list: [3], str: 's' } } },
  { name: 'added maps lose their nulls', original: doc, patch: { status: { phase: 'Running', reason: null, nested: { x: null } } }, expected: { ...doc, status: { phase: 'Running', nested: {} } } },
  { name: 'a map replacing a scalar loses its nulls', original: doc, patch: { spec: { str: { a: 1, b: null } } }, expected: { ...doc, spec: { list: [1, 2], str: { a: 1 } } } },
  { name: 'maps inside a replacing list lose their nulls, null elements stay', original: doc, patch: { spec: { list: [{ a: null, b: 1 }, null] } }, expected: { ...doc, spec: { list: [{ b: 1 }, null], str: 's' } } },
  { name: 'a scalar replaces a map', original: doc, patch: { metadata: { labels: 'none' } }, expected: { ...doc, metadata: { name: 'x', labels: 'none' } } },
  { name: 'an empty patch changes nothing', original: doc, patch: {}, expected: doc },
  { name: 'a null patch is 400', original: doc, patch: null, error: BAD },
  { name: 'a string patch is 400', original: doc, patch: 'x', error: BAD },
  { name: 'a number patch is 400', original: doc, patch: 3, error: BAD },
  { name: 'a list patch becomes the whole result', original: doc, patch: [1, { a: null }], expected: [1, {}] },
];
