/** `vkube create`: the host objects of one virtual cluster (or a local server), then wait until it serves. */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { KubernetesObject, V1Namespace, V1StatefulSet, V1Secret } from '@kubernetes/client-node';
import { findCluster, localRecord, type ClusterInfo } from './clusters.js';
import { PlatformError, isAlreadyExists, type HostSession } from './host.js';
import { defaultKubeconfigPath, KUBECONFIG_SECRET_KEY, readTenantKubeconfig, writeTenantKubeconfig } from './kubeconfig.js';
import { clusterStateDir, freeLocalPort, localPaths, readyzStatus, startLocalServer } from './local-server.js';
import { clusterObjects, objectNames, type ClusterSpec } from './objects.js';
import { waitFor, type Progress } from './wait.js';

export interface CreateOptions {
  spec: ClusterSpec;
  /** Run the server on this machine instead of in a host pod. */
  local: boolean;
  wait: boolean;
  timeoutMs: number;
  /** Where the tenant kubeconfig goes (default: ~/.vkube/kubeconfigs/<ns>_<name>.yaml). */
  kubeconfigOut?: string;
  progress: Progress;
  /** The `vkube` command a local server runs (default: this process's own). */
  serveCommand?: string[];
}

export interface CreateResult {
  cluster: Pick<ClusterInfo, 'name' | 'hostNamespace' | 'mode'>;
  /** Written once the cluster is ready (undefined with wait: false). */
  kubeconfigPath?: string;
}

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The name ends up in pod names (`NAME-0`), PVC names and the syncer's host names. */
export function validateClusterName(name: string): void {
  if (!NAME_PATTERN.test(name) || name.length > 52) {
    throw new PlatformError(`invalid virtual cluster name "${name}"`, 'use at most 52 lowercase letters, digits and dashes, starting and ending with a letter or digit');
  }
}

function kindOf(o: KubernetesObject): string {
  return `${o.kind} ${o.metadata?.name}`;
}

function nameTaken(spec: ClusterSpec, detail: string): PlatformError {
  return new PlatformError(`a virtual cluster named "${spec.name}" already exists in host namespace "${spec.hostNamespace}" (${detail})`, `pick another name, or remove the old one with \`vkube delete ${spec.name} -n ${spec.hostNamespace}\``, { code: 409 });
}

async function ensureNamespace(host: HostSession, spec: ClusterSpec, progress: Progress): Promise<void> {
  let exists: V1Namespace | undefined;
  try {
    exists = await host.read<V1Namespace>('v1', 'Namespace', undefined, spec.hostNamespace);
  } catch (err) {
    // Namespace-scoped users often cannot read namespaces; the creates below tell us soon enough.
    if (err instanceof PlatformError && err.code === 403) return;
    throw err;
  }
  if (exists) return;
  progress(`creating host namespace ${spec.hostNamespace}`);
  const namespace: V1Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: spec.hostNamespace, labels: { 'vkube.io/created-for': spec.name } } };
  await host.call(`create namespace ${spec.hostNamespace}`, undefined, () => host.objects.create(namespace)).catch((err: unknown) => {
    if (!isAlreadyExists(err)) throw err;
  });
}

async function createObject(host: HostSession, spec: ClusterSpec, object: KubernetesObject): Promise<void> {
  try {
    await host.call(`create ${kindOf(object)}`, object.metadata?.namespace, () => host.objects.create(object, undefined, undefined, 'vkube'));
  } catch (err) {
    if (isAlreadyExists(err)) throw nameTaken(spec, `${kindOf(object)} exists`);
    throw err;
  }
}

