/**
 * `vkube delete`, `pause` and `resume`. Pause stops the server (StatefulSet to 0, or the local
 * process) and removes the tenant's host pods; the virtual state stays in the store, so resume
 * (server back, full resync) brings the workloads' pods back.
 */
import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import type { KubernetesObject, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { findCluster, listClusters, localRecord, ownedSelector, requireCluster, type ClusterInfo } from './clusters.js';
import { PlatformError, type HostSession } from './host.js';
import { defaultKubeconfigPath } from './kubeconfig.js';
import { clusterStateDir, localPaths, readyzStatus, removeStateDir, startLocalServer, stopLocalServer } from './local-server.js';
import { clusterRoleName, objectNames } from './objects.js';
import { waitFor, type Progress } from './wait.js';

export interface LifecycleOptions {
  wait: boolean;
  timeoutMs: number;
  progress: Progress;
  serveCommand?: string[];
}

/** The namespaced kinds a cluster can own on the host: its own objects, then what the syncer writes. */
const OWNED_KINDS: { apiVersion: string; kind: string }[] = [
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'Endpoints' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
];

const SYNCED_OBJECT_ANNOTATION = 'vkube.io/object-name';

function localOnThisMachine(cluster: ClusterInfo): boolean {
  return cluster.mode === 'local' && cluster.local!.hostname === hostname();
}

async function ownedObjects(host: HostSession, name: string, namespace: string): Promise<(KubernetesObject & { apiVersion: string; kind: string })[]> {
  const lists = await Promise.all(OWNED_KINDS.map((k) => host.list(k.apiVersion, k.kind, namespace, ownedSelector(name)).then((items) => items.map((o) => ({ ...o, apiVersion: k.apiVersion, kind: k.kind })))));
  return lists.flat();
}

/** The host pods of the tenant's workloads (synced pods carry back-pointer annotations; the server pod does not). */
async function workloadPods(host: HostSession, cluster: ClusterInfo): Promise<V1Pod[]> {
  const pods = await host.list<V1Pod>('v1', 'Pod', cluster.syncMode === 'namespaces' ? undefined : cluster.hostNamespace, ownedSelector(cluster.name));
  return pods.filter((p) => p.metadata?.annotations?.[SYNCED_OBJECT_ANNOTATION] !== undefined);
}

async function deleteWorkloadPods(host: HostSession, cluster: ClusterInfo, options: LifecycleOptions): Promise<void> {
  const pods = await workloadPods(host, cluster);
  if (pods.length > 0) options.progress(`deleting ${pods.length} workload pod(s) on the host`);
  for (const pod of pods) await host.remove('v1', 'Pod', pod.metadata!.namespace, pod.metadata!.name!);
  if (!options.wait) return;
  await waitFor('workload pods', async () => {
    const left = (await workloadPods(host, cluster)).length;
    return left === 0 ? { done: true } : `${left} left`;
  }, options);
}

async function scaleServer(host: HostSession, cluster: ClusterInfo, replicas: number): Promise<void> {
  const name = objectNames(cluster.name).statefulSet;
  await host.mergePatch({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: cluster.hostNamespace }, spec: { replicas } } as KubernetesObject, `scale StatefulSet ${name} to ${replicas}`);
}

async function setLocalPaused(host: HostSession, cluster: ClusterInfo, paused: boolean, pid: number): Promise<void> {
  const record = localRecord(cluster.name, cluster.hostNamespace, cluster.syncMode, { ...cluster.local!, paused, pid });
  await host.mergePatch(record as KubernetesObject, `update the record of ${cluster.name}`);
}

function requireLocalHere(cluster: ClusterInfo, verb: string): void {
  if (cluster.mode === 'local' && !localOnThisMachine(cluster)) {
    throw new PlatformError(`virtual cluster "${cluster.name}" runs locally on ${cluster.local!.hostname}; it cannot be ${verb} from here`, `run vkube ${verb === 'paused' ? 'pause' : 'resume'} on ${cluster.local!.hostname}`);
  }
}

export async function pauseCluster(host: HostSession, name: string, namespace: string, options: LifecycleOptions): Promise<void> {
  const cluster = await requireCluster(host, name, namespace);
  if (cluster.status === 'Paused') throw new PlatformError(`virtual cluster "${name}" is already paused`, `resume it with vkube resume ${name} -n ${namespace}`);
  requireLocalHere(cluster, 'paused');
  // The server first: a running syncer would recreate the pods we delete.
  if (cluster.mode === 'local') {
    options.progress(`stopping the local server (pid ${cluster.local!.pid})`);
    await stopLocalServer(cluster.local!.pid);
    await setLocalPaused(host, cluster, true, 0);
  } else {
    options.progress(`scaling StatefulSet ${objectNames(name).statefulSet} to 0`);
    await scaleServer(host, cluster, 0);
    if (options.wait) {
      const pod = objectNames(name).pod;
      await waitFor(`pod ${pod} to stop`, async () => ((await host.read('v1', 'Pod', namespace, pod)) ? 'terminating' : { done: true }), options);
    }
  }
  await deleteWorkloadPods(host, cluster, options);
}

