/**
 * StatefulSet controller in-process: ordered creation waiting for Running+Ready, PVCs from
 * volumeClaimTemplates, ordered scale-down, Parallel management, rolling update with a partition,
 * ControllerRevisions.
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
const names = (pods: KubeObject[]) => pods.map((p) => p.metadata.name).sort();

function statefulSet(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { name },
    spec: {
      replicas: 3,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: podTemplate({ app: name }),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...extra,
    },
  };
}

/** Plays the kubelet: each pending pod becomes ready, one round at a time, recording creation order. */
async function readyInOrder(set: KubeObject, count: number): Promise<string[]> {
  const order: string[] = [];
  await h.until(`${count} ready pods`, async () => {
    for (const p of await h.podsOf(set)) {
      if (status(p).phase !== 'Running') {
        order.push(p.metadata.name!);
        await h.markReady(p);
      }
    }
    const pods = await h.podsOf(set);
    return pods.length === count && pods.every((p) => status(p).phase === 'Running');
  });
  return order;
}

describe('StatefulSet controller', () => {
  it('creates pods one at a time in ordinal order, each with identity and a PVC', async () => {
    const set = await h.create(h.r.statefulSets, statefulSet('db'));
    const first = await h.until('db-0', async () => ((await h.podsOf(set)).length === 1 ? (await h.podsOf(set))[0] : undefined));
    expect(first.metadata.name).toBe('db-0');
    // OrderedReady: nothing else while db-0 is not ready.
    await new Promise((r) => setTimeout(r, 100));
    expect(names(await h.podsOf(set))).toEqual(['db-0']);
    expect(first.metadata.labels).toMatchObject({ app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0' });
    expect((first.spec as any).hostname).toBe('db-0');
    expect((first.spec as any).subdomain).toBe('db');
    expect((first.spec as any).volumes[0]).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } });
    expect(await readyInOrder(set, 3)).toEqual(['db-0', 'db-1', 'db-2']);
    const claims = await h.list(h.r.pvcs);
    expect(names(claims)).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect(claims[0]!.metadata.labels).toEqual({ app: 'db' });
    const s = await h.until('status', async () => {
      const cur = status(await h.get(h.r.statefulSets, 'db'));
      return cur.readyReplicas === 3 ? cur : undefined;
    });
    expect(s).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(s.currentRevision).toBe(s.updateRevision);
    const revisions = await h.list(h.r.controllerRevisions);
    expect(revisions.map((r) => [r.metadata.name, r.revision])).toEqual([[s.updateRevision, 1]]);
  });

  it('scales down from the highest ordinal, one at a time', async () => {
    const set = await h.create(h.r.statefulSets, statefulSet('web'));
    await readyInOrder(set, 3);
    // Record deletions from the store's own event stream: their order is the controller's order.
    const gone: string[] = [];
    const abort = new AbortController();
    const watching = (async () => {
      for await (const e of h.store.watch<KubeObject>('/registry/core/pods/test/', { fromRevision: h.store.currentRevision(), signal: abort.signal })) {
        if (e.type === 'delete') gone.push(e.entry.view.metadata.name!);
      }
    })();
    await h.update(h.r.statefulSets, 'web', (cur) => ({ ...cur, spec: { ...(cur.spec as object), replicas: 0 } }));
    await h.until('all gone', async () => gone.length === 3);
    abort.abort();
    await watching;
    expect(gone).toEqual(['web-2', 'web-1', 'web-0']);
  });

  it('Parallel creates every pod at once', async () => {
    const set = await h.create(h.r.statefulSets, statefulSet('par', { podManagementPolicy: 'Parallel' }));
    const pods = await h.until('3 pods', async () => ((await h.podsOf(set)).length === 3 ? h.podsOf(set) : undefined));
    expect(names(pods)).toEqual(['par-0', 'par-1', 'par-2']);
  });

  it('rolls out a new template down to the partition', async () => {
    const set = await h.create(h.r.statefulSets, statefulSet('part', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    await readyInOrder(set, 3);
    const before = status(await h.until('status', async () => ((status(await h.get(h.r.statefulSets, 'part')).readyReplicas === 3) ? h.get(h.r.statefulSets, 'part') : undefined)));
    await h.update(h.r.statefulSets, 'part', (cur) => ({ ...cur, spec: { ...(cur.spec as object), template: podTemplate({ app: 'part' }, 'nginx:1.28') } }));
    const s = await h.until('partitioned rollout', async () => {
      for (const p of await h.podsOf(set)) if (status(p).phase !== 'Running') await h.markReady(p);
      const cur = status(await h.get(h.r.statefulSets, 'part'));
      return cur.updatedReplicas === 2 && cur.readyReplicas === 3 && cur.updateRevision !== before.updateRevision ? cur : undefined;
    });
    const pods = await h.podsOf(set);
    const images = Object.fromEntries(pods.map((p) => [p.metadata.name, (p.spec as any).containers[0].image]));
    expect(images).toEqual({ 'part-0': 'nginx:1.27', 'part-1': 'nginx:1.28', 'part-2': 'nginx:1.28' });
    expect(s.currentRevision).toBe(before.updateRevision);
    expect((await h.list(h.r.controllerRevisions)).map((r) => r.revision).sort()).toEqual([1, 2]);
  });
});
