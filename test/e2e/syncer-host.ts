// Shared by the syncer's end-to-end tests: the real host from `hack/host-cluster.sh up`, and a
// vkube whose syncer holds only manifests/syncer-role.yaml in a fresh host namespace.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { Kubectl } from '../helpers/kubectl.js';
import { startVkube, type VkubeProcess } from '../helpers/vkube-process.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const adminKubeconfig = process.env.VKUBE_HOST_KUBECONFIG ?? `${repoRoot}.vkube/host/kubeconfig`;

export interface Obj {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; uid?: string };
  spec?: Record<string, unknown> & { nodeName?: string; clusterIP?: string; containers?: unknown[] };
  status?: { phase?: string; podIP?: string; hostIP?: string };
  involvedObject?: { name?: string; kind?: string };
  reason?: string;
}

/** kubectl 1.33 as the host's admin; FAILS (never skips) without a host. */
export function requireHost(): Kubectl {
  if (!existsSync(adminKubeconfig)) throw new Error(`host kubeconfig not found at ${adminKubeconfig}: run hack/host-cluster.sh up (docs/host-cluster.md)`);
  return new Kubectl('1.33', adminKubeconfig);
}

/** A kubeconfig for the host that authenticates with a ServiceAccount token only. */
export function tokenKubeconfig(token: string, namespace: string): string {
  const admin = parse(readFileSync(adminKubeconfig, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }> };
  const cluster = admin.clusters[0]!.cluster;
  const file = join(mkdtempSync(join(tmpdir(), 'vkube-syncer-')), 'host.kubeconfig');
  writeFileSync(file, stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'host', cluster: { server: cluster.server, 'certificate-authority-data': cluster['certificate-authority-data'] } }],
    users: [{ name: 'syncer', user: { token } }],
    contexts: [{ name: 'host', context: { cluster: 'host', user: 'syncer', namespace } }],
    'current-context': 'host',
  }));
  return file;
}

export async function list(k: Kubectl, args: string[]): Promise<Obj[]> {
  return (JSON.parse(await k.ok(['get', ...args, '-o', 'json'])) as { items: Obj[] }).items;
}

/**
 * Creates `hostNamespace` with the syncer's ServiceAccount and exactly its Role
 * (manifests/syncer-role.yaml), and starts vkube syncing into it with that account's token.
 */
export async function startSyncedVkube(host: Kubectl, name: string, hostNamespace: string): Promise<{ vkube: VkubeProcess; virtual: Kubectl }> {
  await host.ok(['create', 'namespace', hostNamespace]);
  await host.ok(['create', 'serviceaccount', 'vkube-syncer', '-n', hostNamespace]);
  await host.ok(['apply', '-f', '-'], { stdin: readFileSync(`${repoRoot}manifests/syncer-role.yaml`, 'utf8').replaceAll('vkube-host', hostNamespace) });
  const token = (await host.ok(['create', 'token', 'vkube-syncer', '-n', hostNamespace, '--duration', '2h'])).trim();
  const vkube = await startVkube({ name, extraArgs: ['--host-kubeconfig', tokenKubeconfig(token, hostNamespace), '--host-namespace', hostNamespace] });
  return { vkube, virtual: new Kubectl('1.33', vkube.kubeconfig) };
}
