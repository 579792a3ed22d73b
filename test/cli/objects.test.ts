// The three renderings of one virtual cluster's host objects agree: src/platform/objects.ts (what
// `vkube create` applies), manifests/ (kubectl kustomize) and charts/vkube (helm 3 and helm 4).
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { clusterObjects, defaultClusterSpec, serveArgs } from '../../src/platform/objects.js';
import { KUBECTL, REPO, helmBinaries, run } from './run.js';


function docs(yamlText: string): KubernetesObject[] {
  return parseAllDocuments(yamlText).map((d) => d.toJSON() as KubernetesObject | null).filter((o): o is KubernetesObject => o !== null);
}

/** Sorted keys all the way down, so objects compare by content only. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  return value;
}

function byKindAndName(objects: KubernetesObject[]): Record<string, unknown> {
  return Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata?.name}`, canonical(o)]));
}

/** The chart adds what a cluster from the CLI leaves to the defaults. */
function withoutChartExtras(o: KubernetesObject): KubernetesObject {
  const copy = structuredClone(o) as KubernetesObject & { spec?: { template?: { spec?: { containers?: Record<string, unknown>[] } } } };
  for (const c of copy.spec?.template?.spec?.containers ?? []) delete c.imagePullPolicy;
  return copy;
}

describe('host objects of a virtual cluster', () => {
  const spec = defaultClusterSpec('vkube', 'vkube-host');

  it('the kustomize base renders exactly what vkube create applies', async () => {
    const result = await run(KUBECTL, ['kustomize', `${REPO}manifests`]);
    expect(result.stderr).toBe('');
    expect(byKindAndName(docs(result.stdout))).toEqual(byKindAndName(clusterObjects(spec)));
  });

  it.each(helmBinaries())('the chart renders the same objects with %s', async (helm) => {
    const result = await run(helm, ['template', 'vkube', `${REPO}charts/vkube`, '--namespace', 'vkube-host']);
    expect(result.code, result.stderr).toBe(0);
    expect(byKindAndName(docs(result.stdout).map(withoutChartExtras))).toEqual(byKindAndName(clusterObjects(spec)));
  });

  it.each(helmBinaries())('chart values for name, image, sync mode, resources and persistence match the CLI (%s)', async (helm) => {
    const custom = defaultClusterSpec('team-a', 'tenants', {
      syncMode: 'namespaces',
      image: 'registry.example/vkube:dev',
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '2Gi' } },
      persistence: { size: '20Gi', storageClassName: 'fast' },
    });
    const args = ['template', 'ignored-release', `${REPO}charts/vkube`, '--namespace', 'tenants', '--set', 'name=team-a', '--set', 'image.repository=registry.example/vkube', '--set', 'image.tag=dev', '--set', 'syncMode=namespaces'];
    args.push('--set', 'resources.requests.cpu=250m', '--set', 'resources.requests.memory=512Mi', '--set', 'resources.limits.memory=2Gi', '--set', 'persistence.size=20Gi', '--set', 'persistence.storageClass=fast');
    const result = await run(helm, args);
    expect(result.code, result.stderr).toBe(0);
    const rendered = docs(result.stdout).map(withoutChartExtras);
    expect(byKindAndName(rendered)).toEqual(byKindAndName(clusterObjects(custom)));
    // namespaces mode: cluster-wide rights (the syncer creates host namespaces), no namespaced Role.
    expect(rendered.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Service', 'ServiceAccount', 'StatefulSet']);
  });

  it.each(helmBinaries())('persistence.enabled=false swaps the PVC for an emptyDir (%s)', async (helm) => {
    const result = await run(helm, ['template', 'scratch', `${REPO}charts/vkube`, '--namespace', 'ns1', '--set', 'persistence.enabled=false']);
    expect(result.code, result.stderr).toBe(0);
    const set = docs(result.stdout).find((o) => o.kind === 'StatefulSet') as KubernetesObject & { spec: { volumeClaimTemplates?: unknown; template: { spec: { volumes: { name: string; emptyDir?: object }[] } } } };
    expect(set.spec.volumeClaimTemplates).toBeUndefined();
    expect(set.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
  });

  it('the server runs as the pod-mode serve flags say: in-cluster host, its own namespace, the Service advertised', () => {
    expect(serveArgs(spec)).toEqual(expect.arrayContaining(['--host-namespace=$(POD_NAMESPACE)', '--advertise-service=vkube', '--kubeconfig-secret=vkube-kubeconfig', '--data-dir=/data']));
    expect(serveArgs(spec).some((a) => a.startsWith('--host-kubeconfig'))).toBe(false);
  });
});
