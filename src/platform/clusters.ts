/**
 * Finding virtual clusters on the host. A cluster is either a StatefulSet (`vkube create`, the
 * chart, the kustomize base) or, for `vkube create --local`, a record ConfigMap naming the machine
 * and process that serve it. Both carry `vkube.io/component=cluster`.
 */
import { hostname } from 'node:os';
import type { KubernetesObject, V1ConfigMap, V1StatefulSet } from '@kubernetes/client-node';
import { CLUSTER_ROLE_LABEL, INSTANCE_LABEL, MANAGED_BY_LABEL, commonLabels, objectNames, type SyncMode } from './objects.js';
import { PlatformError, type HostSession } from './host.js';
import { VKUBE_VERSION } from '../version.js';

export type ClusterStatus = 'Running' | 'Pending' | 'Paused' | 'Stopped' | 'Unknown';

/** What a `--local` cluster's record ConfigMap holds (all strings on the host). */
export interface LocalRecord {
  hostname: string;
  pid: number;
  port: number;
  stateDir: string;
  paused: boolean;
}

export interface ClusterInfo {
  name: string;
  hostNamespace: string;
  mode: 'pod' | 'local';
  syncMode: SyncMode;
  status: ClusterStatus;
  createdAt?: Date;
  version: string;
  local?: LocalRecord;
}

export const CLUSTER_SELECTOR = `${CLUSTER_ROLE_LABEL}=cluster`;
export const LOCAL_MODE_LABEL = 'vkube.io/mode';

export function localRecordName(name: string): string {
  return `${name}-vkube-local`;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function syncModeOf(o: KubernetesObject): SyncMode {
  return o.metadata?.annotations?.['vkube.io/sync-mode'] === 'namespaces' ? 'namespaces' : 'single';
}

function fromStatefulSet(set: V1StatefulSet): ClusterInfo {
  const replicas = set.spec?.replicas ?? 1;
  const ready = set.status?.readyReplicas ?? 0;
  const status: ClusterStatus = replicas === 0 ? 'Paused' : ready >= 1 ? 'Running' : 'Pending';
  return {
    name: set.metadata?.labels?.[INSTANCE_LABEL] ?? set.metadata!.name!,
    hostNamespace: set.metadata!.namespace!,
    mode: 'pod',
    syncMode: syncModeOf(set),
    status,
    createdAt: set.metadata?.creationTimestamp ? new Date(set.metadata.creationTimestamp) : undefined,
    version: set.metadata?.annotations?.['vkube.io/version'] ?? set.spec?.template.spec?.containers[0]?.image?.split(':').pop() ?? 'unknown',
  };
}

export function parseLocalRecord(data: Record<string, string> | undefined): LocalRecord {
  return { hostname: data?.hostname ?? '', pid: Number(data?.pid ?? 0), port: Number(data?.port ?? 0), stateDir: data?.stateDir ?? '', paused: data?.paused === 'true' };
}

function fromLocalRecord(record: V1ConfigMap): ClusterInfo {
  const local = parseLocalRecord(record.data);
  let status: ClusterStatus;
  if (local.paused) status = 'Paused';
  else if (local.hostname !== hostname()) status = 'Unknown';
  else status = isProcessAlive(local.pid) ? 'Running' : 'Stopped';
  return {
    name: record.metadata?.labels?.[INSTANCE_LABEL] ?? record.metadata!.name!,
    hostNamespace: record.metadata!.namespace!,
    mode: 'local',
    syncMode: syncModeOf(record),
    status,
    createdAt: record.metadata?.creationTimestamp ? new Date(record.metadata.creationTimestamp) : undefined,
    version: record.metadata?.annotations?.['vkube.io/version'] ?? 'unknown',
    local,
  };
}

/** Every cluster in `namespace`, or in every namespace the user may list when it is undefined. */
export async function listClusters(host: HostSession, namespace?: string): Promise<ClusterInfo[]> {
  const [sets, records] = await Promise.all([
    host.list<V1StatefulSet>('apps/v1', 'StatefulSet', namespace, CLUSTER_SELECTOR),
    host.list<V1ConfigMap>('v1', 'ConfigMap', namespace, `${CLUSTER_SELECTOR},${LOCAL_MODE_LABEL}=local`),
  ]);
  const clusters = [...sets.map(fromStatefulSet), ...records.map(fromLocalRecord)];
  return clusters.sort((a, b) => a.hostNamespace.localeCompare(b.hostNamespace) || a.name.localeCompare(b.name));
}

export async function findCluster(host: HostSession, name: string, namespace: string): Promise<ClusterInfo | undefined> {
  const clusters = await listClusters(host, namespace);
  return clusters.find((c) => c.name === name);
}

export async function requireCluster(host: HostSession, name: string, namespace: string): Promise<ClusterInfo> {
  const cluster = await findCluster(host, name, namespace);
  if (!cluster) throw new PlatformError(`no virtual cluster "${name}" in host namespace "${namespace}"`, `see what exists with \`vkube list\`; clusters created without -n live in vkube-${name}`);
  return cluster;
}

export function localRecord(name: string, namespace: string, syncMode: SyncMode, local: LocalRecord): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: localRecordName(name),
      namespace,
      labels: { ...commonLabels(name), [CLUSTER_ROLE_LABEL]: 'cluster', [LOCAL_MODE_LABEL]: 'local' },
      annotations: { 'vkube.io/version': VKUBE_VERSION, 'vkube.io/sync-mode': syncMode },
    },
    data: { hostname: local.hostname, pid: String(local.pid), port: String(local.port), stateDir: local.stateDir, paused: String(local.paused) },
  };
}

/** Label selector for every host object cluster `name` owns (its own objects and the synced ones). */
export function ownedSelector(name: string): string {
  return `${MANAGED_BY_LABEL}=${name}`;
}

export { objectNames };
