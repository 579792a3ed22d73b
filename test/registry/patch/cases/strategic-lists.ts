/** Strategic merge: lists merged by key, list directives, `$setElementOrder`, primitive lists. */
import { podSchema } from '../schemas.js';
import type { PatchCase } from './types.js';

const c = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, image: `${name}:1`, ...extra });
const podWith = (containers: unknown[], more: Record<string, unknown> = {}): Record<string, unknown> => ({
  metadata: { name: 'p' },
  spec: { containers, ...more },
});

export const strategicListCases: PatchCase[] = [
  {
    name: 'containers merge by name: the named element changes, the rest stay',
    schema: podSchema,
    original: podWith([c('a'), c('b')]),
    patch: { spec: { containers: [{ name: 'b', image: 'b:2' }] } },
    expected: podWith([c('a'), c('b', { image: 'b:2' })]),
  },
  {
    name: 'a new element without $setElementOrder goes before the live ones',
    schema: podSchema,
    original: podWith([c('a'), c('b')]),
    patch: { spec: { containers: [c('z')] } },
    expected: podWith([c('z'), c('a'), c('b')]),
  },
  {
    name: 'kubectl 3-way: add a container at the end with $setElementOrder',
    schema: podSchema,
    original: podWith([c('a'), c('b')]),
    patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }, { name: 'z' }], containers: [c('z')] } },
    expected: podWith([c('a'), c('b'), c('z')]),
  },
  {
    name: 'kubectl 3-way: change the image of the second container',
    schema: podSchema,
    original: podWith([c('a'), c('b')]),
    patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ image: 'b:2', name: 'b' }] } },
    expected: podWith([c('a'), c('b', { image: 'b:2' })]),
  },
  {
    name: '$setElementOrder alone reorders the live list',
    schema: podSchema,
    original: podWith([c('a'), c('b'), c('c')]),
    patch: { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'b' }] } },
    expected: podWith([c('c'), c('a'), c('b')]),
  },
  {
    name: '$setElementOrder keeps server-only elements where the live list had them',
    schema: podSchema,
    original: podWith([c('a'), c('x'), c('b')]),
    patch: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } },
    expected: podWith([c('x'), c('b'), c('a')]),
  },
  {
    name: 'kubectl 3-way: $patch: delete removes a container by name',
    schema: podSchema,
    original: podWith([c('a'), c('b'), c('c')]),
    patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'c' }], containers: [{ $patch: 'delete', name: 'b' }] } },
    expected: podWith([c('a'), c('c')]),
  },
  {
    name: '$patch: delete, an update and an addition in one list',
    schema: podSchema,
    original: podWith([c('a'), c('b'), c('c')]),
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'c' }, { name: 'n' }, { name: 'a' }],
        containers: [{ name: 'c', image: 'c:9' }, c('n'), { name: 'b', $patch: 'delete' }],
      },
    },
    expected: podWith([c('c', { image: 'c:9' }), c('n'), c('a')]),
  },
  {
    name: 'kubectl 3-way next to an injected sidecar: delete one container, add another',
    schema: podSchema,
    original: podWith([c('app'), c('old'), c('istio-proxy')]),
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'new' }],
        containers: [c('new'), { name: 'old', $patch: 'delete' }],
      },
    },
    // Upstream orders the sidecar by its live slice after deleting and appending in place.
    expected: podWith([c('app'), c('istio-proxy'), c('new')]),
  },
  {
    name: '$setElementOrder with an empty order sorts new elements after the live ones',
    schema: podSchema,
    original: podWith([c('a'), c('b')]),
    patch: { spec: { '$setElementOrder/containers': [], containers: [c('z')] } },
    // Upstream's sort compares "not in the live list" as less-than either way; an insertion sort
    // then moves the new element to the end.
    expected: podWith([c('a'), c('b'), c('z')]),
  },
  {
    name: '$patch: delete of an element that is not there is a no-op',
    schema: podSchema,
    original: podWith([c('a')]),
    patch: { spec: { containers: [{ name: 'zz', $patch: 'delete' }] } },
    expected: podWith([c('a')]),
  },
  {
    name: '$patch: delete without the merge key fails (500 upstream)',
    schema: podSchema,
    original: podWith([c('a')]),
    patch: { spec: { containers: [{ $patch: 'delete' }] } },
    error: { reason: 'Unknown', code: 500, message: 'map: map[$patch:delete] does not contain declared merge key: name' },
  },
  {
    name: '$patch: replace in a list makes the patch elements the whole list',
    schema: podSchema,
    original: podWith([c('a'), c('b')]),
    patch: { spec: { containers: [c('z'), { $patch: 'replace' }, c('y')] } },
    expected: podWith([c('z'), c('y')]),
  },
  {
    name: '$patch: merge as a list element is not supported (500 upstream)',
    schema: podSchema,
    original: podWith([c('a')]),
    patch: { spec: { containers: [c('z'), { $patch: 'merge' }] } },
    error: { reason: 'Unknown', code: 500, message: 'merging lists cannot yet be specified in the patch' },
  },
  {
    name: 'an unknown $patch value as a list element (500 upstream)',
    schema: podSchema,
    original: podWith([c('a')]),
    patch: { spec: { containers: [{ name: 'a', $patch: 'nope' }] } },
    error: { reason: 'Unknown', code: 500, message: 'unknown patch type: nope in map: map[$patch:nope name:a]' },
  },
  {
    name: 'an element without its merge key fails (500 upstream)',
    schema: podSchema,
    original: podWith([c('a')]),
    patch: { spec: { containers: [{ image: 'x' }] } },
    error: { reason: 'Unknown', code: 500, message: 'map: map[image:x] does not contain declared merge key: name' },
  },
  {
    name: 'nested merge lists: ports by containerPort, env by name, resources map',
    schema: podSchema,
    original: podWith([
      c('a', {
        ports: [{ containerPort: 80, name: 'http' }],
        env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
        resources: { limits: { cpu: '1', memory: '1Gi' } },
      }),
    ]),
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }],
        containers: [
          {
            name: 'a',
            '$setElementOrder/ports': [{ containerPort: 80 }, { containerPort: 443 }],
            ports: [{ containerPort: 443, name: 'https' }],
            '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }],
            env: [{ name: 'B', $patch: 'delete' }, { name: 'C', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }],
            resources: { limits: { memory: '2Gi' }, requests: { cpu: '100m' } },
          },
        ],
      },
    },
    expected: podWith([
      c('a', {
        ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443, name: 'https' }],
        env: [{ name: 'A', value: '1' }, { name: 'C', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }],
        resources: { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '100m' } },
      }),
    ]),
  },
  {
    name: 'env value removed with null inside a merged element',
    schema: podSchema,
    original: podWith([c('a', { env: [{ name: 'A', value: '1' }] })]),
    patch: { spec: { containers: [{ name: 'a', env: [{ name: 'A', value: null, valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] } },
    expected: podWith([c('a', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] })]),
  },
  {
    name: 'volumes: $retainKeys switches a volume from emptyDir to configMap',
    schema: podSchema,
    original: podWith([c('a')], { volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', secret: { secretName: 's' } }] }),
    patch: {
      spec: {
        '$setElementOrder/volumes': [{ name: 'data' }, { name: 'cfg' }],
        volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' }, emptyDir: null, name: 'data' }],
      },
    },
    expected: podWith([c('a')], { volumes: [{ name: 'data', configMap: { name: 'cm' } }, { name: 'cfg', secret: { secretName: 's' } }] }),
  },
  {
    name: 'a list without merge strategy (tolerations) is replaced',
    schema: podSchema,
    original: podWith([c('a')], { tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] }),
    patch: { spec: { tolerations: [{ key: 'c', operator: 'Exists' }] } },
    expected: podWith([c('a')], { tolerations: [{ key: 'c', operator: 'Exists' }] }),
  },
  {
    name: 'a primitive list without merge strategy (args) is replaced',
    schema: podSchema,
    original: podWith([c('a', { args: ['x', 'y'] })]),
    patch: { spec: { containers: [{ name: 'a', args: ['z'] }] } },
    expected: podWith([c('a', { args: ['z'] })]),
  },
  {
    name: 'a merge list absent from the original takes the patch list minus directive elements',
    schema: podSchema,
    original: { metadata: { name: 'p' }, spec: {} },
    patch: { spec: { containers: [c('a'), { name: 'b', $patch: 'delete' }] } },
    expected: { metadata: { name: 'p' }, spec: { containers: [c('a')] } },
  },
  {
    name: 'status conditions merge by type',
    schema: podSchema,
    original: { status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }] } },
    patch: { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
    expected: { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }] } },
  },
  {
    name: 'ownerReferences merge by uid',
    schema: podSchema,
    original: { metadata: { ownerReferences: [{ uid: '1', name: 'rs-a', kind: 'ReplicaSet' }] } },
    patch: { metadata: { ownerReferences: [{ uid: '1', controller: true }, { uid: '2', name: 'x', kind: 'Job' }] } },
    expected: { metadata: { ownerReferences: [{ uid: '1', name: 'rs-a', kind: 'ReplicaSet', controller: true }, { uid: '2', name: 'x', kind: 'Job' }] } },
  },
  {
    name: 'the patch list must follow $setElementOrder (500 upstream)',
    schema: podSchema,
    original: podWith([c('a'), c('b')]),
    patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b', image: 'x' }, { name: 'a', image: 'y' }] } },
    error: {
      reason: 'Unknown',
      code: 500,
      message:
        "The order in patch list:\n[map[image:x name:b] map[image:y name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
    },
  },
  {
    name: '$setElementOrder that is not a list (500 upstream)',
    schema: podSchema,
    original: podWith([c('a')]),
    patch: { spec: { '$setElementOrder/containers': 'a' } },
    error: { reason: 'Unknown', code: 500, message: 'expected a []interface {}, but received a string' },
  },
  {
    name: 'a malformed $setElementOrder key (400)',
    schema: podSchema,
    original: podWith([c('a')]),
    patch: { spec: { $setElementOrderContainers: [] } },
    error: { reason: 'BadRequest', code: 400, message: 'invalid patch format of setElementOrder list' },
  },
  {
    name: '$setElementOrder for a list neither side has is a no-op',
    schema: podSchema,
    original: podWith([c('a')]),
    patch: { spec: { '$setElementOrder/initContainers': [{ name: 'i' }] } },
    expected: podWith([c('a')]),
  },
  {
    name: 'lists of lists are rejected (422 upstream)',
    schema: { type: 'object', properties: { matrix: { type: 'array', patchStrategy: 'merge', items: { type: 'array' } } } },
    original: { matrix: [[1], [2]] },
    patch: { matrix: [[3]] },
    error: { reason: 'Invalid', code: 422, message: 'the server rejected our request due to an error in our request' },
  },
  {
    name: 'a merge list whose elements differ in type (500 upstream)',
    schema: podSchema,
    original: { metadata: { finalizers: ['a'] } },
    patch: { metadata: { finalizers: [1] } },
    error: { reason: 'Unknown', code: 500, message: 'list element types are not identical: [[a] [1]]' },
  },
  {
    name: 'a merge list of maps without a merge key (500 upstream)',
    schema: { type: 'object', properties: { items: { type: 'array', patchStrategy: 'merge', items: { type: 'object' } } } },
    original: { items: [{ a: 1 }] },
    patch: { items: [{ a: 2 }] },
    error: { reason: 'Unknown', code: 500, message: 'cannot merge lists without merge key for struct' },
  },
];
