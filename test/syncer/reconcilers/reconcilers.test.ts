import type { KubernetesObject, V1Pod, V1Secret } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/registry/object.js';
import { wholeObject } from '../../../src/store/types.js';
import { HostError } from '../../../src/syncer/host/host-client.js';
import { podReconciler } from '../../../src/syncer/reconcilers/pods.js';
import { DOWN_KINDS, syncDown } from '../../../src/syncer/reconcilers/down.js';
import { eventReconciler, nodeReconciler } from '../../../src/syncer/reconcilers/nodes-events.js';
import { startSyncHarness, type SyncHarness } from './harness.js';

const pod = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'pause', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'p' } } }] }], volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }], ...spec },
});

/** The virtual pod's back-pointer annotations as a host pod made by an earlier incarnation would carry them. */
function hostPodFor(name: string, uid: string, extra: Partial<V1Pod> = {}): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${name}-x-team-x-vc`,
      namespace: 'host-ns',
      labels: { 'vkube.io/managed-by': 'vc', 'vkube.io/namespace': 'team' },
      annotations: { 'vkube.io/object-name': name, 'vkube.io/object-namespace': 'team', 'vkube.io/object-uid': uid, 'vkube.io/object-kind': 'Pod' },
    },
    spec: { containers: [{ name: 'c', image: 'pause' }] },
    ...extra,
  } as KubernetesObject;
}

describe('syncer reconcilers (virtual + host state in, host + virtual state out)', () => {
  let h: SyncHarness;
  beforeEach(async () => (h = await startSyncHarness()));
  afterEach(async () => h.close());

  const reconcilePod = (name: string) => podReconciler.reconcile({ kind: 'pods', namespace: 'team', name }, h.ctx);
  const virtualPod = async (name: string) => (await h.registry.store.get<KubeObject>(`/registry/core/pods/team/${name}`))?.view;

  it('creates the host pod after the ConfigMap, Secret and token Secret it uses, all under host names', async () => {
    await h.create('configmaps', 'team', { metadata: { name: 'cfg' }, data: { a: '1' } });
    await h.create('configmaps', 'team', { metadata: { name: 'unused' }, data: { b: '2' } });
    await h.create('secrets', 'team', { metadata: { name: 'creds' }, data: { p: 'cA==' } });
    await h.create('pods', 'team', pod('web'));
    await reconcilePod('web');
    expect(h.host.names('pods')).toEqual(['web-x-team-x-vc']);
    expect(h.host.names('configmaps')).toEqual(['cfg-x-team-x-vc']);
    expect(h.host.names('secrets')).toEqual(['creds-x-team-x-vc', 'vkube-token-web-x-team-x-vc']);
    expect(h.host.writes.at(-1)).toBe('create Pod web-x-team-x-vc');
    const hostPod = h.host.get<V1Pod>('pods', 'host-ns', 'web-x-team-x-vc')!;
    expect(hostPod.spec?.volumes?.find((v) => v.name === 'cfg')?.configMap?.name).toBe('cfg-x-team-x-vc');
    expect(hostPod.spec?.containers[0]?.env?.find((e) => e.name === 'P')?.valueFrom?.secretKeyRef?.name).toBe('creds-x-team-x-vc');
    const token = h.host.get<V1Secret>('secrets', 'host-ns', 'vkube-token-web-x-team-x-vc')!;
    expect(Buffer.from(token.data!.token!, 'base64').toString()).toBe('token-for-team/default/web');
    // A second pass changes nothing (idempotent).
    const writes = h.host.writes.length;
    await reconcilePod('web');
    expect(h.host.writes.length).toBe(writes);
  });

  it('syncs a Secret while an Ingress names it for TLS, and removes it from the host once none does', async () => {
    const syncSecret = () => syncDown(DOWN_KINDS.secrets!, { kind: 'secrets', namespace: 'team', name: 'web-tls' }, h.ctx);
    await h.create('secrets', 'team', { metadata: { name: 'web-tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' } });
    await syncSecret();
    expect(h.host.names('secrets')).toEqual([]);
    await h.create('ingresses', 'team', { metadata: { name: 'web' }, spec: { tls: [{ hosts: ['web.example'], secretName: 'web-tls' }], defaultBackend: { service: { name: 'web', port: { number: 80 } } } } });
    await syncSecret();
    expect(h.host.names('secrets')).toEqual(['web-tls-x-team-x-vc']);
    await syncDown(DOWN_KINDS.ingresses!, { kind: 'ingresses', namespace: 'team', name: 'web' }, h.ctx);
    expect(h.host.get<KubernetesObject & { spec: { tls: Array<{ secretName: string }> } }>('ingresses', 'host-ns', 'web-x-team-x-vc')?.spec.tls[0]?.secretName).toBe('web-tls-x-team-x-vc');
    await h.registry.delete(h.info.ingresses, 'team', 'web', {});
    await h.settle();
    await syncSecret();
    expect(h.host.names('secrets')).toEqual([]);
  });

  it('deletes an orphaned host pod and a stale copy of an earlier incarnation', async () => {
    h.host.put(hostPodFor('gone', 'old-uid'));
    await reconcilePod('gone');
    expect(h.host.names('pods')).toEqual([]);
    const created = await h.create('pods', 'team', pod('web', { volumes: [], containers: [{ name: 'c', image: 'pause' }] }));
    h.host.put(hostPodFor('web', 'previous-incarnation'));
    expect(await reconcilePod('web')).toEqual({ requeueAfterMs: 500 });
    expect(h.host.names('pods')).toEqual([]);
    await reconcilePod('web');
    expect(h.host.get<V1Pod>('pods', 'host-ns', 'web-x-team-x-vc')?.metadata?.annotations?.['vkube.io/object-uid']).toBe(created.metadata.uid);
  });

  it('binds the virtual pod to the host node and copies the host status up', async () => {
    const created = await h.create('pods', 'team', pod('web', { volumes: [], containers: [{ name: 'c', image: 'pause' }] }));
    const status = { phase: 'Running', podIP: '10.244.0.7', hostIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'pause', imageID: '', started: true, state: { running: {} } }] };
    h.host.put(hostPodFor('web', created.metadata.uid!, { spec: { nodeName: 'kwok-node-1', containers: [{ name: 'c', image: 'pause' }] }, status } as Partial<V1Pod>));
    await reconcilePod('web');
    await h.settle();
    expect(((await virtualPod('web'))!.spec as { nodeName: string }).nodeName).toBe('kwok-node-1');
    await reconcilePod('web');
    const after = (await virtualPod('web'))!.status as typeof status;
    expect(after.phase).toBe('Running');
    expect(after.podIP).toBe('10.244.0.7');
    // Nodes: a virtual Node for the host node our pod runs on.
    await nodeReconciler.reconcile({ kind: 'nodes', namespace: '', name: 'kwok-node-1' }, h.ctx);
    const node = await h.registry.store.get<KubeObject>('/registry/core/nodes/kwok-node-1');
    expect((node!.view.status as { addresses: Array<{ address: string }> }).addresses[0]!.address).toBe('10.0.0.5');
  });

  it('keeps the tenant managedFields through binding and status updates', async () => {
    const created = (await h.registry.create(h.info.pods, 'team', pod('web', { volumes: [], containers: [{ name: 'c', image: 'pause' }] }), { fieldManager: 'kubectl-create' })).view;
    await h.settle();
    h.host.put(hostPodFor('web', created.metadata.uid!, { spec: { nodeName: 'kwok-node-1', containers: [{ name: 'c', image: 'pause' }] }, status: { phase: 'Running', podIP: '10.244.0.7' } } as Partial<V1Pod>));
    await reconcilePod('web');
    await h.settle();
    const bound = wholeObject((await h.registry.store.get<KubeObject>('/registry/core/pods/team/web'))!);
    expect((bound.spec as { nodeName: string }).nodeName).toBe('kwok-node-1');
    expect(bound.metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl-create']);
    await reconcilePod('web');
    const synced = wholeObject((await h.registry.store.get<KubeObject>('/registry/core/pods/team/web'))!);
    expect((synced.status as { podIP?: string }).podIP).toBe('10.244.0.7');
    expect(synced.metadata.managedFields?.map((m) => [m.manager, m.subresource])).toEqual([['kubectl-create', undefined], ['vkube-syncer', 'status']]);
  });

  it('deletes the virtual pod when its host pod vanished behind our back', async () => {
    await h.create('pods', 'team', pod('web', { volumes: [], containers: [{ name: 'c', image: 'pause' }], nodeName: 'kwok-node-1' }));
    await reconcilePod('web');
    expect(await virtualPod('web')).toBeUndefined();
  });

  it('finishes a graceful virtual deletion only after the host pod is gone', async () => {
    const created = await h.create('pods', 'team', pod('web', { volumes: [], containers: [{ name: 'c', image: 'pause' }], nodeName: 'kwok-node-1' }));
    h.host.put(hostPodFor('web', created.metadata.uid!, { spec: { nodeName: 'kwok-node-1', containers: [{ name: 'c', image: 'pause' }] } }));
    await h.registry.delete(h.info.pods, 'team', 'web', { gracePeriodSeconds: 30 });
    await h.settle();
    await reconcilePod('web');
    expect(h.host.writes).toContain('delete Pod web-x-team-x-vc');
    expect((await virtualPod('web'))?.metadata.deletionTimestamp).toBeTruthy();
    await reconcilePod('web');
    expect(await virtualPod('web')).toBeUndefined();
  });

  it('refuses a pod that breaks Pod Security baseline: condition and event, nothing on the host', async () => {
    await h.create('pods', 'team', pod('bad', { volumes: [{ name: 'root', hostPath: { path: '/' } }], containers: [{ name: 'c', image: 'pause', securityContext: { privileged: true } }] }));
    await reconcilePod('bad');
    expect(h.host.names('pods')).toEqual([]);
    const conditions = ((await virtualPod('bad'))!.status as { conditions: Array<{ type: string; status: string; message: string }> }).conditions;
    const condition = conditions.find((c) => c.type === 'vkube.io/PodSecurity')!;
    expect(condition.status).toBe('False');
    expect(condition.message).toContain('hostPath');
    const events = await h.registry.store.list<KubeObject>('/registry/core/events/team/');
    expect(events.items.map((e) => e.view.reason)).toEqual(['FailedPodSecurity']);
    await h.settle();
    await reconcilePod('bad');
    expect((await h.registry.store.list('/registry/core/events/team/')).items).toHaveLength(1);
  });

  it('mirrors a host event under virtual names, then releases the host copy at the version it mirrored', async () => {
    const created = await h.create('pods', 'team', pod('web'));
    h.host.put(hostPodFor('web', created.metadata.uid!));
    const hostEvent = (resourceVersion: string, count: number): KubernetesObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-x-team-x-vc.17f0', namespace: 'host-ns', resourceVersion },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: 'host-ns', name: 'web-x-team-x-vc' },
      reason: 'Scheduled',
      message: 'Successfully assigned host-ns/web-x-team-x-vc to kwok-node-1',
      type: 'Normal',
      count,
    } as KubernetesObject);
    const key = { kind: 'events', namespace: 'team', name: 'host-ns/web-x-team-x-vc.17f0' };
    h.host.put(hostEvent('5', 1));
    await h.settle();
    await eventReconciler.reconcile(key, h.ctx);
    const mirrored = async () => (await h.registry.store.get<KubeObject>('/registry/core/events/team/web.17f0'))?.view;
    expect(await mirrored()).toMatchObject({ involvedObject: { kind: 'Pod', namespace: 'team', name: 'web', uid: created.metadata.uid }, message: 'Successfully assigned team/web to kwok-node-1', count: 1 });
    expect(h.host.released).toEqual(['events/host-ns/web-x-team-x-vc.17f0@5']);
    // A later version of the same host event updates the virtual one, and is released in turn.
    h.host.put(hostEvent('9', 2));
    await h.settle();
    await eventReconciler.reconcile(key, h.ctx);
    expect((await mirrored())?.count).toBe(2);
    expect(h.host.released).toEqual(['events/host-ns/web-x-team-x-vc.17f0@5', 'events/host-ns/web-x-team-x-vc.17f0@9']);
  });

  it('passes host API failures up for a backed-off retry, and sends only changed fields afterwards', async () => {
    await h.create('configmaps', 'team', { metadata: { name: 'cfg' }, data: { a: '1' } });
    await h.create('pods', 'team', pod('user', { volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }], containers: [{ name: 'c', image: 'pause' }] }));
    h.host.failNext = new HostError(503, 'ServiceUnavailable', 'host restarting', { cause: undefined });
    const key = { kind: 'configmaps', namespace: 'team', name: 'cfg' };
    await expect(syncDown(DOWN_KINDS.configmaps!, key, h.ctx)).rejects.toThrow('host restarting');
    await syncDown(DOWN_KINDS.configmaps!, key, h.ctx);
    await h.registry.guaranteedUpdate(h.info.configmaps, 'team', 'cfg', (c) => ({ ...c!, data: { a: '2' } }));
    await h.settle();
    await syncDown(DOWN_KINDS.configmaps!, key, h.ctx);
    expect(h.host.writes).toEqual(['create ConfigMap cfg-x-team-x-vc', 'patch ConfigMap cfg-x-team-x-vc']);
    expect((h.host.get('configmaps', 'host-ns', 'cfg-x-team-x-vc') as { data: Record<string, string> }).data).toEqual({ a: '2' });
  });
});
