// End-to-end: vkube with its syncer against the real host from `hack/host-cluster.sh up`, the
// syncer holding only manifests/syncer-role.yaml (single mode) in a fresh host namespace. FAILS
// (never skips) without a host.
import { randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Kubectl } from '../helpers/kubectl.js';
import { startVkube, waitFor, type VkubeProcess } from '../helpers/vkube-process.js';
import { list, repoRoot, requireHost, startSyncedVkube, tokenKubeconfig, type Obj } from './syncer-host.js';

const suffix = randomBytes(3).toString('hex');
const vc = `vc${suffix}`;
const hostNamespace = `vkube-e2e-${suffix}`;
const virtualNamespaces = ['alpha', 'beta'];

/** The workload: a Deployment of two pods with a ConfigMap volume and a Secret env var, and its Service. */
function workload(namespace: string): string {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'web', image: 'registry.k8s.io/pause:3.10', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'web-secret', key: 'password' } } }], volumeMounts: [{ name: 'config', mountPath: '/etc/web' }] }],
          volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
        },
      },
    },
  };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace }, data: { 'index.html': `hello ${namespace}` } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-secret', namespace }, stringData: { password: 's3cret' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] } },
      deployment,
    ],
  });
}

/** HTTP status of an unauthenticated GET (no client certificate, no token). */
function anonymousStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

interface KeyItems {
  name?: string;
  items?: Array<{ key: string }>;
}
interface HostVolume {
  name: string;
  configMap?: KeyItems;
  secret?: KeyItems & { secretName?: string };
  projected?: { sources?: Array<{ configMap?: KeyItems; secret?: KeyItems }> };
}

/** The ConfigMaps and Secrets a pod's volumes read, with the keys they name. */
function volumeSources(volumes: HostVolume[]): Array<{ kind: 'configmap' | 'secret'; name: string; keys: string[] }> {
  const keysOf = (items: KeyItems): string[] => (items.items ?? []).map((item) => item.key);
  return volumes.flatMap((volume) => [
    ...(volume.configMap?.name ? [{ kind: 'configmap' as const, name: volume.configMap.name, keys: keysOf(volume.configMap) }] : []),
    ...(volume.secret?.secretName ? [{ kind: 'secret' as const, name: volume.secret.secretName, keys: keysOf(volume.secret) }] : []),
    ...(volume.projected?.sources ?? []).flatMap((source) => [
      ...(source.configMap?.name ? [{ kind: 'configmap' as const, name: source.configMap.name, keys: keysOf(source.configMap) }] : []),
      ...(source.secret?.name ? [{ kind: 'secret' as const, name: source.secret.name, keys: keysOf(source.secret) }] : []),
    ]),
  ]);
}

/** A virtual namespace's Running pods (with their IPs), once there are `count` of them. */
async function runningVirtualPods(virtual: Kubectl, namespace: string, count = 2): Promise<Obj[]> {
  return waitFor(`${count} virtual pods Running in ${namespace}`, async () => {
    const pods = (await list(virtual, ['pods', '-n', namespace])).filter((p) => p.status?.phase === 'Running' && p.status.podIP);
    return pods.length === count ? pods : undefined;
  }, 90_000, 250);
}

const hostName = (name: string, namespace: string): string => `${name}-x-${namespace}-x-${vc}`;

