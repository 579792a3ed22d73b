/**
 * DaemonSet (one pod per virtual Node, none without nodes) and Endpoints/EndpointSlice controllers
 * in-process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/registry/object.js';
import { podTemplate, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const status = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, any>;
const nodeOf = (p: KubeObject) => (p.spec as any).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];

describe('DaemonSet controller', () => {
  it('runs one pod per matching node and none without nodes', async () => {
    const ds = await h.create(h.r.daemonSets, { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { ...podTemplate({ app: 'agent' }), spec: { nodeSelector: { role: 'worker' }, containers: [{ name: 'c', image: 'agent' }] } } } });
    await h.until('status without nodes', async () => status(await h.get(h.r.daemonSets, 'agent')).observedGeneration === 1);
    expect(await h.podsOf(ds)).toHaveLength(0);
    expect(status(await h.get(h.r.daemonSets, 'agent'))).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0, numberReady: 0 });
    for (const [name, role] of [['n1', 'worker'], ['n2', 'worker'], ['n3', 'control']]) {
      await h.create(h.r.nodes, { metadata: { name, labels: { role } } });
    }
    const pods = await h.until('2 pods', async () => ((await h.podsOf(ds)).length === 2 ? h.podsOf(ds) : undefined));
    expect(pods.map(nodeOf).sort()).toEqual(['n1', 'n2']);
    expect(pods[0]!.metadata.labels).toMatchObject({ app: 'agent', 'pod-template-generation': '1' });
    expect(pods[0]!.metadata.labels!['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
    expect((pods[0]!.spec as any).tolerations.map((t: any) => t.key)).toContain('node.kubernetes.io/unschedulable');
    for (const p of pods) await h.markReady(p);
    const s = await h.until('ready', async () => {
      const cur = status(await h.get(h.r.daemonSets, 'agent'));
      return cur.numberReady === 2 ? cur : undefined;
    });
    expect(s).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, numberAvailable: 2, updatedNumberScheduled: 2 });
    await h.registry.delete(h.r.nodes, undefined, 'n1');
    await h.until('pod on n1 removed', async () => (await h.podsOf(ds)).map(nodeOf).join() === 'n2');
  });
});

describe('Endpoints controller', () => {
  it('publishes ready and not-ready pod IPs as Endpoints and an EndpointSlice', async () => {
    const svc = await h.create(h.r.services, { metadata: { name: 'web', labels: { tier: 'front' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    const slice0 = await h.until('placeholder slice', async () => (await h.list(h.r.endpointSlices))[0]);
    expect(slice0).toMatchObject({ addressType: 'IPv4', metadata: { labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', tier: 'front' } } });
    expect(slice0.endpoints).toBeUndefined();
    expect(slice0.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const pod = (name: string) => ({ metadata: { name, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] } });
    const a = await h.create(h.r.pods, pod('a'));
    const b = await h.create(h.r.pods, pod('b'));
    await h.create(h.r.pods, { ...pod('other'), metadata: { name: 'other', labels: { app: 'other' } } });
    await h.markReady(a, '10.244.1.1');
    await h.setPodStatus(b, { phase: 'Running', podIP: '10.244.1.2', conditions: [{ type: 'Ready', status: 'False' }] });
    const eps = await h.until('endpoints', async () => {
      const e = await h.get(h.r.endpoints, 'web');
      return (e?.subsets as any)?.[0]?.notReadyAddresses ? e : undefined;
    });
    expect(eps.metadata.labels).toEqual({ tier: 'front' });
    expect(eps.subsets).toEqual([
      {
        addresses: [{ ip: '10.244.1.1', targetRef: { kind: 'Pod', namespace: 'test', name: 'a', uid: a.metadata.uid } }],
        notReadyAddresses: [{ ip: '10.244.1.2', targetRef: { kind: 'Pod', namespace: 'test', name: 'b', uid: b.metadata.uid } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    const slices = await h.until('slice endpoints', async () => {
      const s = await h.list(h.r.endpointSlices);
      return s.length === 1 && (s[0]!.endpoints as unknown[] | undefined)?.length === 2 ? s : undefined;
    });
    expect(slices[0]!.metadata.name).toBe(slice0.metadata.name);
    expect(slices[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slices[0]!.endpoints).toEqual([
      { addresses: ['10.244.1.1'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'test', name: 'a', uid: a.metadata.uid } },
      { addresses: ['10.244.1.2'], conditions: { ready: false, serving: false, terminating: false }, targetRef: { kind: 'Pod', namespace: 'test', name: 'b', uid: b.metadata.uid } },
    ]);
    await h.registry.delete(h.r.pods, h.ns, 'a');
    await h.until('a removed', async () => ((await h.get(h.r.endpoints, 'web'))?.subsets as any)?.[0]?.addresses === undefined);
    await h.registry.delete(h.r.services, h.ns, 'web');
    await h.until('endpoints and slices removed', async () => (await h.get(h.r.endpoints, 'web')) === undefined && (await h.list(h.r.endpointSlices)).length === 0);
  });
});
