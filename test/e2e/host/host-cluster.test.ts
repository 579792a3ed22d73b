// End-to-end check of the host cluster that `hack/host-cluster.sh up` starts: a real kube-apiserver,
// controller-manager and scheduler with kwok playing the nodes. It assumes the host is up and
// FAILS (never skips) when it is not, so CI cannot pass without a working host.
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { CoreV1Event, V1Endpoints, V1Node, V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeList, kubectl, kubectlJson, runProgram, waitFor } from './kubectl.js';
import { echoThroughPortForward } from './streams.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const kubeconfig = process.env.VKUBE_HOST_KUBECONFIG ?? `${repoRoot}.vkube/host/kubeconfig`;
const namespace = `host-e2e-${randomBytes(4).toString('hex')}`;
const replicas = 2;

/** KUBE_VERSION from hack/kube-version.env: the release the host must report. */
function pinnedKubeVersion(): string {
  const env = readFileSync(`${repoRoot}hack/kube-version.env`, 'utf8');
  const match = /^KUBE_VERSION=(v\S+)$/m.exec(env);
  if (match?.[1] === undefined) {
    throw new Error('hack/kube-version.env has no KUBE_VERSION line');
  }
  return match[1];
}

function isReady(node: V1Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

const workloadManifest = JSON.stringify({
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'registry.k8s.io/pause:3.10', ports: [{ containerPort: 80 }] }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
    },
  ],
});

/**
 * Every test calls this first, so a missing host makes each test FAIL with the same clear message
 * (a throwing beforeAll would only mark the tests as skipped).
 */
function requireHostKubeconfig(): string {
  if (!existsSync(kubeconfig)) {
    throw new Error(
      `host cluster kubeconfig not found at ${kubeconfig}: start the host first with ` +
        '`hack/host-cluster.sh up` (see docs/host-cluster.md)',
    );
  }
  return kubeconfig;
}

/** How many namespaced watch-list requests (streaming initial lists) the apiserver served for a resource. */
async function watchListCount(resource: string): Promise<number> {
  const metrics = await kubectl(kubeconfig, ['get', '--raw', '/metrics']);
  const pattern = new RegExp(
    `^apiserver_watch_list_duration_seconds_count\\{group="",resource="${resource}",scope="namespace",version="v1"\\} (\\d+)$`,
    'm',
  );
  return Number(pattern.exec(metrics)?.[1] ?? 0);
}