export async function resumeCluster(host: HostSession, name: string, namespace: string, options: LifecycleOptions): Promise<void> {
  const cluster = await requireCluster(host, name, namespace);
  if (cluster.status !== 'Paused') throw new PlatformError(`virtual cluster "${name}" is not paused (${cluster.status})`, cluster.status === 'Stopped' ? `its local server died; read ${localPaths(cluster.local!.stateDir).log}` : 'nothing to do');
  requireLocalHere(cluster, 'resumed');
  if (cluster.mode === 'local') {
    const local = cluster.local!;
    options.progress(`starting the local server on https://127.0.0.1:${local.port}`);
    // The same port: kubeconfigs handed out earlier keep working.
    const pid = await startLocalServer({ name, hostNamespace: namespace, syncMode: cluster.syncMode, stateDir: local.stateDir, port: local.port, hostKubeconfigYaml: host.kubeConfig.exportConfig(), command: options.serveCommand });
    await setLocalPaused(host, cluster, false, pid);
    if (options.wait) await waitFor(`local server ${name}`, async () => ((await readyzStatus(local.port)) === 200 ? { done: true } : 'starting'), options);
    return;
  }
  options.progress(`scaling StatefulSet ${objectNames(name).statefulSet} to 1`);
  await scaleServer(host, cluster, 1);
  if (!options.wait) return;
  await waitFor(`virtual cluster ${name}`, async () => {
    const set = await host.read<V1StatefulSet>('apps/v1', 'StatefulSet', namespace, objectNames(name).statefulSet);
    return (set?.status?.readyReplicas ?? 0) >= 1 ? { done: true } : 'waiting for the server pod';
  }, options);
}

export async function deleteCluster(host: HostSession, name: string, namespace: string, options: LifecycleOptions): Promise<void> {
  const cluster = await findCluster(host, name, namespace);
  const owned = await ownedObjects(host, name, namespace);
  if (!cluster && owned.length === 0) await requireCluster(host, name, namespace);
  if (cluster && localOnThisMachine(cluster)) {
    options.progress(`stopping the local server (pid ${cluster.local!.pid})`);
    await stopLocalServer(cluster.local!.pid);
  }
  options.progress(`deleting ${owned.length} host object(s) labelled ${ownedSelector(name)} in ${namespace}`);
  // OWNED_KINDS order: the server goes first, so its syncer cannot recreate what follows.
  for (const o of owned) await host.remove(o.apiVersion, o.kind, namespace, o.metadata!.name!);
  if (cluster?.syncMode === 'namespaces') {
    const clusterRole = clusterRoleName({ name, hostNamespace: namespace });
    await host.remove('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', undefined, clusterRole);
    await host.remove('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, clusterRole);
    for (const ns of await host.list('v1', 'Namespace', undefined, ownedSelector(name))) await host.remove('v1', 'Namespace', undefined, ns.metadata!.name!);
  }
  if (options.wait) {
    await waitFor(`host objects of ${name}`, async () => {
      const left = await ownedObjects(host, name, namespace);
      return left.length === 0 ? { done: true } : `${left.length} left (${[...new Set(left.map((o) => o.kind))].join(', ')})`;
    }, options);
  }
  if (cluster?.mode === 'local' && localOnThisMachine(cluster)) await removeStateDir(cluster.local!.stateDir);
  else await removeStateDir(clusterStateDir(namespace, name));
  await rm(defaultKubeconfigPath({ name, hostNamespace: namespace }), { force: true });
  await deleteNamespaceIfOurs(host, name, namespace, options);
}

/** A namespace `vkube create` made for this cluster goes too, unless another cluster lives there now. */
async function deleteNamespaceIfOurs(host: HostSession, name: string, namespace: string, options: LifecycleOptions): Promise<void> {
  let ns: KubernetesObject | undefined;
  try {
    ns = await host.read('v1', 'Namespace', undefined, namespace);
  } catch {
    return;
  }
  if (ns?.metadata?.labels?.['vkube.io/created-for'] !== name) return;
  if ((await listClusters(host, namespace)).length > 0) return;
  options.progress(`deleting host namespace ${namespace} (created for ${name})`);
  await host.remove('v1', 'Namespace', undefined, namespace);
}