describe('syncer against the real host (single mode, Role only)', () => {
  let host: Kubectl;
  let vkube: VkubeProcess;
  let virtual: Kubectl;

  beforeAll(async () => {
    host = requireHost();
    ({ vkube, virtual } = await startSyncedVkube(host, vc, hostNamespace));
  }, 120_000);

  afterAll(async () => {
    await vkube?.stop();
    await host?.run(['delete', 'namespace', hostNamespace, '--wait=false']);
  });

  it('runs the pods of a Deployment with their ConfigMap, Secret and Service on the host under translated names', async () => {
    for (const ns of virtualNamespaces) {
      await virtual.ok(['create', 'namespace', ns]);
      await virtual.ok(['apply', '-f', '-'], { stdin: workload(ns) });
    }
    const hostPods = await waitFor('host pods Running', async () => {
      const pods = await list(host, ['pods', '-n', hostNamespace]);
      const running = pods.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
      return running.length === 4 ? pods : undefined;
    }, 90_000, 500);
    const virtualNames = new Map<string, string[]>();
    for (const ns of virtualNamespaces) virtualNames.set(ns, (await list(virtual, ['pods', '-n', ns])).map((p) => p.metadata.name));
    const names = hostPods.map((p) => p.metadata.name).sort();
    expect(names).toEqual(virtualNamespaces.flatMap((ns) => virtualNames.get(ns)!.map((name) => hostName(name, ns))).sort());
    for (const ns of virtualNamespaces) expect(virtualNames.get(ns)!.every((name) => name.startsWith('web-'))).toBe(true);
    const cms = (await list(host, ['configmaps', '-n', hostNamespace, '-l', `vkube.io/managed-by=${vc}`])).map((c) => c.metadata.name);
    const secrets = (await list(host, ['secrets', '-n', hostNamespace, '-l', `vkube.io/managed-by=${vc}`])).map((c) => c.metadata.name);
    for (const ns of virtualNamespaces) {
      expect(cms).toContain(hostName('web-config', ns));
      expect(secrets).toContain(hostName('web-secret', ns));
    }
    const pod = hostPods.find((p) => p.metadata.name === hostName(virtualNames.get('alpha')![0]!, 'alpha'))!;
    expect(JSON.stringify(pod.spec)).toContain(hostName('web-config', 'alpha'));
    expect(JSON.stringify(pod.spec)).toContain(hostName('web-secret', 'alpha'));
    expect(pod.metadata.annotations?.['vkube.io/object-uid']).toBeTruthy();

    // What the kubelet would mount: every volume is mounted by a container, and every Secret and
    // ConfigMap key a volume names is on the host (kwok mounts nothing, so a missing one would
    // not show otherwise).
    const spec = pod.spec as { containers: Array<{ volumeMounts?: Array<{ name: string }> }>; volumes: HostVolume[] };
    const mounted = new Set(spec.containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)));
    expect(spec.volumes.map((v) => v.name).filter((name) => !mounted.has(name))).toEqual([]);
    for (const { kind, name, keys } of volumeSources(spec.volumes)) {
      const data = JSON.parse(await host.ok(['get', kind, name, '-n', hostNamespace, '-o', 'json'])) as { data?: Record<string, string> };
      for (const key of keys) expect(Object.keys(data.data ?? {}), `${kind} ${name}`).toContain(key);
    }
  }, 120_000);

  it('reports Running with the host pod IPs, and the host nodes as virtual nodes', async () => {
    const hostPods = await list(host, ['pods', '-n', hostNamespace]);
    for (const ns of virtualNamespaces) {
      for (const virtualPod of await runningVirtualPods(virtual, ns)) {
        const hostPod = hostPods.find((p) => p.metadata.name === hostName(virtualPod.metadata.name, ns))!;
        expect(virtualPod.status?.podIP).toBe(hostPod.status?.podIP);
        expect(virtualPod.spec?.nodeName).toBe(hostPod.spec?.nodeName);
      }
    }
    await virtual.ok(['wait', '--for=condition=Ready', 'pod', '--all', '-n', 'alpha', '--timeout=30s']);
    expect(await virtual.ok(['-n', 'alpha', 'rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('successfully rolled out');
    const usedNodes = [...new Set(hostPods.map((p) => p.spec!.nodeName!))].sort();
    const virtualNodes = await waitFor('virtual nodes', async () => {
      const nodes = (await list(virtual, ['nodes'])).map((n) => n.metadata.name).sort();
      return JSON.stringify(nodes) === JSON.stringify(usedNodes) ? nodes : undefined;
    }, 30_000, 250);
    expect(virtualNodes).toEqual(usedNodes);
    expect(await virtual.ok(['get', 'nodes', '-o', 'wide'])).toContain(usedNodes[0]!);
  }, 90_000);

  it('shows host events under virtual names', async () => {
    const events = await waitFor('virtual Scheduled events', async () => {
      const items = await list(virtual, ['events', '-n', 'alpha']);
      const scheduled = items.filter((e) => e.reason === 'Scheduled' && e.involvedObject?.kind === 'Pod');
      return scheduled.length > 0 ? scheduled : undefined;
    }, 30_000, 500);
    const podName = events[0]!.involvedObject!.name!;
    expect((await list(virtual, ['pods', '-n', 'alpha'])).map((p) => p.metadata.name)).toContain(podName);
    expect(JSON.stringify(events[0])).not.toContain(`-x-${vc}`);
    expect(await virtual.ok(['get', 'events', '-n', 'alpha'])).toContain(`pod/${podName}`);
  }, 60_000);

  it('keeps the Service ClusterIP equal on both sides', async () => {
    for (const ns of virtualNamespaces) {
      const virtualService = JSON.parse(await virtual.ok(['get', 'service', 'web', '-n', ns, '-o', 'json'])) as Obj;
      const hostService = JSON.parse(await host.ok(['get', 'service', hostName('web', ns), '-n', hostNamespace, '-o', 'json'])) as Obj;
      expect(virtualService.spec?.clusterIP).toBeTruthy();
      expect(virtualService.spec?.clusterIP).toBe(hostService.spec?.clusterIP);
      expect((hostService.spec?.selector as Record<string, string>)['vkube.io/namespace']).toBe(ns);
    }
  }, 30_000);

  it('carries a new image to the running host pod, keeping its translated env and volumes', async () => {
    const virtualName = (await runningVirtualPods(virtual, 'beta'))[0]!.metadata.name;
    const name = hostName(virtualName, 'beta');
    const before = JSON.parse(await host.ok(['get', 'pod', name, '-n', hostNamespace, '-o', 'json'])) as Obj;
    await virtual.ok(['set', 'image', `pod/${virtualName}`, '-n', 'beta', 'web=registry.k8s.io/pause:3.9']);
    const after = await waitFor('host pod with the new image', async () => {
      const pod = JSON.parse(await host.ok(['get', 'pod', name, '-n', hostNamespace, '-o', 'json'])) as Obj;
      const containers = pod.spec?.containers as Array<{ image: string }>;
      return containers[0]!.image === 'registry.k8s.io/pause:3.9' ? pod : undefined;
    }, 30_000, 250);
    expect(after.metadata.uid).toBe(before.metadata.uid);
    const withoutImage = (pod: Obj) => (pod.spec?.containers as Array<Record<string, unknown>>).map(({ image: _image, ...rest }) => rest);
    expect(withoutImage(after)).toEqual(withoutImage(before));
    expect(after.spec?.['volumes']).toEqual(before.spec?.['volumes']);
  }, 60_000);

  it('replaces a pod whose host pod is deleted behind its back: the virtual pod goes, its ReplicaSet makes a new one that runs on the host', async () => {
    const pods = await runningVirtualPods(virtual, 'beta');
    const lost = pods[pods.length - 1]!;
    await host.ok(['delete', 'pod', hostName(lost.metadata.name, 'beta'), '-n', hostNamespace, '--grace-period=0', '--force']);
    const replaced = await waitFor('beta back to 2 Running pods without the lost one', async () => {
      // Lists, not gets: a NotFound would make kubectl exit before reading its stdin (EPIPE).
      const now = (await list(virtual, ['pods', '-n', 'beta'])).filter((p) => p.status?.phase === 'Running' && p.status.podIP);
      return now.length === 2 && !now.some((p) => p.metadata.uid === lost.metadata.uid) ? now : undefined;
    }, 60_000, 250);
    const replacement = replaced.find((p) => !pods.some((old) => old.metadata.uid === p.metadata.uid))!;
    const hostPod = JSON.parse(await host.ok(['get', 'pod', hostName(replacement.metadata.name, 'beta'), '-n', hostNamespace, '-o', 'json'])) as Obj;
    expect(hostPod.metadata.annotations?.['vkube.io/object-uid']).toBe(replacement.metadata.uid);
    expect(hostPod.status?.podIP).toBe(replacement.status?.podIP);
  }, 90_000);

  it('serves /metrics to authenticated users only', async () => {
    const metrics = await virtual.ok(['get', '--raw', '/metrics']);
    expect(metrics).toContain('vkube_syncer_queue_depth');
    expect(metrics).toMatch(/^process_resident_memory_bytes [1-9]/m);
    expect(metrics).toMatch(/^nodejs_heap_space_size_used_bytes\{space="old"\} [1-9]/m);
    expect(metrics).toMatch(/vkube_syncer_sync_duration_seconds_count\{kind="pods",result="success"\} [1-9]/);
    expect(await anonymousStatus(vkube.port, '/metrics')).toBe(401);
  }, 30_000);

  it('removes every host object of a deleted virtual namespace', async () => {
    await virtual.ok(['delete', 'namespace', 'alpha', '--wait=false']);
    await waitFor('host objects of alpha gone', async () => {
      const left = await list(host, ['pods,services,configmaps,secrets,serviceaccounts,endpoints', '-n', hostNamespace, '-l', `vkube.io/namespace=alpha`]);
      return left.length === 0 ? true : undefined;
    }, 60_000, 500);
    const beta = await list(host, ['pods', '-n', hostNamespace, '-l', 'vkube.io/namespace=beta']);
    expect(beta.length).toBeGreaterThan(0);
  }, 90_000);
});

/** namespaces mode cannot live in one namespace (it creates them): the ClusterRole manifests/syncer-role.yaml describes. */
function syncerClusterRole(name: string, namespace: string): string {
  const role = parse(readFileSync(`${repoRoot}manifests/syncer-role.yaml`, 'utf8').split('\n---\n')[0]!) as { rules: unknown[] };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name },
        rules: [...role.rules, { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: [{ kind: 'ServiceAccount', name: 'vkube-syncer', namespace }],
      },
    ],
  });
}

