import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ResourceCatalog } from '../../src/registry/catalog.js';
import { ApiError, apiErrors } from '../../src/registry/errors.js';
import type { KubeObject } from '../../src/registry/object.js';
import { createNameMappers, type ObjectRef } from '../../src/syncer/mappings/index.js';
import { PodTargetResolver } from '../../src/proxy/pod-target.js';

const pods = ResourceCatalog.builtin().get('', 'v1', 'pods')!;
const mapper = createNameMappers({ virtualClusterName: 'vc1', hostNamespace: 'host-ns', mode: 'single' }).pods;

function twin(name: string, namespace: string, uid: string, overrides: { managedBy?: string; kind?: string } = {}): V1Pod {
  return {
    metadata: {
      name: `${name}-x-${namespace}-x-vc1`,
      namespace: 'host-ns',
      labels: { 'vkube.io/managed-by': overrides.managedBy ?? 'vc1' },
      annotations: { 'vkube.io/object-name': name, 'vkube.io/object-namespace': namespace, 'vkube.io/object-uid': uid, 'vkube.io/object-kind': overrides.kind ?? 'Pod' },
    },
  };
}

function resolver(virtualPods: Record<string, string>, hostPods: V1Pod[]): { resolver: PodTargetResolver; hostReads: ObjectRef[] } {
  const hostReads: ObjectRef[] = [];
  return {
    hostReads,
    resolver: new PodTargetResolver({
      pods,
      mapper,
      registry: {
        async get(_info, namespace, name) {
          const uid = virtualPods[`${namespace}/${name}`];
          if (!uid) throw apiErrors.notFound({ group: '', resource: 'pods' }, name);
          const object: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid } };
          return { key: '', revision: 1, createRevision: 1, view: object, raw: JSON.stringify(object) };
        },
      },
      host: {
        async readPod(ref) {
          hostReads.push(ref);
          return hostPods.find((p) => p.metadata?.name === ref.name && p.metadata.namespace === ref.namespace);
        },
      },
    }),
  };
}

async function codeOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (err) {
    if (err instanceof ApiError) return err.code;
    throw err;
  }
}

describe('PodTargetResolver', () => {
  it('maps a virtual pod to its verified host twin', async () => {
    const { resolver: r } = resolver({ 'team/web': 'uid-1' }, [twin('web', 'team', 'uid-1')]);
    expect(await r.resolve('team', 'web')).toEqual({ virtual: { namespace: 'team', name: 'web', uid: 'uid-1' }, host: { namespace: 'host-ns', name: 'web-x-team-x-vc1' } });
  });

  it('answers 404 for names no pod can have, without asking the host', async () => {
    const { resolver: r, hostReads } = resolver({ 'team/web': 'uid-1' }, [twin('web', 'team', 'uid-1')]);
    for (const [namespace, name] of [['team', 'web/../x'], ['team', '..'], ['team', 'Web'], ['team/pods/web', 'web'], ['team', ''], [undefined, 'web'], ['team', `${'a'.repeat(254)}`]] as const) {
      expect(await codeOf(r.resolve(namespace, name)), `${namespace}/${name}`).toBe(404);
    }
    expect(await codeOf(r.resolve('team', 'nope'))).toBe(404);
    expect(hostReads).toEqual([]);
  });

  it('refuses host pods that are not this virtual pod’s twin', async () => {
    const cases: V1Pod[] = [
      twin('web', 'team', 'uid-1', { managedBy: 'other-vc' }),
      twin('web', 'team', 'stale-uid'),
      twin('web', 'team', 'uid-1', { kind: 'Secret' }),
      { ...twin('web', 'team', 'uid-1'), metadata: { ...twin('web', 'team', 'uid-1').metadata, annotations: { 'vkube.io/object-name': 'web', 'vkube.io/object-namespace': 'other', 'vkube.io/object-uid': 'uid-1', 'vkube.io/object-kind': 'Pod' } } },
      { metadata: { name: 'web-x-team-x-vc1', namespace: 'host-ns' } },
    ];
    for (const hostPod of cases) {
      const { resolver: r } = resolver({ 'team/web': 'uid-1' }, [hostPod]);
      expect(await codeOf(r.resolve('team', 'web')), JSON.stringify(hostPod.metadata)).toBe(403);
    }
  });

  it('a name collision in single mode reaches only the pod the host twin points back to', async () => {
    // `a-x-b` in `team` and `a` in `b-x-team` both map to host name `a-x-b-x-team-x-vc1`.
    const { resolver: r } = resolver({ 'team/a-x-b': 'uid-a', 'b-x-team/a': 'uid-b' }, [{ ...twin('a-x-b', 'team', 'uid-a') }]);
    expect((await r.resolve('team', 'a-x-b')).host.name).toBe('a-x-b-x-team-x-vc1');
    expect(await codeOf(r.resolve('b-x-team', 'a'))).toBe(403);
  });

  it('answers 400 while the host twin does not exist yet', async () => {
    const { resolver: r } = resolver({ 'team/web': 'uid-1' }, []);
    expect(await codeOf(r.resolve('team', 'web'))).toBe(400);
  });
});
