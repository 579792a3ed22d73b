/** The tenant's admin kubeconfig of a virtual cluster: from its host Secret, or a `--local` state dir. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { V1Secret } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import type { ClusterInfo } from './clusters.js';
import { PlatformError, type HostSession } from './host.js';
import { localPaths, vkubeHome } from './local-server.js';
import { objectNames } from './objects.js';

/** The key of the kubeconfig in the host Secret (as vcluster's: `config`). */
export const KUBECONFIG_SECRET_KEY = 'config';

export function defaultKubeconfigPath(cluster: Pick<ClusterInfo, 'name' | 'hostNamespace'>): string {
  return join(vkubeHome(), 'kubeconfigs', `${cluster.hostNamespace}_${cluster.name}.yaml`);
}

interface KubeconfigDocument {
  clusters?: { name: string; cluster: { server: string } & Record<string, unknown> }[];
  [key: string]: unknown;
}

/** The same kubeconfig pointing at another address (a port-forward). */
export function withServer(kubeconfigYaml: string, server: string): string {
  const doc = parse(kubeconfigYaml) as KubeconfigDocument;
  for (const entry of doc.clusters ?? []) entry.cluster.server = server;
  return stringify(doc);
}

export function serverOf(kubeconfigYaml: string): string | undefined {
  return (parse(kubeconfigYaml) as KubeconfigDocument).clusters?.[0]?.cluster.server;
}

export async function readTenantKubeconfig(host: HostSession, cluster: ClusterInfo): Promise<string> {
  if (cluster.mode === 'local') {
    const local = cluster.local!;
    if (local.hostname !== hostname()) throw new PlatformError(`virtual cluster "${cluster.name}" runs locally on ${local.hostname}, not on this machine`, `run vkube there, or copy ${localPaths(local.stateDir).kubeconfig} from it`);
    try {
      return await readFile(localPaths(local.stateDir).kubeconfig, 'utf8');
    } catch (err) {
      throw new PlatformError(`the local state of "${cluster.name}" is missing (${local.stateDir})`, `remove the cluster with vkube delete ${cluster.name} -n ${cluster.hostNamespace} and create it again`, { cause: err });
    }
  }
  const secretName = objectNames(cluster.name).kubeconfigSecret;
  const secret = await host.read<V1Secret>('v1', 'Secret', cluster.hostNamespace, secretName);
  const data = secret?.data?.[KUBECONFIG_SECRET_KEY];
  if (!data) throw new PlatformError(`virtual cluster "${cluster.name}" has not published its kubeconfig yet (Secret ${cluster.hostNamespace}/${secretName})`, `wait until \`vkube list\` shows it Running; if it stays Pending, look at kubectl -n ${cluster.hostNamespace} describe pod ${objectNames(cluster.name).pod}`);
  return Buffer.from(data, 'base64').toString('utf8');
}

export async function writeTenantKubeconfig(path: string, kubeconfigYaml: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, kubeconfigYaml, { mode: 0o600 });
}
