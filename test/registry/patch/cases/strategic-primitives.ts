/** Strategic merge: primitive lists with merge strategy (finalizers) and their directives. */
import { podSchema } from '../schemas.js';
import type { PatchCase } from './types.js';

const withFinalizers = (finalizers: unknown[]): Record<string, unknown> => ({ metadata: { name: 'p', finalizers } });

export const strategicPrimitiveCases: PatchCase[] = [
  {
    name: 'a merge primitive list is set-unioned, live order first for shared items',
    schema: podSchema,
    original: withFinalizers(['a', 'b']),
    patch: { metadata: { finalizers: ['b', 'c'] } },
    expected: withFinalizers(['a', 'b', 'c']),
  },
  {
    name: 'new primitive items without $setElementOrder go first',
    schema: podSchema,
    original: withFinalizers(['a', 'b']),
    patch: { metadata: { finalizers: ['c'] } },
    expected: withFinalizers(['c', 'a', 'b']),
  },
  {
    name: 'duplicates collapse',
    schema: podSchema,
    original: withFinalizers(['a', 'a', 'b']),
    patch: { metadata: { finalizers: ['b', 'b'] } },
    expected: withFinalizers(['a', 'b']),
  },
  {
    name: '$deleteFromPrimitiveList removes finalizers',
    schema: podSchema,
    original: withFinalizers(['a', 'b', 'c']),
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'zz'] } },
    expected: withFinalizers(['a', 'c']),
  },
  {
    name: 'kubectl 3-way: delete one finalizer and add another with $setElementOrder',
    schema: podSchema,
    original: withFinalizers(['a', 'b', 'c']),
    patch: {
      metadata: {
        '$setElementOrder/finalizers': ['a', 'c', 'd'],
        '$deleteFromPrimitiveList/finalizers': ['b'],
        finalizers: ['d'],
      },
    },
    expected: withFinalizers(['a', 'c', 'd']),
  },
  {
    name: '$setElementOrder reorders primitives and keeps server-only ones',
    schema: podSchema,
    original: withFinalizers(['a', 'x', 'b']),
    patch: { metadata: { '$setElementOrder/finalizers': ['b', 'a'] } },
    expected: withFinalizers(['x', 'b', 'a']),
  },
  {
    name: '$deleteFromPrimitiveList for a list the original lacks is a no-op',
    schema: podSchema,
    original: { metadata: { name: 'p' } },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
    expected: { metadata: { name: 'p' } },
  },
  {
    name: '$deleteFromPrimitiveList works on lists without merge strategy too',
    schema: podSchema,
    original: { spec: { containers: [{ name: 'a', args: ['x', 'y', 'z'] }] } },
    patch: { spec: { containers: [{ name: 'a', '$deleteFromPrimitiveList/args': ['y'] }] } },
    expected: { spec: { containers: [{ name: 'a', args: ['x', 'z'] }] } },
  },
  {
    name: 'a malformed $deleteFromPrimitiveList key (400)',
    schema: podSchema,
    original: withFinalizers(['a']),
    patch: { metadata: { $deleteFromPrimitiveListFinalizers: ['a'] } },
    error: { reason: 'BadRequest', code: 400, message: 'invalid patch format of primitive list' },
  },
  {
    name: 'removing every finalizer with null',
    schema: podSchema,
    original: withFinalizers(['a']),
    patch: { metadata: { finalizers: null } },
    expected: { metadata: { name: 'p' } },
  },
  {
    // Upstream never sees an empty finalizers list (omitempty drops it from the typed object).
    name: 'an empty live list counts as absent for $setElementOrder',
    schema: podSchema,
    original: withFinalizers([]),
    patch: { metadata: { '$setElementOrder/finalizers': [] } },
    expected: withFinalizers([]),
  },
  {
    name: 'an empty live list counts as absent: the patch list is taken without its nulls',
    schema: podSchema,
    original: { spec: { containers: [{ name: 'a', env: [] }] } },
    patch: { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: null }, { name: 'Y', $patch: 'delete' }] }] } },
    expected: { spec: { containers: [{ name: 'a', env: [{ name: 'X' }] }] } },
  },
  {
    name: '$setElementOrder over an empty live list orders the patch list',
    schema: podSchema,
    original: { spec: { containers: [{ name: 'a', env: [] }] } },
    patch: { spec: { containers: [{ name: 'a', '$setElementOrder/env': [{ name: 'Y' }, { name: 'X' }], env: [{ name: 'Y', value: '2' }, { name: 'X', value: '1' }] }] } },
    expected: { spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '2' }, { name: 'X', value: '1' }] }] } },
  },
];
