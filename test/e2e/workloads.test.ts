/**
 * Workloads driven by the real kubectl against `vkube serve` with no host: the test plays the
 * kubelet/syncer by writing pod status through the `status` subresource. Deployment create /
 * scale / set image + rollout status / history / undo / pause / resume / restart, StatefulSet
 * scale up and down in order, a Job to completion, Services' Endpoints and EndpointSlices, and
 * the admission defaults of a pod read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kubectl } from '../helpers/kubectl.js';
import { startVkube, waitFor, type VkubeProcess } from '../helpers/vkube-process.js';

interface PodJson {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: Record<string, any>;
  status?: { phase?: string };
}

let vkube: VkubeProcess;
let k: Kubectl;
const ns = 'wl';
let ip = 1;

beforeAll(async () => {
  vkube = await startVkube({ name: 'workloads' });
  k = new Kubectl('1.33', vkube.kubeconfig);
  await k.ok(['create', 'namespace', ns]);
});
afterAll(async () => {
  await vkube?.stop();
});

async function pods(selector: string): Promise<PodJson[]> {
  return (JSON.parse(await k.ok(['-n', ns, 'get', 'pods', '-l', selector, '-o', 'json'])) as { items: PodJson[] }).items;
}

/** The syncer's part: Pending pods become Running and Ready with an IP. */
async function readyPending(selector: string): Promise<number> {
  let n = 0;
  for (const p of await pods(selector)) {
    if (p.status?.phase !== 'Pending' || p.metadata.deletionTimestamp) continue;
    const status = { phase: 'Running', podIP: `10.244.0.${ip++ % 250}`, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] };
    const r = await k.run(['-n', ns, 'patch', 'pod', p.metadata.name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
    if (r.code === 0) n++;
  }
  return n;
}

/** Keeps making pods ready while `during` runs (a rollout needs several rounds). */
async function whileReadying<T>(selector: string, during: Promise<T>): Promise<T> {
  let done = false;
  const loop = (async () => {
    while (!done) {
      await readyPending(selector);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    return await during;
  } finally {
    done = true;
    await loop;
  }
}

/**
 * A write through kubectl, retried on 409 Conflict as a script would. Upstream answers PATCH without
 * a resourceVersion by retrying on the server; vkube's registry retries too, but re-reads the
 * store's committed index, which can trail a write still being committed (reported to the lead).
 */
async function write(args: string[], options: { stdin?: string } = {}): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const r = await k.run(['-n', ns, ...args], options);
    if (r.code === 0) return r.stdout;
    if (!/\(Conflict\)/.test(r.stderr) || attempt >= 10) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

const rolloutStatus = (what: string) => k.ok(['-n', ns, 'rollout', 'status', what, '--timeout=60s']);

describe('Deployment with kubectl', () => {
  it('creates a deployment whose pods become available', async () => {
    expect(await k.ok(['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80'])).toContain('deployment.apps/web created');
    await waitFor('2 pods', async () => (await pods('app=web')).length === 2);
    const out = await whileReadying('app=web', rolloutStatus('deployment/web'));
    expect(out).toContain('deployment "web" successfully rolled out');
    const table = await k.ok(['-n', ns, 'get', 'deployment', 'web']);
    expect(table).toMatch(/^web\s+2\/2\s+2\s+2\s+/m);
  });

  it('scales', async () => {
    expect(await write(['scale', 'deployment/web', '--replicas=4'])).toContain('deployment.apps/web scaled');
    await whileReadying('app=web', rolloutStatus('deployment/web'));
    expect(await k.ok(['-n', ns, 'get', 'deployment', 'web', '-o', 'jsonpath={.status.availableReplicas}/{.status.replicas}'])).toBe('4/4');
  });

  it('rolls out a new image with set image + rollout status, keeping history', async () => {
    expect(await write(['set', 'image', 'deployment/web', 'nginx=nginx:1.28'])).toContain('image updated');
    // Annotated after the change, as upstream's docs do: the Deployment copies it to the new ReplicaSet only.
    await write(['annotate', 'deployment/web', 'kubernetes.io/change-cause=nginx 1.28']);
    const out = await whileReadying('app=web', rolloutStatus('deployment/web'));
    expect(out).toContain('deployment "web" successfully rolled out');
    const images = (await pods('app=web')).map((p) => p.spec.containers[0].image);
    expect(images).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
    const history = await k.ok(['-n', ns, 'rollout', 'history', 'deployment/web']);
    expect(history).toMatch(/^1\s+<none>$/m);
    expect(history).toMatch(/^2\s+nginx 1\.28$/m);
    const rs = await k.ok(['-n', ns, 'get', 'rs', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.replicas}:{.metadata.annotations.deployment\\.kubernetes\\.io/revision} {end}']);
    expect(rs.trim().split(' ').sort()).toEqual(['0:1', '4:2']);
  });

  it('undoes the rollout', async () => {
    expect(await write(['rollout', 'undo', 'deployment/web'])).toContain('rolled back');
    await whileReadying('app=web', rolloutStatus('deployment/web'));
    expect(await k.ok(['-n', ns, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}'])).toBe('nginx:1.27 3');
    const history = await k.ok(['-n', ns, 'rollout', 'history', 'deployment/web']);
    expect(history).toMatch(/^2\s+nginx 1\.28$/m);
    expect(history).toMatch(/^3\s+<none>$/m);
  });

  it('pauses, resumes and restarts', async () => {
    await write(['rollout', 'pause', 'deployment/web']);
    await write(['set', 'image', 'deployment/web', 'nginx=nginx:1.29']);
    await waitFor('paused condition', async () => (await k.ok(['-n', ns, 'get', 'deployment', 'web', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}'])) === 'DeploymentPaused');
    expect((await pods('app=web')).every((p) => p.spec.containers[0].image === 'nginx:1.27')).toBe(true);
    await write(['rollout', 'resume', 'deployment/web']);
    await whileReadying('app=web', rolloutStatus('deployment/web'));
    expect((await pods('app=web')).map((p) => p.spec.containers[0].image)).toEqual(Array(4).fill('nginx:1.29'));
    const before = new Set((await pods('app=web')).map((p) => p.metadata.name));
    expect(await write(['rollout', 'restart', 'deployment/web'])).toContain('restarted');
    await whileReadying('app=web', rolloutStatus('deployment/web'));
    const after = await pods('app=web');
    expect(after).toHaveLength(4);
    expect(after.some((p) => before.has(p.metadata.name))).toBe(false);
  });

  it('publishes Endpoints and an EndpointSlice for the exposed deployment', async () => {
    await write(['expose', 'deployment', 'web', '--port=80', '--target-port=80']);
    const addresses = await waitFor('4 endpoints', async () => {
      const out = await k.ok(['-n', ns, 'get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[*].addresses[*].ip}']);
      return out.split(' ').filter(Boolean).length === 4 ? out : undefined;
    });
    expect(addresses).toMatch(/^10\.244\.0\.\d+( 10\.244\.0\.\d+){3}$/);
    const slices = await k.ok(['-n', ns, 'get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']);
    expect(slices).toMatch(/^web-\w{5}\s+IPv4\s+80\s+10\.244\.0\.\d+/m);
  });

  it('reads pods back with the admission defaults', async () => {
    const [pod] = await pods('app=web');
    expect(pod!.spec.serviceAccountName).toBe('default');
    expect(pod!.spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod!.spec.containers[0].volumeMounts[0].mountPath).toBe('/var/run/secrets/kubernetes.io/serviceaccount');
    expect(pod!.spec.tolerations).toHaveLength(2);
    expect([pod!.spec.priority, pod!.spec.preemptionPolicy, pod!.spec.enableServiceLinks]).toEqual([0, 'PreemptLowerPriority', true]);
  });
});

describe('StatefulSet with kubectl', () => {
  const manifest = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: redis:7}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;
  /**
   * Every observation of the pod names must be an ordinal prefix db-0..db-(n-1), and (OrderedReady)
   * at most one pod may be waiting to become ready.
   */
  async function observePrefixes(until: (names: string[]) => boolean): Promise<void> {
    await waitFor('statefulset pods', async () => {
      const live = (await pods('app=db')).filter((p) => !p.metadata.deletionTimestamp);
      const names = live.map((p) => p.metadata.name).sort();
      expect(names).toEqual(names.map((_, i) => `db-${i}`));
      expect(live.filter((p) => p.status?.phase !== 'Running').length).toBeLessThanOrEqual(1);
      await readyPending('app=db');
      return until(names);
    }, 60_000, 100);
  }

  it('scales up in order, one ready pod at a time, with a PVC each', async () => {
    await k.ok(['-n', ns, 'apply', '-f', '-'], { stdin: manifest });
    await observePrefixes((names) => names.length === 3);
    await whileReadying('app=db', rolloutStatus('statefulset/db'));
    expect(await k.ok(['-n', ns, 'get', 'pvc', '-o', 'name'])).toBe('persistentvolumeclaim/data-db-0\npersistentvolumeclaim/data-db-1\npersistentvolumeclaim/data-db-2\n');
  });

  it('scales up further and back down from the highest ordinal', async () => {
    await write(['scale', 'statefulset/db', '--replicas=5']);
    await observePrefixes((names) => names.length === 5);
    await whileReadying('app=db', rolloutStatus('statefulset/db'));
    await write(['scale', 'statefulset/db', '--replicas=1']);
    await observePrefixes((names) => names.length === 1);
    expect(await k.ok(['-n', ns, 'get', 'statefulset', 'db', '-o', 'jsonpath={.status.replicas}'])).toBe('1');
  });
});

describe('DaemonSet with kubectl', () => {
  it('runs one pod per virtual node and rolls out', async () => {
    await write(['apply', '-f', '-'], { stdin: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {containers: [{name: c, image: busybox}]}\n' });
    await waitFor('daemonset observed', async () => (await k.ok(['-n', ns, 'get', 'ds', 'agent', '-o', 'jsonpath={.status.observedGeneration}'])) === '1');
    expect(await pods('app=agent')).toHaveLength(0);
    await k.ok(['apply', '-f', '-'], { stdin: 'apiVersion: v1\nkind: Node\nmetadata: {name: vnode-1}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: vnode-2}\n' });
    await waitFor('2 daemon pods', async () => (await pods('app=agent')).length === 2);
    const out = await whileReadying('app=agent', rolloutStatus('daemonset/agent'));
    expect(out).toContain('daemon set "agent" successfully rolled out');
    expect(await k.ok(['-n', ns, 'get', 'ds', 'agent'])).toMatch(/^agent\s+2\s+2\s+2\s+2\s+2\s+/m);
  });
});

describe('Job and CronJob with kubectl', () => {
  it('runs a Job to completion', async () => {
    await k.ok(['-n', ns, 'create', 'job', 'pi', '--image=perl:5', '--', 'perl', '-e', 'print 1']);
    const [pod] = await waitFor('job pod', async () => {
      const p = await pods('batch.kubernetes.io/job-name=pi');
      return p.length === 1 ? p : undefined;
    });
    await write(['patch', 'pod', pod!.metadata.name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { phase: 'Succeeded' } })]);
    expect(await k.ok(['-n', ns, 'wait', '--for=condition=complete', 'job/pi', '--timeout=30s'])).toContain('job.batch/pi condition met');
    expect(await k.ok(['-n', ns, 'get', 'job', 'pi'])).toMatch(/^pi\s+Complete\s+1\/1\s+/m);
  });

  it('accepts a CronJob and reports it', async () => {
    await k.ok(['-n', ns, 'create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date']);
    expect(await k.ok(['-n', ns, 'get', 'cronjob', 'tick'])).toMatch(/^tick\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>/m);
  });
});
