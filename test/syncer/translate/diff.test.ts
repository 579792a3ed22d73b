import type { V1ConfigMap, V1Pod, V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { MANAGED_BY_LABEL } from '../../../src/syncer/mappings/index.js';
import { CONFIGMAP_OWNED_PATHS, configMapToHost } from '../../../src/syncer/translate/configmaps.js';
import {
  deepEqual,
  hostUpdatePatch,
  isSubset,
  metadataPatch,
  podHostUpdatePatch,
  podUpdatableView,
  subsetMergePatch,
  updateNeeded,
} from '../../../src/syncer/translate/diff.js';
import { podToHost } from '../../../src/syncer/translate/pods.js';
import { SERVICE_OWNED_PATHS, serviceToHost } from '../../../src/syncer/translate/services.js';
import { testContext } from './fixtures.js';

const single = testContext('single');

describe('isSubset and deepEqual', () => {
  it.each([
    { desired: { a: 1 }, current: { a: 1, b: 2 }, subset: true },
    { desired: { a: 1 }, current: { a: 2 }, subset: false },
    { desired: [{ port: 80 }], current: [{ port: 80, protocol: 'TCP' }], subset: true },
    { desired: [{ port: 80 }], current: [{ port: 80 }, { port: 81 }], subset: false },
    { desired: { a: undefined }, current: {}, subset: true },
    { desired: { a: { b: [1, 2] } }, current: { a: { b: [1, 2], c: 3 } }, subset: true },
    { desired: 'x', current: undefined, subset: false },
  ])('isSubset($desired, $current) = $subset', ({ desired, current, subset }) => {
    expect(isSubset(desired, current)).toBe(subset);
  });

  it('deepEqual ignores undefined keys and compares dates by time', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual(new Date('2026-01-01T00:00:00Z'), '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe('subsetMergePatch', () => {
  it.each([
    { desc: 'nothing changed (host defaults ignored)', current: { spec: { a: 1, defaulted: 'x' } }, desired: { spec: { a: 1 } }, owned: [], patch: undefined },
    { desc: 'changed scalar', current: { spec: { a: 1 } }, desired: { spec: { a: 2 } }, owned: [], patch: { spec: { a: 2 } } },
    { desc: 'array replaced whole', current: { spec: { l: [1, 2] } }, desired: { spec: { l: [1, 3] } }, owned: [], patch: { spec: { l: [1, 3] } } },
    { desc: 'removed key kept when not owned', current: { spec: { a: 1, b: 2 } }, desired: { spec: { a: 1 } }, owned: [], patch: undefined },
    { desc: 'removed key deleted when owned', current: { data: { a: '1', b: '2' } }, desired: { data: { a: '1' } }, owned: [['data']], patch: { data: { b: null } } },
    { desc: 'new owned map', current: {}, desired: { data: { a: '1' } }, owned: [['data']], patch: { data: { a: '1' } } },
  ])('$desc', ({ current, desired, owned, patch }) => {
    expect(subsetMergePatch(current, desired, owned)).toEqual(patch);
  });
});

describe('metadataPatch', () => {
  it('follows the desired labels, removes keys vkube set before, keeps keys added on the host', () => {
    const virtual: V1ConfigMap = { metadata: { name: 'c', namespace: 'default', labels: { a: '1', gone: 'x' } }, data: {} };
    const current = configMapToHost(virtual, single);
    current.metadata!.labels!['host-added'] = 'y';
    current.metadata!.annotations!['host-note'] = 'z';
    const desired = configMapToHost({ ...virtual, metadata: { ...virtual.metadata, labels: { a: '2' } } }, single);
    const patch = metadataPatch(current.metadata, desired.metadata!);
    expect(patch?.['labels']).toEqual({ a: '2', gone: null });
    expect(patch?.['annotations']).toEqual({ 'vkube.io/managed-labels': `a,${MANAGED_BY_LABEL},vkube.io/namespace` });
  });
});

describe('hostUpdatePatch / updateNeeded (state table)', () => {
  const virtualService: V1Service = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
  const hostAsAllocated = (desired: V1Service): V1Service => ({
    ...desired,
    metadata: { ...desired.metadata, uid: 'h', resourceVersion: '5' },
    spec: { ...desired.spec, clusterIP: '10.96.0.9', clusterIPs: ['10.96.0.9'], ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], sessionAffinity: 'None', type: 'ClusterIP' },
    status: { loadBalancer: {} },
  });

  it.each([
    { desc: 'in sync: host defaults and allocations are not a change', virtual: virtualService, patch: undefined },
    {
      desc: 'port changed',
      virtual: { ...virtualService, spec: { ...virtualService.spec, ports: [{ port: 8080 }] } },
      patch: { spec: { ports: [{ port: 8080 }] } },
    },
    {
      desc: 'selector key replaced',
      virtual: { ...virtualService, spec: { ...virtualService.spec, selector: { role: 'api' } } },
      patch: { spec: { selector: { app: null, role: 'api' } } },
    },
    {
      desc: 'selector emptied: the host Service becomes selector-less too',
      virtual: { ...virtualService, spec: { ...virtualService.spec, selector: {} } },
      patch: { spec: { selector: { app: null, [MANAGED_BY_LABEL]: null, 'vkube.io/namespace': null } } },
    },
  ])('$desc', ({ virtual, patch }) => {
    const current = hostAsAllocated(serviceToHost(virtualService, single));
    const desired = serviceToHost(virtual as V1Service, single);
    expect(hostUpdatePatch(current, desired, SERVICE_OWNED_PATHS)).toEqual(patch);
    expect(updateNeeded(current, desired, SERVICE_OWNED_PATHS)).toBe(patch !== undefined);
  });

  it('ConfigMap data follows the virtual side exactly', () => {
    const current = configMapToHost({ metadata: { name: 'c', namespace: 'default' }, data: { a: '1', b: '2' } }, single);
    const desired = configMapToHost({ metadata: { name: 'c', namespace: 'default' }, data: { a: '1', c: '3' } }, single);
    expect(hostUpdatePatch(current, desired, CONFIGMAP_OWNED_PATHS)).toEqual({ data: { b: null, c: '3' } });
  });

  it('never sends status', () => {
    const current = { metadata: {}, spec: { a: 1 }, status: { phase: 'Running' } };
    const desired = { metadata: {}, spec: { a: 1 }, status: { phase: 'Pending' } };
    expect(hostUpdatePatch(current, desired)).toBeUndefined();
  });
});

describe('pod updates', () => {
  const virtualPod: V1Pod = {
    metadata: { name: 'web-0', namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1' }], tolerations: [{ key: 'k', operator: 'Exists' }], schedulingGates: [{ name: 'a' }, { name: 'b' }] },
  };
  const hostAsRunning = (desired: V1Pod): V1Pod => ({
    ...desired,
    spec: {
      ...desired.spec!,
      containers: desired.spec!.containers.map((c) => ({ ...c, terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' })),
      tolerations: [...(desired.spec!.tolerations ?? []), { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      nodeName: 'node-1',
    },
  });
  const current = hostAsRunning(podToHost(virtualPod, single));
  const withSpec = (spec: Partial<V1Pod['spec']>) => podToHost({ ...virtualPod, spec: { ...virtualPod.spec!, ...spec } }, single);

  it('in sync: nothing to send', () => {
    expect(podHostUpdatePatch(current, podToHost(virtualPod, single))).toBeUndefined();
  });

  it('image change: the containers list with the new image, host defaults kept', () => {
    const desired = withSpec({ containers: [{ name: 'app', image: 'nginx:2' }] });
    const patch = podHostUpdatePatch(current, desired);
    expect((patch?.['spec'] as { containers: Array<{ image: string; terminationMessagePath: string }> }).containers[0]).toMatchObject({
      image: 'nginx:2',
      terminationMessagePath: '/dev/termination-log',
    });
  });

  it('added toleration is appended to the host list; removed gate is removed', () => {
    const desired = withSpec({ tolerations: [{ key: 'k', operator: 'Exists' }, { key: 'new', operator: 'Exists' }], schedulingGates: [{ name: 'b' }] });
    const spec = podHostUpdatePatch(current, desired)?.['spec'] as V1Pod['spec'];
    expect(spec?.tolerations?.map((t) => t.key)).toEqual(['k', 'node.kubernetes.io/not-ready', 'new']);
    expect(spec?.schedulingGates).toEqual([{ name: 'b' }]);
  });

  it('all gates removed → null', () => {
    const spec = podHostUpdatePatch(current, withSpec({ schedulingGates: undefined }))?.['spec'] as Record<string, unknown>;
    expect(spec['schedulingGates']).toBeNull();
  });

  // The syncer keeps only views (of host pods and of translations) and patches from the full host pod.
  it.each([
    { desc: 'nothing changed', spec: {} },
    { desc: 'image changed', spec: { containers: [{ name: 'app', image: 'nginx:2' }] } },
    { desc: 'init container image changed', spec: { initContainers: [{ name: 'init', image: 'busybox:2' }] } },
    { desc: 'container command changed (not updatable)', spec: { containers: [{ name: 'app', image: 'nginx:1', command: ['sh'] }] } },
    { desc: 'restartPolicy changed (not updatable)', spec: { restartPolicy: 'Never' } },
    { desc: 'toleration added', spec: { tolerations: [{ key: 'k', operator: 'Exists' }, { key: 'new', operator: 'Exists' }] } },
    { desc: 'one gate removed', spec: { schedulingGates: [{ name: 'b' }] } },
    { desc: 'every gate removed', spec: { schedulingGates: undefined } },
    { desc: 'activeDeadlineSeconds set', spec: { activeDeadlineSeconds: 30 } },
    { desc: 'label changed', labels: { app: 'web', tier: 'front' } },
  ])('views decide like full pods, and the full host pod with the desired view makes the same patch: $desc', ({ spec, labels }) => {
    const withInit = { ...virtualPod, spec: { ...virtualPod.spec!, initContainers: [{ name: 'init', image: 'busybox:1' }] } };
    const base = hostAsRunning(podToHost(withInit, single));
    const desired = podToHost({ ...withInit, metadata: { ...withInit.metadata, ...(labels ? { labels } : {}) }, spec: { ...withInit.spec!, ...spec } }, single);
    const full = podHostUpdatePatch(base, desired);
    expect(podHostUpdatePatch(podUpdatableView(base), podUpdatableView(desired)) === undefined).toBe(full === undefined);
    expect(podHostUpdatePatch(base, podUpdatableView(desired))).toEqual(full);
  });

  it('the view keeps container names and images, the node, updatable fields and status, not env or volumes', () => {
    const view = podUpdatableView(current);
    expect(view.spec).toEqual({
      containers: [{ name: 'app', image: 'nginx:1' }],
      nodeName: 'node-1',
      tolerations: current.spec!.tolerations,
      schedulingGates: [{ name: 'a' }, { name: 'b' }],
    });
    expect(view.metadata).toBe(current.metadata);
    expect(view.status).toBe(current.status);
  });

  it('activeDeadlineSeconds is sent as an update', () => {
    expect(podHostUpdatePatch(current, withSpec({ activeDeadlineSeconds: 30 }))).toEqual({ spec: { activeDeadlineSeconds: 30 } });
  });
});
