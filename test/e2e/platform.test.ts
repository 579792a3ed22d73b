// The platform CLI against the real host from `hack/host-cluster.sh up` (kwok nodes: no containers).
// Covered here: in-pod clusters' host objects appear/disappear with create/pause/resume/delete, two
// clusters in one host namespace stay independent, the errors users meet (no context, no rights,
// name taken), the kubeconfig Secret path (the test writes the Secret a real pod would), connect's
// port-forward bytes (kwok echoes), and a `--local` cluster end to end: tenant kubectl, workloads
// synced to host pods, pause/resume keeping the virtual state, delete removing everything.
// Only a host with a container runtime can show the image starting, probes passing and the
// in-pod server publishing its own Secret.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, type KubernetesObject, type V1ConfigMap, type V1StatefulSet } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startPortForward } from '../../src/platform/port-forward.js';
import { HOST_KUBECONFIG, KUBECTL, kubectl, run, vkube, vkubeOk, waitFor } from '../cli/run.js';

const suffix = randomBytes(3).toString('hex');
const namespace = `vkube-plat-${suffix}`;
const localNamespace = `vkube-local-${suffix}`;
let vkubeHome = '';
let env: { vkubeHome: string };

interface KubeList<T = KubernetesObject> {
  items: T[];
}

async function hostObjects(name: string, ns = namespace, kinds = 'statefulsets,services,serviceaccounts,roles,rolebindings,secrets,configmaps,pods,persistentvolumeclaims'): Promise<string[]> {
  const list = JSON.parse(await kubectl(['-n', ns, 'get', kinds, '-l', `vkube.io/managed-by=${name}`, '-o', 'json'])) as KubeList;
  return list.items.map((o) => `${o.kind}/${o.metadata?.name}`).sort();
}

async function statefulSet(name: string): Promise<V1StatefulSet | undefined> {
  const list = JSON.parse(await kubectl(['-n', namespace, 'get', 'statefulsets', '--field-selector', `metadata.name=${name}`, '-o', 'json'])) as KubeList<V1StatefulSet>;
  return list.items[0];
}

async function workloadPods(name: string, ns: string): Promise<string[]> {
  const list = JSON.parse(await kubectl(['-n', ns, 'get', 'pods', '-l', `vkube.io/managed-by=${name}`, '-o', 'json'])) as KubeList;
  return list.items.filter((p) => p.metadata?.annotations?.['vkube.io/object-name'] && !p.metadata.deletionTimestamp).map((p) => p.metadata!.name!);
}

async function listJson(ns: string): Promise<{ name: string; status: string; mode: string; hostNamespace: string; version: string }[]> {
  return JSON.parse(await vkubeOk(['list', '-n', ns, '-o', 'json'], env)) as { name: string; status: string; mode: string; hostNamespace: string; version: string }[];
}

beforeAll(async () => {
  vkubeHome = await mkdtemp(join(tmpdir(), 'vkube-home-'));
  env = { vkubeHome };
  await kubectl(['create', 'namespace', namespace]);
});

afterAll(async () => {
  for (const [name, ns] of [['alpha', namespace], ['beta', namespace], ['lima', localNamespace]] as const) await vkube(['delete', name, '-n', ns, '--no-wait'], env);
  await kubectl(['delete', 'namespace', namespace, localNamespace, '--ignore-not-found', '--wait=false']).catch(() => undefined);
});