describe('host cluster (hack/host-cluster.sh up)', () => {
  let namespaceCreated = false;

  beforeAll(async () => {
    if (existsSync(kubeconfig)) {
      await kubectl(kubeconfig, ['create', 'namespace', namespace]);
      namespaceCreated = true;
    }
  });

  afterAll(async () => {
    if (namespaceCreated) {
      await kubectl(kubeconfig, ['delete', 'namespace', namespace, '--wait=false']);
    }
  });

  it('reports the pinned Kubernetes version to kubectl version', async () => {
    const version = await kubectlJson<{ serverVersion: { gitVersion: string; major: string; minor: string } }>(
      requireHostKubeconfig(),
      ['version'],
    );
    const pinned = pinnedKubeVersion();
    expect(version.serverVersion.gitVersion).toBe(pinned);
    expect(`v${version.serverVersion.major}.${version.serverVersion.minor}`).toBe(
      pinned.split('.').slice(0, 2).join('.'),
    );
  });

  it('has Ready fake nodes played by kwok', async () => {
    const nodes = await kubectlJson<KubeList<V1Node>>(requireHostKubeconfig(), ['get', 'nodes']);
    const fakeNodes = nodes.items.filter((node) => node.metadata?.annotations?.['kwok.x-k8s.io/node'] === 'fake');
    expect(fakeNodes.length).toBeGreaterThan(0);
    expect(fakeNodes.filter((node) => !isReady(node)).map((node) => node.metadata?.name)).toEqual([]);
  });

  it('runs a Deployment: Running pods with IPs, Service endpoints and scheduler events', async () => {
    await kubectl(requireHostKubeconfig(), ['apply', '-f', '-'], workloadManifest);

    const runningPods = await waitFor(`${replicas} Running pods with IPs`, async (report) => {
      const pods = await kubectlJson<KubeList<V1Pod>>(kubeconfig, ['get', 'pods', '-n', namespace, '-l', 'app=web']);
      report(pods.items.map((pod) => `${pod.metadata?.name}:${pod.status?.phase}:${pod.status?.podIP ?? '-'}`).join(' '));
      const running = pods.items.filter((pod) => pod.status?.phase === 'Running' && pod.status.podIP);
      return running.length === replicas ? running : undefined;
    });
    const podIPs = runningPods.map((pod) => pod.status?.podIP).sort();
    expect(runningPods.every((pod) => pod.spec?.nodeName?.startsWith('kwok-node-'))).toBe(true);

    const endpointIPs = await waitFor('Endpoints with every pod IP', async (report) => {
      const endpoints = await kubectlJson<V1Endpoints>(kubeconfig, ['get', 'endpoints', 'web', '-n', namespace]);
      const ips = (endpoints.subsets ?? []).flatMap((subset) => subset.addresses ?? []).map((a) => a.ip).sort();
      report(JSON.stringify(endpoints.subsets ?? []));
      return ips.length === replicas ? ips : undefined;
    });
    expect(endpointIPs).toEqual(podIPs);

    const podNames = runningPods.map((pod) => pod.metadata?.name);
    const events = await waitFor('a Scheduled event for every pod', async (report) => {
      const list = await kubectlJson<KubeList<CoreV1Event>>(kubeconfig, ['get', 'events', '-n', namespace]);
      const scheduled = list.items.filter(
        (event) => event.reason === 'Scheduled' && podNames.includes(event.involvedObject.name),
      );
      report(list.items.map((event) => `${event.involvedObject.name}:${event.reason}`).join(' '));
      return scheduled.length >= replicas ? list.items : undefined;
    });
    const scheduledBy = events
      .filter((event) => event.reason === 'Scheduled')
      .map((event) => event.reportingComponent || event.source?.component);
    expect(new Set(scheduledBy)).toEqual(new Set(['default-scheduler']));
    // kwok's "general" pod stages emit container events; their presence proves that stage set is loaded.
    expect(events.some((event) => event.reason === 'Created' && podNames.includes(event.involvedObject.name))).toBe(true);
  });

  it('serves pod logs and port-forward through kwok', async () => {
    const hostKubeconfig = requireHostKubeconfig();
    const pods = await kubectlJson<KubeList<V1Pod>>(hostKubeconfig, ['get', 'pods', '-n', namespace, '-l', 'app=web']);
    const podName = pods.items.find((pod) => pod.status?.phase === 'Running')?.metadata?.name;
    expect(podName, 'a Running pod from the Deployment test').toBeDefined();
    const pod = podName ?? '';

    const logs = await kubectl(hostKubeconfig, ['logs', '-n', namespace, pod]);
    expect(logs).toBe(
      ['1', '2', '3'].map((n) => `vkube host: fake container log line ${n}\n`).join(''),
    );
    expect(await echoThroughPortForward(hostKubeconfig, namespace, pod, 'ping through the host\n')).toBe(
      'ping through the host\n',
    );
  });

  it('passes the client-go informer check (test/clients/go) over streaming lists', async () => {
    requireHostKubeconfig();
    const binary = (await runProgram(`${repoRoot}hack/host-cluster.sh`, ['build-clients'], { timeoutMs: 900_000 })).trim();
    const streamedSecretListsBefore = await watchListCount('secrets');
    const output = await runProgram(binary, ['--kubeconfig', kubeconfig, '--namespace', namespace], {
      timeoutMs: 120_000,
    });
    expect(output).toContain('client-go-check: PASS');
    expect(output).toContain('WatchListClient enabled: true');
    // The informers' initial lists went through watch-list (sendInitialEvents), not a plain LIST.
    expect(await watchListCount('secrets')).toBeGreaterThan(streamedSecretListsBefore);
    for (const kind of ['ConfigMap', 'Secret', 'Deployment']) {
      for (const type of ['ADDED', 'UPDATED', 'DELETED']) {
        expect(output).toMatch(new RegExp(`^saw ${type} ${kind}/client-test-`, 'm'));
      }
    }
  }, 1_000_000);
});