describe('syncer against the real host (namespaces mode)', () => {
  const nsVc = `vn${suffix}`;
  const syncerNamespace = `vkube-e2e-ns-${suffix}`;
  const clusterRoleName = `vkube-syncer-e2e-${suffix}`;
  let host: Kubectl;
  let vkube: VkubeProcess;
  let virtual: Kubectl;

  beforeAll(async () => {
    host = requireHost();
    await host.ok(['create', 'namespace', syncerNamespace]);
    await host.ok(['create', 'serviceaccount', 'vkube-syncer', '-n', syncerNamespace]);
    await host.ok(['apply', '-f', '-'], { stdin: syncerClusterRole(clusterRoleName, syncerNamespace) });
    const token = (await host.ok(['create', 'token', 'vkube-syncer', '-n', syncerNamespace, '--duration', '2h'])).trim();
    vkube = await startVkube({ name: nsVc, extraArgs: ['--host-kubeconfig', tokenKubeconfig(token, syncerNamespace), '--host-namespace', syncerNamespace, '--sync-mode', 'namespaces'] });
    virtual = new Kubectl('1.33', vkube.kubeconfig);
  }, 120_000);

  afterAll(async () => {
    await vkube?.stop();
    await host?.run(['delete', 'namespace', syncerNamespace, ...virtualNamespaces.map((ns) => `${nsVc}-${ns}`), '--wait=false', '--ignore-not-found']);
    await host?.run(['delete', 'clusterrole,clusterrolebinding', clusterRoleName, '--ignore-not-found']);
  });

  it('gives each virtual namespace its own host namespace with unchanged names', async () => {
    for (const ns of virtualNamespaces) {
      await virtual.ok(['create', 'namespace', ns]);
      await virtual.ok(['label', 'namespace', ns, 'team=blue']);
      await virtual.ok(['apply', '-f', '-'], { stdin: workload(ns) });
    }
    for (const ns of virtualNamespaces) {
      const hostNs = `${nsVc}-${ns}`;
      const pods = await waitFor(`host pods Running in ${hostNs}`, async () => {
        const items = await list(host, ['pods', '-n', hostNs]);
        return items.filter((p) => p.status?.phase === 'Running').length === 2 ? items : undefined;
      }, 90_000, 500);
      const virtualPods = await runningVirtualPods(virtual, ns);
      expect(pods.map((p) => p.metadata.name).sort()).toEqual(virtualPods.map((p) => p.metadata.name).sort());
      const namespace = JSON.parse(await host.ok(['get', 'namespace', hostNs, '-o', 'json'])) as Obj;
      expect(namespace.metadata.labels?.team).toBe('blue');
      expect(namespace.metadata.labels?.['vkube.io/managed-by']).toBe(nsVc);
      for (const virtualPod of virtualPods) expect(virtualPod.status?.podIP).toBe(pods.find((p) => p.metadata.name === virtualPod.metadata.name)!.status?.podIP);
      const virtualService = JSON.parse(await virtual.ok(['get', 'service', 'web', '-n', ns, '-o', 'json'])) as Obj;
      const hostService = JSON.parse(await host.ok(['get', 'service', 'web', '-n', hostNs, '-o', 'json'])) as Obj;
      expect(virtualService.spec?.clusterIP).toBe(hostService.spec?.clusterIP);
      expect(await host.ok(['get', 'configmap', 'web-config', '-n', hostNs, '-o', 'name'])).toContain('web-config');
    }
  }, 180_000);

  it('deletes the host namespace with the virtual one', async () => {
    await virtual.ok(['delete', 'namespace', 'beta', '--wait=false']);
    await waitFor('host namespace gone or terminating', async () => {
      const namespace = (await list(host, ['namespaces'])).find((n) => n.metadata.name === `${nsVc}-beta`) as (Obj & { status?: { phase?: string } }) | undefined;
      return !namespace || namespace.status?.phase === 'Terminating' ? true : undefined;
    }, 60_000, 500);
    // The other virtual namespace keeps its host namespace.
    expect((await list(host, ['pods', '-n', `${nsVc}-alpha`])).length).toBe(2);
  }, 90_000);
});

