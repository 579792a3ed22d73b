/**
 * The Deployment controller's arithmetic, pure and separately tested (upstream
 * pkg/controller/deployment/util/deployment_util.go, rolling.go, sync.go).
 */
import type { KubeObject } from '../../registry/object.js';
import { canonicalJson, num, obj, scaledValue, specOf, statusOf, type JsonObject } from '../util/workload.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Annotations a Deployment does not copy to its ReplicaSets (upstream skipCopyAnnotation). */
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

export function replicasOf(o: KubeObject): number {
  return num(specOf(o).replicas, 1);
}

export function revisionOf(rs: KubeObject): number {
  const v = Number(rs.metadata.annotations?.[REVISION] ?? '0');
  return Number.isFinite(v) ? v : 0;
}

export function maxRevision(sets: KubeObject[]): number {
  return sets.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

export function isRollingUpdate(d: KubeObject): boolean {
  return (obj(specOf(d).strategy).type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** maxSurge (rounded up) and maxUnavailable (rounded down); both 0 becomes unavailable 1 (ResolveFenceposts). */
export function resolveFenceposts(d: KubeObject): { maxSurge: number; maxUnavailable: number } {
  if (!isRollingUpdate(d)) return { maxSurge: 0, maxUnavailable: 0 };
  const rolling = obj(obj(specOf(d).strategy).rollingUpdate);
  const replicas = replicasOf(d);
  const maxSurge = scaledValue(rolling.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = scaledValue(rolling.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

export function maxUnavailableOf(d: KubeObject): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return resolveFenceposts(d).maxUnavailable;
}

/** The template without the pod-template-hash label, for comparing a ReplicaSet with its Deployment. */
export function templateKey(template: unknown): string {
  const t = structuredClone(obj(template));
  const meta = obj(t.metadata);
  const labels = { ...(obj(meta.labels) as Record<string, string>) };
  delete labels[POD_TEMPLATE_HASH];
  t.metadata = { ...meta, labels };
  if (Object.keys(labels).length === 0) delete (t.metadata as JsonObject).labels;
  return canonicalJson(t);
}

/** The ReplicaSet whose template equals the Deployment's, oldest first on ties (FindNewReplicaSet). */
export function findNewReplicaSet(d: KubeObject, sets: KubeObject[]): KubeObject | undefined {
  const key = templateKey(specOf(d).template);
  return sortByCreation(sets).find((rs) => templateKey(specOf(rs).template) === key);
}

export function sortByCreation(sets: KubeObject[]): KubeObject[] {
  return [...sets].sort((a, b) => {
    const d = Date.parse(String(a.metadata.creationTimestamp)) - Date.parse(String(b.metadata.creationTimestamp));
    return d !== 0 ? d : (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
  });
}

const sum = (sets: KubeObject[], f: (rs: KubeObject) => number): number => sets.reduce((n, rs) => n + f(rs), 0);
export const specReplicas = (rs: KubeObject): number => num(specOf(rs).replicas, 0);
const statusReplicas = (rs: KubeObject): number => num(statusOf(rs).replicas);
const availableReplicas = (rs: KubeObject): number => num(statusOf(rs).availableReplicas);
const readyReplicas = (rs: KubeObject): number => num(statusOf(rs).readyReplicas);

/** How many replicas the new ReplicaSet should have now (NewRSNewReplicas). */
export function newReplicaSetReplicas(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): number {
  const replicas = replicasOf(d);
  const current = newRS ? specReplicas(newRS) : 0;
  if (!isRollingUpdate(d)) return replicas;
  if (current >= replicas) return replicas;
  const { maxSurge } = resolveFenceposts(d);
  const total = sum(all, specReplicas);
  const maxTotal = replicas + maxSurge;
  if (total >= maxTotal) return current;
  return current + Math.min(maxTotal - total, replicas - current);
}

/**
 * Scale-downs of old ReplicaSets for a rolling update (reconcileOldReplicaSets): unhealthy
 * replicas first, then available ones while keeping `replicas - maxUnavailable` available.
 * Returns the new spec.replicas per old ReplicaSet name (only the changed ones).
 */
export function oldReplicaSetScaleDowns(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined, oldSets: KubeObject[]): Map<string, number> {
  const result = new Map<string, number>();
  const oldTotal = sum(oldSets, specReplicas);
  if (oldTotal === 0) return result;
  const allTotal = sum(all, specReplicas);
  const minAvailable = replicasOf(d) - maxUnavailableOf(d);
  const newUnavailable = newRS ? specReplicas(newRS) - availableReplicas(newRS) : 0;
  let maxScaledDown = allTotal - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return result;
  const size = new Map(oldSets.map((rs) => [rs.metadata.name!, specReplicas(rs)]));
  // Unhealthy replicas can go without lowering availability.
  for (const rs of sortByCreation(oldSets)) {
    if (maxScaledDown <= 0) break;
    const current = size.get(rs.metadata.name!)!;
    if (current === 0) continue;
    const unhealthy = Math.max(0, current - availableReplicas(rs));
    const down = Math.min(maxScaledDown, unhealthy);
    if (down > 0) {
      size.set(rs.metadata.name!, current - down);
      maxScaledDown -= down;
    }
  }
  // Then available ones, down to minAvailable across all sets.
  const available = sum(all, availableReplicas);
  let total = Math.max(0, available - minAvailable);
  for (const rs of sortByCreation(oldSets)) {
    if (total <= 0) break;
    const current = size.get(rs.metadata.name!)!;
    const down = Math.min(current, total);
    if (down > 0) {
      size.set(rs.metadata.name!, current - down);
      total -= down;
    }
  }
  for (const rs of oldSets) if (size.get(rs.metadata.name!) !== specReplicas(rs)) result.set(rs.metadata.name!, size.get(rs.metadata.name!)!);
  return result;
}

/** A replica-count change of the Deployment itself rather than a rollout (isScalingEvent). */
export function isScalingEvent(d: KubeObject, sets: KubeObject[]): boolean {
  const desired = String(replicasOf(d));
  return sets.some((rs) => specReplicas(rs) > 0 && rs.metadata.annotations?.[DESIRED_REPLICAS] !== undefined && rs.metadata.annotations[DESIRED_REPLICAS] !== desired);
}

/**
 * New sizes when the Deployment is scaled during a rollout (sync.go scale): one active set takes
 * the whole count; otherwise the difference is shared in proportion to the sets' sizes, the
 * remainder going to the largest (newest on ties).
 */
export function proportionalScale(d: KubeObject, newRS: KubeObject | undefined, oldSets: KubeObject[]): Map<string, number> {
  const result = new Map<string, number>();
  const replicas = replicasOf(d);
  const active = [...(newRS ? [newRS] : []), ...oldSets].filter((rs) => specReplicas(rs) > 0);
  if (active.length === 0) {
    if (newRS && specReplicas(newRS) !== replicas) result.set(newRS.metadata.name!, replicas);
    return result;
  }
  if (active.length === 1) {
    if (specReplicas(active[0]!) !== replicas) result.set(active[0]!.metadata.name!, replicas);
    return result;
  }
  const total = sum(active, specReplicas);
  const allowed = replicas + (isRollingUpdate(d) ? resolveFenceposts(d).maxSurge : 0);
  const toAdd = allowed - total;
  if (toAdd === 0) return result;
  const ordered = [...active].sort((a, b) => {
    const s = specReplicas(b) - specReplicas(a);
    if (s !== 0) return toAdd > 0 ? s : -s;
    return Date.parse(String(b.metadata.creationTimestamp)) - Date.parse(String(a.metadata.creationTimestamp));
  });
  let added = 0;
  for (const rs of ordered) {
    const share = toAdd > 0 ? Math.floor((specReplicas(rs) * toAdd) / total) : Math.ceil((specReplicas(rs) * toAdd) / total);
    result.set(rs.metadata.name!, specReplicas(rs) + share);
    added += share;
  }
  const first = ordered[0]!.metadata.name!;
  result.set(first, Math.max(0, result.get(first)! + (toAdd - added)));
  for (const [name, size] of result) {
    const rs = active.find((r) => r.metadata.name === name)!;
    if (size === specReplicas(rs)) result.delete(name);
    else result.set(name, Math.max(0, size));
  }
  return result;
}

/** Old ReplicaSets to delete beyond revisionHistoryLimit: scaled to zero, oldest revision first. */
export function replicaSetsToCleanUp(d: KubeObject, oldSets: KubeObject[]): KubeObject[] {
  const limit = num(specOf(d).revisionHistoryLimit, 10);
  const dead = oldSets.filter((rs) => specReplicas(rs) === 0 && statusReplicas(rs) === 0 && !rs.metadata.deletionTimestamp);
  if (dead.length <= limit) return [];
  return [...dead].sort((a, b) => revisionOf(a) - revisionOf(b) || Date.parse(String(a.metadata.creationTimestamp)) - Date.parse(String(b.metadata.creationTimestamp))).slice(0, dead.length - limit);
}

/** Annotations the Deployment gives a ReplicaSet: its own (minus the skip list) plus bookkeeping. */
export function replicaSetAnnotations(d: KubeObject, rs: KubeObject | undefined, revision: number): Record<string, string> {
  const out: Record<string, string> = { ...(rs?.metadata.annotations ?? {}) };
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!SKIP_COPY.has(k)) out[k] = v;
  const old = rs ? revisionOf(rs) : 0;
  if (rs && old > 0 && old < revision) {
    const history = out[REVISION_HISTORY];
    out[REVISION_HISTORY] = history ? `${history},${old}` : String(old);
  }
  if (old < revision) out[REVISION] = String(revision);
  out[DESIRED_REPLICAS] = String(replicasOf(d));
  out[MAX_REPLICAS] = String(replicasOf(d) + resolveFenceposts(d).maxSurge);
  return out;
}

/** status counters from the ReplicaSets (calculateStatus), without conditions. */
export function deploymentCounters(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): JsonObject {
  const replicas = sum(all, statusReplicas);
  const available = sum(all, availableReplicas);
  const counters: JsonObject = {
    observedGeneration: d.metadata.generation,
    replicas,
    updatedReplicas: newRS ? statusReplicas(newRS) : 0,
    readyReplicas: sum(all, readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicasOf(d) - available),
  };
  for (const f of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (counters[f] === 0) delete counters[f];
  const collisions = statusOf(d).collisionCount;
  if (collisions !== undefined) counters.collisionCount = collisions;
  return counters;
}

/** Every new replica updated and available, no old ones left (DeploymentComplete). */
export function isComplete(d: KubeObject, status: JsonObject): boolean {
  const r = replicasOf(d);
  return num(status.updatedReplicas) === r && num(status.replicas) === r && num(status.availableReplicas) === r && num(status.observedGeneration) >= num(d.metadata.generation);
}

/** Any counter moved forward since the last status (DeploymentProgressing). */
export function isProgressing(old: JsonObject, next: JsonObject): boolean {
  const oldStatusReplicas = num(old.replicas);
  const oldOld = oldStatusReplicas - num(old.updatedReplicas);
  const newOld = num(next.replicas) - num(next.updatedReplicas);
  return num(next.updatedReplicas) > num(old.updatedReplicas) || newOld < oldOld || num(next.readyReplicas) > num(old.readyReplicas) || num(next.availableReplicas) > num(old.availableReplicas);
}
