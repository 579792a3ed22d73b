/** Strategic merge: maps, nulls, `$patch` on maps, `$retainKeys`, fields without metadata. */
import { deploymentSchema, podSchema, replaceStrategySchema } from '../schemas.js';
import type { PatchCase } from './types.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, annotations: { a: '1' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }], nodeSelector: { disk: 'ssd', zone: 'a' } },
};

const rollingDeployment = {
  metadata: { name: 'web' },
  spec: { replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
};

export const strategicMapCases: PatchCase[] = [
  {
    name: 'nested maps merge key by key',
    schema: podSchema,
    original: pod,
    patch: { metadata: { labels: { tier: 'back', track: 'stable' } } },
    expected: { ...pod, metadata: { ...pod.metadata, labels: { app: 'web', tier: 'back', track: 'stable' } } },
  },
  {
    name: 'null deletes a key, and a null for a missing key is dropped',
    schema: podSchema,
    original: pod,
    patch: { metadata: { labels: { tier: null, nothere: null }, annotations: null } },
    expected: { ...pod, metadata: { name: 'web', labels: { app: 'web' } } },
  },
  {
    name: 'added subtree loses its nulls',
    schema: podSchema,
    original: { metadata: { name: 'x' } },
    patch: { metadata: { labels: { a: '1', b: null } }, spec: { nodeSelector: { zone: null } } },
    expected: { metadata: { name: 'x', labels: { a: '1' } }, spec: { nodeSelector: {} } },
  },
  {
    name: 'scalar replaces scalar and a map replaces a scalar of another type',
    schema: podSchema,
    original: { spec: { serviceAccountName: 'a', nodeSelector: 'oops' } },
    patch: { spec: { serviceAccountName: 'b', nodeSelector: { zone: 'b', gone: null } } },
    expected: { spec: { serviceAccountName: 'b', nodeSelector: { zone: 'b' } } },
  },
  {
    name: '$patch: replace on a map swaps the map wholesale',
    schema: podSchema,
    original: pod,
    patch: { spec: { nodeSelector: { $patch: 'replace', region: 'eu' } } },
    expected: { ...pod, spec: { ...pod.spec, nodeSelector: { region: 'eu' } } },
  },
  {
    name: '$patch: delete on a map empties it',
    schema: podSchema,
    original: pod,
    patch: { metadata: { labels: { $patch: 'delete' } } },
    expected: { ...pod, metadata: { ...pod.metadata, labels: {} } },
  },
  {
    name: '$patch: replace at the top level replaces the whole object',
    schema: podSchema,
    original: pod,
    patch: { $patch: 'replace', kind: 'Pod', metadata: { name: 'other' } },
    expected: { kind: 'Pod', metadata: { name: 'other' } },
  },
  {
    name: 'a directive map for a key the original lacks is dropped',
    schema: podSchema,
    original: { metadata: { name: 'x' } },
    patch: { metadata: { labels: { $patch: 'replace', a: '1' } } },
    expected: { metadata: { name: 'x' } },
  },
  {
    name: '$patch: merge on a map is an unknown patch type (500 upstream)',
    schema: podSchema,
    original: pod,
    patch: { metadata: { labels: { $patch: 'merge', x: 'y' } } },
    error: { reason: 'Unknown', code: 500, message: 'unknown patch type: merge in map: map[$patch:merge x:y]' },
  },
  {
    name: 'patchStrategy replace on a map field replaces it',
    schema: replaceStrategySchema,
    original: { spec: { selector: { a: '1', b: '2' } } },
    patch: { spec: { selector: { c: '3' } } },
    expected: { spec: { selector: { c: '3' } } },
  },
  {
    name: '$retainKeys switches Deployment strategy RollingUpdate → Recreate',
    schema: deploymentSchema,
    original: rollingDeployment,
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
    expected: { ...rollingDeployment, spec: { ...rollingDeployment.spec, strategy: { type: 'Recreate' } } },
  },
  {
    name: '$retainKeys alone clears keys not listed',
    schema: deploymentSchema,
    original: rollingDeployment,
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    expected: { ...rollingDeployment, spec: { ...rollingDeployment.spec, strategy: { type: 'Recreate' } } },
  },
  {
    name: '$retainKeys keeps listed keys and merges into them',
    schema: deploymentSchema,
    original: rollingDeployment,
    patch: { spec: { strategy: { $retainKeys: ['rollingUpdate', 'type'], rollingUpdate: { maxSurge: 1 } } } },
    expected: {
      ...rollingDeployment,
      spec: { ...rollingDeployment.spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } },
    },
  },
  {
    name: '$retainKeys must list every non-null patch key (400)',
    schema: deploymentSchema,
    original: rollingDeployment,
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } },
    error: { reason: 'BadRequest', code: 400, message: 'invalid patch format of retainKeys' },
  },
  {
    name: '$retainKeys that is not a list (400)',
    schema: deploymentSchema,
    original: rollingDeployment,
    patch: { spec: { strategy: { $retainKeys: 'type' } } },
    error: { reason: 'BadRequest', code: 400, message: 'invalid patch format of retainKeys' },
  },
  {
    name: 'fields without schema merge like a merge patch: maps merge, lists replace',
    schema: podSchema,
    original: { spec: { extra: { a: 1, list: [{ name: 'a' }, { name: 'b' }], keep: true } } },
    patch: { spec: { extra: { a: 2, list: [{ name: 'c' }], keep: null } } },
    expected: { spec: { extra: { a: 2, list: [{ name: 'c' }] } } },
  },
  {
    name: 'no schema at all: merge-patch semantics with directives honoured',
    original: { a: { b: 1, c: 2 }, l: [1, 2], m: { x: 1 } },
    patch: { a: { c: null, d: 3 }, l: [3], m: { $patch: 'delete' } },
    expected: { a: { b: 1, d: 3 }, l: [3], m: {} },
  },
  {
    name: 'null patch changes nothing',
    schema: podSchema,
    original: pod,
    patch: null,
    expected: pod,
  },
  {
    name: 'a patch that is a list is a 400',
    schema: podSchema,
    original: pod,
    patch: [{ op: 'add' }],
    error: { reason: 'BadRequest', code: 400, message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
  },
];
