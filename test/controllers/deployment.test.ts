/**
 * ReplicaSet and Deployment controllers in-process: pods from templates, rolling updates within
 * maxSurge/maxUnavailable, Recreate ordering, revisions, status and conditions, history cleanup.
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

const spec = (o: KubeObject) => o.spec as Record<string, any>;
const status = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, any>;

async function readyAll(owner: KubeObject): Promise<void> {
  for (const p of await h.podsOf(owner)) if (status(p).phase !== 'Running') await h.markReady(p);
}

async function setsOf(d: KubeObject): Promise<KubeObject[]> {
  return (await h.list(h.r.replicaSets)).filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
}

describe('ReplicaSet controller', () => {
  it('creates and removes pods to match replicas and reports status', async () => {
    const rs = await h.create(h.r.replicaSets, { metadata: { name: 'front' }, spec: { replicas: 3, selector: { matchLabels: { app: 'f' } }, template: podTemplate({ app: 'f' }) } });
    const pods = await h.until('3 pods', async () => ((await h.podsOf(rs)).length === 3 ? h.podsOf(rs) : undefined));
    expect(pods.every((p) => p.metadata.name!.startsWith('front-') && p.metadata.labels!.app === 'f')).toBe(true);
    expect(pods[0]!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'front', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    await h.markReady(pods[0]!);
    const s = await h.until('status', async () => {
      const cur = await h.get(h.r.replicaSets, 'front');
      return status(cur).readyReplicas === 1 ? status(cur) : undefined;
    });
    expect(s).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
    await h.update(h.r.replicaSets, 'front', (cur) => ({ ...cur, spec: { ...spec(cur), replicas: 1 } }));
    const left = await h.until('1 pod', async () => ((await h.podsOf(rs)).length === 1 ? h.podsOf(rs) : undefined));
    // Not-ready pods go first.
    expect(left[0]!.metadata.name).toBe(pods[0]!.metadata.name);
  });

  it('adopts matching orphans and releases pods that stop matching', async () => {
    await h.create(h.r.pods, { metadata: { name: 'stray', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const rs = await h.create(h.r.replicaSets, { metadata: { name: 'adopter' }, spec: { replicas: 2, selector: { matchLabels: { app: 'adopt' } }, template: podTemplate({ app: 'adopt' }) } });
    const pods = await h.until('2 pods', async () => ((await h.podsOf(rs)).length === 2 ? h.podsOf(rs) : undefined));
    expect(pods.map((p) => p.metadata.name)).toContain('stray');
    await h.update(h.r.pods, 'stray', (cur) => ({ ...cur, metadata: { ...cur.metadata, labels: { app: 'elsewhere' } } }));
    await h.until('released and replaced', async () => {
      const owned = await h.podsOf(rs);
      return owned.length === 2 && !owned.some((p) => p.metadata.name === 'stray');
    });
    expect((await h.get(h.r.pods, 'stray'))!.metadata.ownerReferences).toBeUndefined();
  });

  it('replaces a deleted pod', async () => {
    const rs = await h.create(h.r.replicaSets, { metadata: { name: 'again' }, spec: { replicas: 2, selector: { matchLabels: { app: 'a' } }, template: podTemplate({ app: 'a' }) } });
    const pods = await h.until('2 pods', async () => ((await h.podsOf(rs)).length === 2 ? h.podsOf(rs) : undefined));
    await h.registry.delete(h.r.pods, h.ns, pods[0]!.metadata.name!);
    const after = await h.until('replacement', async () => {
      const now = await h.podsOf(rs);
      return now.length === 2 && !now.some((p) => p.metadata.name === pods[0]!.metadata.name) ? now : undefined;
    });
    expect(after).toHaveLength(2);
  });
});

describe('Deployment controller', () => {
  const deployment = (name: string, extra: Record<string, unknown> = {}) => ({
    metadata: { name, annotations: { 'kubernetes.io/change-cause': 'first' } },
    spec: { replicas: 3, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }), ...extra },
  });

  it('rolls out a new ReplicaSet and completes with NewReplicaSetAvailable', async () => {
    const d = await h.create(h.r.deployments, deployment('web'));
    const [rs] = await h.until('replica set', async () => ((await setsOf(d)).length === 1 ? setsOf(d) : undefined));
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.metadata.annotations).toEqual({ 'kubernetes.io/change-cause': 'first', 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(spec(rs!).selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    await h.until('3 pods', async () => (await h.podsOf(rs!)).length === 3);
    await readyAll(rs!);
    const done = await h.until('complete', async () => {
      const cur = (await h.get(h.r.deployments, 'web'))!;
      return status(cur).availableReplicas === 3 && status(cur).conditions?.find((c: any) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable' ? cur : undefined;
    });
    expect(done.metadata.generation).toBe(1);
    expect(done.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1');
    expect(status(done)).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(status(done).unavailableReplicas).toBeUndefined();
    expect(status(done).conditions.map((c: any) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(status(done).conditions[1].message).toBe(`ReplicaSet "web-${hash}" has successfully progressed.`);
  });

  it('keeps a rolling update within maxSurge and maxUnavailable', async () => {
    const d = await h.create(h.r.deployments, deployment('roll', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    const [first] = await h.until('rs', async () => ((await setsOf(d)).length === 1 ? setsOf(d) : undefined));
    await h.until('3 pods', async () => (await h.podsOf(first!)).length === 3);
    await readyAll(first!);
    await h.until('available', async () => status(await h.get(h.r.deployments, 'roll')).availableReplicas === 3);
    await h.update(h.r.deployments, 'roll', (cur) => ({ ...cur, spec: { ...spec(cur), template: podTemplate({ app: 'roll' }, 'nginx:1.28') } }));
    let steps = 0;
    for (;;) {
      const sets = await setsOf(d);
      const total = sets.reduce((n, rs) => n + (spec(rs).replicas as number), 0);
      expect(total).toBeLessThanOrEqual(4);
      const pods = (await h.list(h.r.pods)).filter((p) => p.metadata.labels?.app === 'roll');
      expect(pods.filter((p) => status(p).phase === 'Running').length).toBeGreaterThanOrEqual(3);
      const cur = (await h.get(h.r.deployments, 'roll'))!;
      if (status(cur).observedGeneration === cur.metadata.generation && status(cur).conditions?.find((c: any) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable' && status(cur).updatedReplicas === 3 && status(cur).replicas === 3) break;
      for (const p of pods) if (status(p).phase !== 'Running') await h.markReady(p);
      await new Promise((r) => setTimeout(r, 20));
      expect(++steps).toBeLessThan(500);
    }
    const sets = await setsOf(d);
    expect(sets.map((rs) => [rs.metadata.annotations!['deployment.kubernetes.io/revision'], spec(rs).replicas]).sort()).toEqual([['1', 0], ['2', 3]]);
    expect((await h.get(h.r.deployments, 'roll'))!.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('Recreate scales the old ReplicaSet to zero before the new one gets pods', async () => {
    const d = await h.create(h.r.deployments, deployment('rec', { strategy: { type: 'Recreate' } }));
    const [first] = await h.until('rs', async () => ((await setsOf(d)).length === 1 ? setsOf(d) : undefined));
    await h.until('3 pods', async () => (await h.podsOf(first!)).length === 3);
    await h.update(h.r.deployments, 'rec', (cur) => ({ ...cur, spec: { ...spec(cur), template: podTemplate({ app: 'rec' }, 'nginx:1.28') } }));
    const sets = await h.until('new rs', async () => {
      const s = await setsOf(d);
      return s.length === 2 ? s : undefined;
    });
    const old = sets.find((rs) => rs.metadata.uid === first!.metadata.uid)!;
    const fresh = sets.find((rs) => rs.metadata.uid !== first!.metadata.uid)!;
    expect(spec(old).replicas).toBe(0);
    expect(status(old).replicas ?? 0).toBe(0);
    expect(await h.podsOf(first!)).toHaveLength(0);
    await h.until('new pods', async () => (await h.podsOf(fresh)).length === 3);
  });

  it('scales, and prunes old ReplicaSets beyond revisionHistoryLimit', async () => {
    const d = await h.create(h.r.deployments, deployment('hist', { revisionHistoryLimit: 1, replicas: 1 }));
    for (const image of ['a:1', 'a:2', 'a:3']) {
      await h.update(h.r.deployments, 'hist', (cur) => ({ ...cur, spec: { ...spec(cur), template: podTemplate({ app: 'hist' }, image) } }));
      await h.until(`rollout to ${image}`, async () => {
        for (const rs of await setsOf(d)) await readyAll(rs);
        const cur = (await h.get(h.r.deployments, 'hist'))!;
        return status(cur).observedGeneration === cur.metadata.generation && status(cur).conditions?.some((c: any) => c.reason === 'NewReplicaSetAvailable') && status(cur).replicas === 1;
      });
    }
    const sets = await h.until('pruned', async () => ((await setsOf(d)).length === 2 ? setsOf(d) : undefined));
    expect(sets.map((rs) => rs.metadata.annotations!['deployment.kubernetes.io/revision']).sort()).toEqual(['3', '4']);
    await h.update(h.r.deployments, 'hist', (cur) => ({ ...cur, spec: { ...spec(cur), replicas: 4 } }));
    const newest = sets.find((rs) => rs.metadata.annotations!['deployment.kubernetes.io/revision'] === '4')!;
    await h.until('4 pods', async () => (await h.podsOf(newest)).length === 4);
    expect((await h.get(h.r.replicaSets, newest.metadata.name!))!.metadata.annotations!['deployment.kubernetes.io/desired-replicas']).toBe('4');
  });

  it('reports ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress', async () => {
    await h.create(h.r.deployments, deployment('stuck', { progressDeadlineSeconds: 60, replicas: 1 }));
    await h.until('progressing', async () => status(await h.get(h.r.deployments, 'stuck')).conditions?.some((c: any) => c.type === 'Progressing'));
    // The pod the ReplicaSet creates is progress too (it restarts the deadline): the clock moves only
    // once the Deployment has counted it, or a late count under load would restart it after the advance.
    await h.until('1 replica counted', async () => {
      const counted = status(await h.get(h.r.deployments, 'stuck'));
      return counted.replicas === 1 && counted.updatedReplicas === 1;
    });
    h.clock.advance(59_000);
    h.controllers.deployments.resync();
    await new Promise((r) => setTimeout(r, 50));
    const progressing = (o: KubeObject | undefined) => status(o).conditions.find((c: any) => c.type === 'Progressing');
    expect(progressing(await h.get(h.r.deployments, 'stuck')).status).toBe('True');
    h.clock.advance(2_000);
    h.controllers.deployments.resync();
    const cond = await h.until('deadline', async () => {
      const c = progressing(await h.get(h.r.deployments, 'stuck'));
      return c.status === 'False' ? c : undefined;
    });
    expect(cond.reason).toBe('ProgressDeadlineExceeded');
    expect(cond.message).toMatch(/^ReplicaSet "stuck-\w+" has timed out progressing\.$/);
  });
});

describe('ReplicationController', () => {
  it('is run by the ReplicaSet controller with its map selector', async () => {
    const rc = await h.create(h.r.replicationControllers, { metadata: { name: 'legacy' }, spec: { replicas: 2, selector: { app: 'legacy' }, template: podTemplate({ app: 'legacy' }) } });
    const pods = await h.until('2 pods', async () => ((await h.podsOf(rc)).length === 2 ? h.podsOf(rc) : undefined));
    expect(pods[0]!.metadata.ownerReferences![0]).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy' });
    await h.until('status', async () => status(await h.get(h.r.replicationControllers, 'legacy')).replicas === 2);
  });
});