describe('syncer restart (kill -9 while syncing)', () => {
  const rVc = `vr${suffix}`;
  const rHostNamespace = `vkube-e2e-r-${suffix}`;
  const podCount = 500;
  let host: Kubectl;
  let vkube: VkubeProcess;
  let virtual: Kubectl;

  beforeAll(async () => {
    host = requireHost();
    ({ vkube, virtual } = await startSyncedVkube(host, rVc, rHostNamespace));
  }, 120_000);

  afterAll(async () => {
    if (process.env.SYNCER_E2E_LOG) writeFileSync(process.env.SYNCER_E2E_LOG, vkube?.output() ?? '');
    await vkube?.stop();
    await host?.run(['delete', 'namespace', rHostNamespace, '--wait=false']);
  });

  it('converges to exactly the 500 pods of a Deployment rollout it was killed in, and removes orphans carrying our label', async () => {
    await virtual.ok(['create', 'namespace', 'load']);
    await virtual.ok(['-n', 'load', 'create', 'deployment', 'load', '--image=registry.k8s.io/pause:3.10', `--replicas=${podCount}`]);
    // Mid-rollout: some host pods exist, most do not.
    const before = await waitFor('first host pods', async () => {
      const n = (await list(host, ['pods', '-n', rHostNamespace])).length;
      return n >= 20 ? n : undefined;
    }, 60_000, 50);
    await vkube.kill9();
    expect(before).toBeLessThan(podCount);
    // An orphan: ours by label and back-pointer, but no virtual object stands behind it.
    const orphan = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `gone-x-load-x-${rVc}`,
        namespace: rHostNamespace,
        labels: { 'vkube.io/managed-by': rVc, 'vkube.io/namespace': 'load' },
        annotations: { 'vkube.io/object-name': 'gone', 'vkube.io/object-namespace': 'load', 'vkube.io/object-uid': 'f00', 'vkube.io/object-kind': 'ConfigMap' },
      },
      data: { a: 'b' },
    };
    await host.ok(['apply', '-f', '-'], { stdin: JSON.stringify(orphan) });
    await vkube.restart();
    const hostPods = await waitFor(`${podCount} host pods Running`, async () => {
      const items = await list(host, ['pods', '-n', rHostNamespace]);
      return items.length >= podCount && items.every((p) => p.status?.phase === 'Running') ? items : undefined;
    }, 240_000, 1000);
    // Exactly one host pod per virtual pod, each pointing back at the virtual uid it was made for.
    const virtualUids = new Map((await list(virtual, ['pods', '-n', 'load'])).map((p) => [p.metadata.name, p.metadata.uid]));
    expect(virtualUids.size).toBe(podCount);
    expect(hostPods).toHaveLength(podCount);
    const backPointers = new Set<string>();
    for (const p of hostPods) {
      const virtualName = p.metadata.annotations?.['vkube.io/object-name'];
      expect(p.metadata.annotations?.['vkube.io/object-uid']).toBe(virtualUids.get(virtualName!));
      backPointers.add(virtualName!);
    }
    expect(backPointers.size).toBe(podCount);
    await waitFor('orphan removed', async () => {
      const names = (await list(host, ['configmaps', '-n', rHostNamespace, '-l', `vkube.io/managed-by=${rVc}`])).map((c) => c.metadata.name);
      return names.includes(orphan.metadata.name) ? undefined : true;
    }, 30_000, 250);
    // The virtual side sees the rollout finish on the host's status.
    expect(await virtual.ok(['-n', 'load', 'rollout', 'status', 'deployment/load', '--timeout=180s'])).toContain('successfully rolled out');
  }, 600_000);
});