describe('vkube platform CLI against the host', () => {
  it('without a host context it says so and what to do next', async () => {
    const empty = join(vkubeHome, 'empty-kubeconfig');
    await writeFile(empty, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    const result = await vkube(['list'], { vkubeHome, kubeconfig: empty });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no host cluster');
    expect(result.stderr).toMatch(/next: .*kubectl config use-context/);
  });

  it('create (in a host pod) writes the cluster objects; a second cluster in the namespace is independent; a taken name is refused', async () => {
    const created = await vkube(['create', 'alpha', '-n', namespace, '--no-wait'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('creating StatefulSet alpha');
    await vkubeOk(['create', 'beta', '-n', namespace, '--no-wait'], env);
    expect(await hostObjects('alpha', namespace, 'statefulsets,services,serviceaccounts,roles,rolebindings')).toEqual(['Role/alpha-syncer', 'RoleBinding/alpha-syncer', 'Service/alpha', 'ServiceAccount/alpha-syncer', 'StatefulSet/alpha']);
    expect(await hostObjects('beta', namespace, 'statefulsets,services,serviceaccounts,roles,rolebindings')).toEqual(['Role/beta-syncer', 'RoleBinding/beta-syncer', 'Service/beta', 'ServiceAccount/beta-syncer', 'StatefulSet/beta']);
    // The host's StatefulSet controller makes the pod and the store's PVC, labelled for delete.
    await waitFor('pod alpha-0 and PVC data-alpha-0', async () => {
      const objects = await hostObjects('alpha', namespace, 'pods,persistentvolumeclaims');
      return objects.includes('Pod/alpha-0') && objects.includes('PersistentVolumeClaim/data-alpha-0');
    });

    const again = await vkube(['create', 'alpha', '-n', namespace, '--no-wait'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a virtual cluster named "alpha" already exists');
    expect(again.stderr).toContain(`next: pick another name, or remove the old one with \`vkube delete alpha -n ${namespace}\``);

    const clusters = await listJson(namespace);
    expect(clusters.map((c) => [c.name, c.hostNamespace, c.mode, c.version])).toEqual([['alpha', namespace, 'pod', '0.1.0'], ['beta', namespace, 'pod', '0.1.0']]);
    // kwok runs no container (and there is no volume provisioner): the pods never become ready.
    expect(clusters.map((c) => c.status)).toEqual(['Pending', 'Pending']);
    const table = await vkubeOk(['list'], env);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+NAMESPACE\s+STATUS\s+AGE\s+VERSION\s+MODE$/);
    expect(table).toMatch(new RegExp(`^alpha\\s+${namespace}\\s+Pending\\s+\\d+s\\s+0\\.1\\.0\\s+pod$`, 'm'));
  });

  it('kubeconfig and connect --print read the Secret the server pod publishes', async () => {
    const missing = await vkube(['kubeconfig', 'alpha', '-n', namespace], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has not published its kubeconfig yet');
    // Play the pod's part (src/platform/in-pod.ts): kwok cannot run it.
    const published = 'apiVersion: v1\nkind: Config\nclusters:\n  - name: alpha\n    cluster:\n      server: https://alpha.' + namespace + '.svc:443\n      certificate-authority-data: Zm9v\ncontexts: []\nusers: []\ncurrent-context: ""\n';
    await kubectl(['-n', namespace, 'create', 'secret', 'generic', 'alpha-kubeconfig', `--from-literal=config=${published}`]);
    await kubectl(['-n', namespace, 'label', 'secret', 'alpha-kubeconfig', 'vkube.io/managed-by=alpha']);
    expect(await vkubeOk(['kubeconfig', 'alpha', '-n', namespace], env)).toBe(published);
    const printed = parse(await vkubeOk(['connect', 'alpha', '-n', namespace, '--print', '--local-port', '9443'], env)) as { clusters: { cluster: { server: string; 'certificate-authority-data': string } }[] };
    expect(printed.clusters[0]!.cluster).toEqual({ server: 'https://127.0.0.1:9443', 'certificate-authority-data': 'Zm9v' });
  });

  it('pause scales only that cluster to zero; resume brings it back', async () => {
    await vkubeOk(['pause', 'alpha', '-n', namespace, '--timeout', '90'], env);
    expect((await statefulSet('alpha'))?.spec?.replicas).toBe(0);
    expect(await hostObjects('alpha', namespace, 'pods')).toEqual([]);
    expect((await statefulSet('beta'))?.spec?.replicas).toBe(1);
    expect((await listJson(namespace)).map((c) => `${c.name}:${c.status}`)).toEqual(['alpha:Paused', 'beta:Pending']);
    const twice = await vkube(['pause', 'alpha', '-n', namespace], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already paused');

    await vkubeOk(['resume', 'alpha', '-n', namespace, '--no-wait'], env);
    expect((await statefulSet('alpha'))?.spec?.replicas).toBe(1);
    await waitFor('pod alpha-0 again', async () => (await hostObjects('alpha', namespace, 'pods')).includes('Pod/alpha-0'));
  });

  it('delete removes every host object of that cluster and nothing of the other', async () => {
    const before = await hostObjects('beta');
    await vkubeOk(['delete', 'alpha', '-n', namespace, '--timeout', '90'], env);
    expect(await hostObjects('alpha')).toEqual([]);
    expect(await hostObjects('beta')).toEqual(before);
    expect((await listJson(namespace)).map((c) => c.name)).toEqual(['beta']);
    const gone = await vkube(['delete', 'alpha', '-n', namespace], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`no virtual cluster "alpha" in host namespace "${namespace}"`);
    await vkubeOk(['delete', 'beta', '-n', namespace, '--timeout', '90'], env);
    expect(await hostObjects('beta')).toEqual([]);
    // The namespace existed before vkube create: it stays.
    expect(await kubectl(['get', 'namespace', namespace, '-o', 'name'])).toBe(`namespace/${namespace}\n`);
  });

  it('without rights in the namespace, create says whose rights are missing and what to do', async () => {
    await kubectl(['-n', namespace, 'create', 'serviceaccount', 'viewer']);
    await kubectl(['-n', namespace, 'create', 'rolebinding', 'viewer', '--clusterrole=view', `--serviceaccount=${namespace}:viewer`]);
    const token = (await kubectl(['-n', namespace, 'create', 'token', 'viewer'])).trim();
    const host = new KubeConfig();
    host.loadFromFile(HOST_KUBECONFIG);
    const cluster = host.getCurrentCluster()!;
    const viewerConfig = join(vkubeHome, 'viewer-kubeconfig');
    const caData = parse(await readFile(HOST_KUBECONFIG, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
    const ca = caData.clusters[0]!.cluster['certificate-authority-data'] ?? '';
    await writeFile(viewerConfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: host\n  cluster:\n    server: ${cluster.server}\n    certificate-authority-data: ${ca}\ncontexts:\n- name: viewer\n  context: {cluster: host, user: viewer, namespace: ${namespace}}\nusers:\n- name: viewer\n  user: {token: ${token}}\ncurrent-context: viewer\n`);
    const result = await vkube(['create', 'gamma', '-n', namespace, '--no-wait'], { vkubeHome, kubeconfig: viewerConfig });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`you have no rights for that in namespace "${namespace}" on host context "viewer"`);
    expect(result.stderr).toContain(`next: ask a host admin for a RoleBinding in "${namespace}"`);
    expect(await hostObjects('gamma')).toEqual([]);
  });

  it("connect's port-forward carries bytes both ways to a host pod (kwok echoes)", async () => {
    await kubectl(['-n', namespace, 'run', 'echo', '--image=registry.k8s.io/pause:3.10', '--port=80']);
    await waitFor('pod echo running', async () => (await kubectl(['-n', namespace, 'get', 'pod', 'echo', '-o', 'jsonpath={.status.phase}'])) === 'Running');
    const host = new KubeConfig();
    host.loadFromFile(HOST_KUBECONFIG);
    const forward = await startPortForward(host, { namespace, pod: 'echo', port: 80 });
    try {
      const message = `vkube-connect-${suffix}`;
      const echoed = await new Promise<string>((resolve, reject) => {
        const socket = connect(forward.localPort, '127.0.0.1', () => socket.write(message));
        let received = '';
        socket.setTimeout(15_000, () => socket.destroy(new Error(`no echo; got ${JSON.stringify(received)}`)));
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('utf8');
          if (received.length >= message.length) {
            socket.end();
            resolve(received);
          }
        });
        socket.on('error', reject);
      });
      expect(echoed).toBe(message);
    } finally {
      await forward.close();
    }
  });

  it('create --local serves tenant kubectl; workloads reach the host; pause/resume keep the virtual state; delete removes it all', { timeout: 300_000 }, async () => {
    const created = await vkubeOk(['create', 'lima', '-n', localNamespace, '--local', '--timeout', '120'], env);
    const kubeconfig = /kubeconfig: (\S+)/.exec(created)![1]!;
    expect(kubeconfig).toBe(join(vkubeHome, 'kubeconfigs', `${localNamespace}_lima.yaml`));
    expect(await kubectl(['get', 'namespace', 'kube-system', '-o', 'name'], kubeconfig)).toBe('namespace/kube-system\n');
    const [lima] = await listJson(localNamespace);
    expect(lima).toMatchObject({ name: 'lima', mode: 'local', status: 'Running' });

    // connect for a local cluster: the kubeconfig already points at this machine.
    const connectConfig = join(vkubeHome, 'connect.yaml');
    expect(await vkubeOk(['connect', 'lima', '-n', localNamespace, '--kubeconfig-out', connectConfig], env)).toMatch(/virtual cluster lima at https:\/\/127\.0\.0\.1:\d+/);
    await kubectl(['create', 'deployment', 'web', '--image=registry.k8s.io/pause:3.10', '--replicas=2'], connectConfig);
    await waitFor('2 host pods of lima', async () => (await workloadPods('lima', localNamespace)).length === 2, 90_000);

    await vkubeOk(['pause', 'lima', '-n', localNamespace, '--timeout', '120'], env);
    expect(await workloadPods('lima', localNamespace)).toEqual([]);
    expect((await listJson(localNamespace))[0]!.status).toBe('Paused');
    const record = JSON.parse(await kubectl(['-n', localNamespace, 'get', 'configmap', 'lima-vkube-local', '-o', 'json'])) as V1ConfigMap;
    expect(record.data?.paused).toBe('true');
    const down = await run(KUBECTL, ['--kubeconfig', kubeconfig, 'get', 'ns', '--request-timeout=3s']);
    expect(down.code).not.toBe(0);

    await vkubeOk(['resume', 'lima', '-n', localNamespace, '--timeout', '120'], env);
    expect((await listJson(localNamespace))[0]!.status).toBe('Running');
    expect(await kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'], kubeconfig)).toBe('2');
    await waitFor('host pods of lima back', async () => (await workloadPods('lima', localNamespace)).length === 2, 90_000);

    await vkubeOk(['delete', 'lima', '-n', localNamespace, '--timeout', '120'], env);
    expect(await hostObjects('lima', localNamespace).catch(() => [])).toEqual([]);
    expect(existsSync(join(vkubeHome, 'clusters', localNamespace, 'lima'))).toBe(false);
    expect(existsSync(kubeconfig)).toBe(false);
    // vkube create made this namespace for lima, so delete takes it too.
    await waitFor('namespace gone or terminating', async () => {
      const phase = await run(KUBECTL, ['--kubeconfig', HOST_KUBECONFIG, 'get', 'namespace', localNamespace, '-o', 'jsonpath={.status.phase}']);
      return phase.code !== 0 || phase.stdout === 'Terminating';
    });
  });
});