async function createInPod(host: HostSession, options: CreateOptions): Promise<void> {
  const { spec, progress } = options;
  for (const object of clusterObjects(spec)) {
    progress(`creating ${kindOf(object)}`);
    await createObject(host, spec, object);
  }
  if (!options.wait) return;
  const names = objectNames(spec.name);
  await waitFor(
    `virtual cluster ${spec.name}`,
    async () => {
      const set = await host.read<V1StatefulSet>('apps/v1', 'StatefulSet', spec.hostNamespace, names.statefulSet);
      if (!set) throw new PlatformError(`StatefulSet ${spec.hostNamespace}/${names.statefulSet} disappeared while waiting`, 'someone deleted it; run vkube create again');
      if ((set.status?.readyReplicas ?? 0) < 1) return `waiting for pod ${names.pod} to be ready`;
      const secret = await host.read<V1Secret>('v1', 'Secret', spec.hostNamespace, names.kubeconfigSecret);
      if (!secret?.data?.[KUBECONFIG_SECRET_KEY]) return `waiting for Secret ${names.kubeconfigSecret}`;
      return { done: true };
    },
    { timeoutMs: options.timeoutMs, progress },
  );
}

async function createLocal(host: HostSession, options: CreateOptions): Promise<void> {
  const { spec, progress } = options;
  const stateDir = clusterStateDir(spec.hostNamespace, spec.name);
  const port = await freeLocalPort();
  // The record first: its create is the atomic claim on the name.
  const record = localRecord(spec.name, spec.hostNamespace, spec.syncMode, { hostname: hostname(), pid: 0, port, stateDir, paused: false });
  progress(`creating ConfigMap ${record.metadata!.name} (record of the local server)`);
  await createObject(host, spec, record);
  progress(`starting the local server on https://127.0.0.1:${port} (log: ${localPaths(stateDir).log})`);
  const pid = await startLocalServer({ name: spec.name, hostNamespace: spec.hostNamespace, syncMode: spec.syncMode, stateDir, port, hostKubeconfigYaml: host.kubeConfig.exportConfig(), command: options.serveCommand });
  await host.mergePatch({ apiVersion: 'v1', kind: 'ConfigMap', metadata: record.metadata, data: { pid: String(pid) } } as KubernetesObject, `record the local server of ${spec.name}`);
  if (!options.wait) return;
  await waitFor(
    `local server ${spec.name}`,
    async () => {
      try {
        process.kill(pid, 0);
      } catch {
        throw new PlatformError(`the local server of "${spec.name}" exited during start`, `read ${localPaths(stateDir).log}, then vkube delete ${spec.name} -n ${spec.hostNamespace}`);
      }
      return (await readyzStatus(port)) === 200 ? { done: true } : 'starting';
    },
    { timeoutMs: options.timeoutMs, progress },
  );
}

export async function createCluster(host: HostSession, options: CreateOptions): Promise<CreateResult> {
  const { spec, progress } = options;
  validateClusterName(spec.name);
  progress(`host: context "${host.contextName}" (${host.server}), namespace ${spec.hostNamespace}`);
  await ensureNamespace(host, spec, progress);
  const existing = await findCluster(host, spec.name, spec.hostNamespace);
  if (existing) throw nameTaken(spec, `${existing.mode === 'local' ? 'a local server' : 'a StatefulSet'}, ${existing.status}`);
  if (options.local) await createLocal(host, options);
  else await createInPod(host, options);
  const cluster = { name: spec.name, hostNamespace: spec.hostNamespace, mode: options.local ? ('local' as const) : ('pod' as const) };
  if (!options.wait) return { cluster };
  const kubeconfigPath = options.kubeconfigOut ?? defaultKubeconfigPath(cluster);
  const kubeconfigYaml = options.local
    ? await readFile(localPaths(clusterStateDir(spec.hostNamespace, spec.name)).kubeconfig, 'utf8')
    : await readTenantKubeconfig(host, { ...cluster, syncMode: spec.syncMode, status: 'Running', version: '' });
  await writeTenantKubeconfig(kubeconfigPath, kubeconfigYaml);
  progress(`virtual cluster ${spec.name} is ready`);
  return { cluster, kubeconfigPath };
}
