/** JSON patch (RFC 6902) as kube-apiserver's json-patch library applies it. */
import type { PatchCase } from './types.js';

const doc = { metadata: { name: 'x', labels: { a: '1' } }, spec: { list: [1, 2, 3], nested: { n: null } } };
const UNPROCESSABLE = { reason: 'Invalid', code: 422, message: 'the server rejected our request due to an error in our request' } as const;

export const jsonPatchCases: PatchCase[] = [
  { name: 'add a map key', original: doc, patch: [{ op: 'add', path: '/metadata/labels/b', value: '2' }], expected: { ...doc, metadata: { name: 'x', labels: { a: '1', b: '2' } } } },
  { name: 'add replaces an existing key', original: doc, patch: [{ op: 'add', path: '/metadata/name', value: 'y' }], expected: { ...doc, metadata: { ...doc.metadata, name: 'y' } } },
  { name: 'add inserts into a list', original: doc, patch: [{ op: 'add', path: '/spec/list/1', value: 9 }], expected: { ...doc, spec: { ...doc.spec, list: [1, 9, 2, 3] } } },
  { name: 'add appends with -', original: doc, patch: [{ op: 'add', path: '/spec/list/-', value: 4 }], expected: { ...doc, spec: { ...doc.spec, list: [1, 2, 3, 4] } } },
  { name: 'add at index == length appends', original: doc, patch: [{ op: 'add', path: '/spec/list/3', value: 4 }], expected: { ...doc, spec: { ...doc.spec, list: [1, 2, 3, 4] } } },
  { name: 'add with a negative index counts from the end', original: doc, patch: [{ op: 'add', path: '/spec/list/-1', value: 4 }], expected: { ...doc, spec: { ...doc.spec, list: [1, 2, 3, 4] } } },
  { name: 'add past the end fails', original: doc, patch: [{ op: 'add', path: '/spec/list/5', value: 4 }], error: UNPROCESSABLE },
  { name: 'add under a missing parent fails', original: doc, patch: [{ op: 'add', path: '/metadata/annotations/a', value: 'x' }], error: UNPROCESSABLE },
  { name: 'add with escaped tokens', original: doc, patch: [{ op: 'add', path: '/metadata/labels/example.com~1role', value: 'db' }, { op: 'add', path: '/metadata/labels/t~0x', value: 'y' }], expected: { ...doc, metadata: { name: 'x', labels: { a: '1', 'example.com/role': 'db', 't~x': 'y' } } } },
  { name: 'an added value is copied, not shared with the patch', original: doc, patch: [{ op: 'add', path: '/metadata/annotations', value: {} }, { op: 'add', path: '/metadata/annotations/x', value: '1' }], expected: { ...doc, metadata: { ...doc.metadata, annotations: { x: '1' } } } },
  { name: 'remove a key', original: doc, patch: [{ op: 'remove', path: '/metadata/labels' }], expected: { ...doc, metadata: { name: 'x' } } },
  { name: 'remove a list element', original: doc, patch: [{ op: 'remove', path: '/spec/list/0' }], expected: { ...doc, spec: { ...doc.spec, list: [2, 3] } } },
  { name: 'remove a missing key fails', original: doc, patch: [{ op: 'remove', path: '/metadata/annotations' }], error: UNPROCESSABLE },
  { name: 'remove out of range fails', original: doc, patch: [{ op: 'remove', path: '/spec/list/3' }], error: UNPROCESSABLE },
  { name: 'replace a value', original: doc, patch: [{ op: 'replace', path: '/spec/list/2', value: 'z' }], expected: { ...doc, spec: { ...doc.spec, list: [1, 2, 'z'] } } },
  { name: 'replace of a missing map key adds it (upstream library)', original: doc, patch: [{ op: 'replace', path: '/metadata/namespace', value: 'ns' }], expected: { ...doc, metadata: { ...doc.metadata, namespace: 'ns' } } },
  { name: 'replace out of range fails', original: doc, patch: [{ op: 'replace', path: '/spec/list/7', value: 1 }], error: UNPROCESSABLE },
  { name: 'replace the whole document', original: doc, patch: [{ op: 'replace', path: '', value: { a: 1 } }], expected: { a: 1 } },
  { name: 'move a key', original: doc, patch: [{ op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/b' }], expected: { ...doc, metadata: { name: 'x', labels: { b: '1' } } } },
  { name: 'move from a missing key fails', original: doc, patch: [{ op: 'move', from: '/metadata/labels/zz', path: '/metadata/labels/b' }], error: UNPROCESSABLE },
  { name: 'copy a subtree', original: doc, patch: [{ op: 'copy', from: '/metadata/labels', path: '/metadata/annotations' }], expected: { ...doc, metadata: { ...doc.metadata, annotations: { a: '1' } } } },
  { name: 'test passes then the patch applies', original: doc, patch: [{ op: 'test', path: '/metadata/labels', value: { a: '1' } }, { op: 'remove', path: '/metadata/labels/a' }], expected: { ...doc, metadata: { name: 'x', labels: {} } } },
  { name: 'a failing test is 422 and nothing applies', original: doc, patch: [{ op: 'remove', path: '/metadata/labels/a' }, { op: 'test', path: '/metadata/name', value: 'other' }], error: UNPROCESSABLE },
  { name: 'test of a missing key with null passes', original: doc, patch: [{ op: 'test', path: '/metadata/namespace', value: null }], expected: doc },
  { name: 'test of a null value with null passes', original: doc, patch: [{ op: 'test', path: '/spec/nested/n', value: null }], expected: doc },
  { name: 'test of a missing key with a value fails', original: doc, patch: [{ op: 'test', path: '/metadata/namespace', value: 'default' }], error: UNPROCESSABLE },
  { name: 'test under a missing parent fails', original: doc, patch: [{ op: 'test', path: '/status/phase', value: null }], error: UNPROCESSABLE },
  { name: 'test compares lists by order', original: doc, patch: [{ op: 'test', path: '/spec/list', value: [3, 2, 1] }], error: UNPROCESSABLE },
  { name: 'test of the whole document', original: { a: 1 }, patch: [{ op: 'test', path: '', value: { a: 1 } }], expected: { a: 1 } },
  { name: 'an unknown op is 422', original: doc, patch: [{ op: 'frobnicate', path: '/a' }], error: UNPROCESSABLE },
  { name: 'an op without path is 422', original: doc, patch: [{ op: 'add', value: 1 }], error: UNPROCESSABLE },
  { name: 'a null operation is 422', original: doc, patch: [null], error: UNPROCESSABLE },
  { name: 'an empty patch changes nothing', original: doc, patch: [], expected: doc },
  { name: 'a patch that is an object is 400', original: doc, patch: { op: 'add' }, error: { reason: 'BadRequest', code: 400, message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' } },
  { name: 'an operation that is a string is 400', original: doc, patch: ['add'], error: { reason: 'BadRequest', code: 400, message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation' } },
];
