// charts/vkube with the real helm binaries (hack/fetch-helm.sh): lint, template, and an install
// into the host cluster from hack/host-cluster.sh (kwok runs no containers, so the install is
// checked for the objects it creates, not for a serving pod). manifests/ is applied the same way.
import { randomBytes } from 'node:crypto';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_KUBECONFIG, KUBECTL, REPO, helmBinaries, kubectl, run } from '../cli/run.js';

const namespace = `vkube-chart-${randomBytes(3).toString('hex')}`;

interface KubeList {
  items: KubernetesObject[];
}

async function ownedBy(name: string): Promise<string[]> {
  const list = JSON.parse(await kubectl(['-n', namespace, 'get', 'statefulsets,services,serviceaccounts,roles,rolebindings', '-l', `vkube.io/managed-by=${name}`, '-o', 'json'])) as KubeList;
  return list.items.map((o) => `${o.kind}/${o.metadata?.name}`).sort();
}

describe('charts/vkube and manifests/ against real helm and the host', () => {
  beforeAll(async () => {
    await kubectl(['create', 'namespace', namespace]);
  });
  afterAll(async () => {
    await kubectl(['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  });

  it.each(helmBinaries())('%s lint passes (strict) for both sync modes', async (helm) => {
    for (const extra of [[], ['--set', 'syncMode=namespaces', '--set', 'persistence.enabled=false']]) {
      const result = await run(helm, ['lint', '--strict', `${REPO}charts/vkube`, ...extra]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('0 chart(s) failed');
    }
  });

  it.each(helmBinaries())('%s refuses values the schema does not allow', async (helm) => {
    const result = await run(helm, ['template', 'x', `${REPO}charts/vkube`, '--set', 'syncMode=everything']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/syncMode/);
  });

  it.each(helmBinaries())('%s template output is accepted by the host API server (server-side dry run)', async (helm) => {
    const rendered = await run(helm, ['template', 'dry', `${REPO}charts/vkube`, '--namespace', namespace]);
    expect(rendered.code, rendered.stderr).toBe(0);
    const applied = await kubectl(['apply', '--dry-run=server', '-n', namespace, '-f', '-'], HOST_KUBECONFIG, rendered.stdout);
    expect(applied).toMatch(/statefulset.apps\/dry created \(server dry run\)/);
    expect(applied).toMatch(/role.rbac.authorization.k8s.io\/dry-syncer created \(server dry run\)/);
  });

  it('the kustomize base applies to the host with a namespace of our choice', async () => {
    const dir = `${REPO}.vkube/tmp/kustomize-${namespace}`;
    // kustomize takes bases by relative path only.
    const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${namespace}\nresources: [../../../manifests]\n`;
    await run('mkdir', ['-p', dir]);
    const { writeFile, rm } = await import('node:fs/promises');
    await writeFile(`${dir}/kustomization.yaml`, kustomization);
    try {
      const built = await run(KUBECTL, ['kustomize', dir]);
      expect(built.code, built.stderr).toBe(0);
      const applied = await kubectl(['apply', '--dry-run=server', '-f', '-'], HOST_KUBECONFIG, built.stdout);
      expect(applied).toContain('statefulset.apps/vkube created (server dry run)');
      // The RoleBinding follows the ServiceAccount into the new namespace.
      const binding = (await import('yaml')).parseAllDocuments(built.stdout).map((d) => d.toJSON() as KubernetesObject & { subjects?: { namespace: string }[] }).find((o) => o.kind === 'RoleBinding');
      expect(binding?.subjects?.[0]?.namespace).toBe(namespace);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('helm install creates the objects on the host and helm uninstall removes them', async () => {
    const helm = helmBinaries().find((h) => h.includes('/v4.'))!;
    const env = { ...process.env, KUBECONFIG: HOST_KUBECONFIG, HELM_CACHE_HOME: `${REPO}.vkube/tmp/helm-cache`, HELM_CONFIG_HOME: `${REPO}.vkube/tmp/helm-config`, HELM_DATA_HOME: `${REPO}.vkube/tmp/helm-data` };
    const installed = await run(helm, ['install', 'tenant-a', `${REPO}charts/vkube`, '--namespace', namespace, '--set', 'persistence.enabled=false'], { env });
    expect(installed.code, installed.stdout + installed.stderr).toBe(0);
    expect(installed.stdout).toContain('Secret tenant-a-kubeconfig');
    expect(await ownedBy('tenant-a')).toEqual(['Role/tenant-a-syncer', 'RoleBinding/tenant-a-syncer', 'Service/tenant-a', 'ServiceAccount/tenant-a-syncer', 'StatefulSet/tenant-a']);
    const removed = await run(helm, ['uninstall', 'tenant-a', '--namespace', namespace, '--wait'], { env });
    expect(removed.code, removed.stdout + removed.stderr).toBe(0);
    expect(await ownedBy('tenant-a')).toEqual([]);
  });
});
