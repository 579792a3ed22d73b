/**
 * StatefulSet controller: pods `<set>-<ordinal>` with stable identity (hostname, subdomain,
 * pod-name/pod-index labels), one PVC per volumeClaimTemplate and ordinal, OrderedReady (one at a
 * time, waiting for Running+Ready) or Parallel pod management, rolling updates from the highest
 * ordinal down to the partition, and ControllerRevisions holding each template (upstream
 * pkg/controller/statefulset).
 */
import type { KubeObject } from '../registry/object.js';
import type { ReconcileResult } from './work-queue.js';
import { QueueController, isAlreadyExists, isNotFound, type WorkloadControllerDeps } from './util/base.js';
import { BY_CONTROLLER, type ObjectCache } from './util/cache.js';
import { syncControllerRevisions } from './util/revisions.js';
import { controllerRef, isPodReady, list, num, obj, podAvailability, podFromTemplate, prefixOf, specOf, statusOf, type JsonObject } from './util/workload.js';

const MANAGER = 'kube-controller-manager';
export const REVISION_LABEL = 'controller-revision-hash';

export function ordinalOf(set: KubeObject, pod: KubeObject): number | undefined {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

export function isRunningAndReady(pod: KubeObject): boolean {
  return statusOf(pod).phase === 'Running' && isPodReady(pod) && !pod.metadata.deletionTimestamp;
}

function isFinished(pod: KubeObject): boolean {
  const phase = statusOf(pod).phase;
  return phase === 'Failed' || phase === 'Succeeded';
}

/** The revision an ordinal's pod is created at (newVersionedStatefulSetPod). */
export function revisionForOrdinal(set: KubeObject, ordinal: number, current: string, update: string): string {
  const strategy = obj(specOf(set).updateStrategy);
  if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') return update;
  const start = num(obj(specOf(set).ordinals).start);
  const partition = num(obj(strategy.rollingUpdate).partition);
  return ordinal < start + partition ? current : update;
}

export function claimName(claimTemplate: JsonObject, set: KubeObject, ordinal: number): string {
  return `${obj(claimTemplate.metadata).name}-${set.metadata.name}-${ordinal}`;
}

/** The pod for an ordinal from a revision's template (newStatefulSetPod + identity + storage). */
export function statefulPod(set: KubeObject, template: JsonObject, ordinal: number, revisionName: string): KubeObject {
  const pod = podFromTemplate(template, set, controllerRef(set, 'apps/v1', 'StatefulSet'));
  const name = `${set.metadata.name}-${ordinal}`;
  pod.metadata.name = name;
  pod.metadata.labels = { ...pod.metadata.labels, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ordinal), [REVISION_LABEL]: revisionName };
  const spec = obj(pod.spec);
  spec.hostname = name;
  const serviceName = specOf(set).serviceName;
  if (typeof serviceName === 'string' && serviceName) spec.subdomain = serviceName;
  const claims = list(specOf(set).volumeClaimTemplates).map(obj);
  if (claims.length) {
    const byName = new Map(claims.map((c) => [String(obj(c.metadata).name), c]));
    const volumes = list(spec.volumes).map(obj).filter((v) => !byName.has(String(v.name)));
    for (const [volName, c] of byName) volumes.push({ name: volName, persistentVolumeClaim: { claimName: claimName(c, set, ordinal) } });
    spec.volumes = volumes;
  }
  pod.spec = spec;
  return pod;
}

export class StatefulSetController extends QueueController {
  private readonly sets: ObjectCache;
  private readonly pods: ObjectCache;
  private readonly revisions: ObjectCache;
  private readonly claims: ObjectCache;

  constructor(deps: WorkloadControllerDeps) {
    super(deps, 'statefulset');
    this.sets = deps.informers.cache(prefixOf(deps.resources.statefulSets));
    this.pods = deps.informers.cache(prefixOf(deps.resources.pods));
    this.revisions = deps.informers.cache(prefixOf(deps.resources.controllerRevisions));
    this.claims = deps.informers.cache(prefixOf(deps.resources.pvcs));
    this.sets.onChange((key) => this.queue.add(key.slice(this.sets.prefix.length)));
    this.pods.onChange((_k, pod, old) => this.enqueueOwner(pod ?? old, 'StatefulSet', this.sets));
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const set = this.sets.get(`${this.sets.prefix}${key}`);
    if (!set || set.metadata.deletionTimestamp) return;
    const { registry, resources } = this.deps;
    const ns = set.metadata.namespace!;
    const spec = specOf(set);
    const revs = await syncControllerRevisions({
      registry,
      info: resources.controllerRevisions,
      cache: this.revisions,
      owner: set,
      ownerKind: 'StatefulSet',
      template: obj(spec.template),
      collisionCount: num(statusOf(set).collisionCount),
      currentName: statusOf(set).currentRevision as string | undefined,
      historyLimit: num(spec.revisionHistoryLimit, 10),
      inUse: new Set(this.ownedPods(set).map((p) => p.metadata.labels?.[REVISION_LABEL] ?? '')),
    });
    const update = revs.update;
    const current = revs.current;
    const replicas = num(spec.replicas, 1);
    const start = num(obj(spec.ordinals).start);
    const parallel = spec.podManagementPolicy === 'Parallel';
    const byOrdinal = new Map<number, KubeObject>();
    const condemned: KubeObject[] = [];
    for (const pod of this.ownedPods(set)) {
      const ord = ordinalOf(set, pod);
      if (ord === undefined) continue;
      if (ord >= start && ord < start + replicas) byOrdinal.set(ord, pod);
      else condemned.push(pod);
    }
    let wrote = 0;
    let blocked = false;
    for (let ord = start; ord < start + replicas && !blocked; ord++) {
      const pod = byOrdinal.get(ord);
      if (!pod) {
        const revisionName = revisionForOrdinal(set, ord, current.name, update.name);
        const template = revisionName === current.name ? current.template : update.template;
        await this.ensureClaims(set, ord);
        try {
          wrote = Math.max(wrote, (await registry.create(resources.pods, ns, statefulPod(set, template, ord, revisionName), { fieldManager: MANAGER })).revision);
        } catch (err) {
          if (!isAlreadyExists(err)) throw err;
        }
        if (!parallel) blocked = true;
      } else if (isFinished(pod)) {
        wrote = Math.max(wrote, await this.deletePod(pod));
        if (!parallel) blocked = true;
      } else if (!parallel && !isRunningAndReady(pod)) {
        blocked = true;
      }
    }
    // Scale down from the highest ordinal; OrderedReady waits for every other pod to be healthy.
    const allHealthy = [...byOrdinal.values()].every(isRunningAndReady) && byOrdinal.size === replicas;
    const doomed = condemned.sort((a, b) => ordinalOf(set, b)! - ordinalOf(set, a)!);
    if (parallel) {
      for (const pod of doomed) if (!pod.metadata.deletionTimestamp) wrote = Math.max(wrote, await this.deletePod(pod));
    } else if (!blocked && doomed.length && allHealthy) {
      const pod = doomed[0]!;
      if (!pod.metadata.deletionTimestamp) wrote = Math.max(wrote, await this.deletePod(pod));
      blocked = true;
    }
    // Rolling update: highest ordinal first, down to the partition, one pod at a time.
    const strategy = obj(spec.updateStrategy);
    if (!blocked && !doomed.length && (strategy.type ?? 'RollingUpdate') === 'RollingUpdate' && allHealthy) {
      const partition = num(obj(strategy.rollingUpdate).partition);
      for (let ord = start + replicas - 1; ord >= start + partition; ord--) {
        const pod = byOrdinal.get(ord)!;
        if (pod.metadata.labels?.[REVISION_LABEL] !== update.name) {
          wrote = Math.max(wrote, await this.deletePod(pod));
          break;
        }
      }
    }
    if (wrote) await this.pods.waitForRevision(wrote);
    return this.writeStatus(set, current.name, update.name);
  }

  private ownedPods(set: KubeObject): KubeObject[] {
    return this.pods.byIndex(BY_CONTROLLER, set.metadata.uid!);
  }

  private async ensureClaims(set: KubeObject, ordinal: number): Promise<void> {
    const ns = set.metadata.namespace!;
    const retention = obj(specOf(set).persistentVolumeClaimRetentionPolicy);
    for (const tpl of list(specOf(set).volumeClaimTemplates).map(obj)) {
      const name = claimName(tpl, set, ordinal);
      if (this.claims.getNamespaced(ns, name)) continue;
      const meta = obj(tpl.metadata);
      const selectorLabels = obj(obj(specOf(set).selector).matchLabels) as Record<string, string>;
      const claim: KubeObject = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name, namespace: ns, labels: { ...(obj(meta.labels) as Record<string, string>), ...selectorLabels } },
        spec: structuredClone(obj(tpl.spec)),
      };
      if (meta.annotations) claim.metadata.annotations = { ...(obj(meta.annotations) as Record<string, string>) };
      if (retention.whenDeleted === 'Delete') claim.metadata.ownerReferences = [controllerRef(set, 'apps/v1', 'StatefulSet')];
      try {
        await this.deps.registry.create(this.deps.resources.pvcs, ns, claim, { fieldManager: MANAGER });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
  }

  private async deletePod(pod: KubeObject): Promise<number> {
    try {
      return (await this.deps.registry.delete(this.deps.resources.pods, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } })).entry.revision;
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
  }

  private async writeStatus(set: KubeObject, currentName: string, updateName: string): Promise<ReconcileResult | void> {
    const pods = this.ownedPods(set).filter((p) => !p.metadata.deletionTimestamp && ordinalOf(set, p) !== undefined);
    const now = this.deps.clock.now();
    const minReady = num(specOf(set).minReadySeconds);
    let nextCheck: number | undefined;
    let available = 0;
    for (const p of pods) {
      const a = podAvailability(p, minReady, now);
      if (a.available) available++;
      else if (a.inMs !== undefined) nextCheck = Math.min(nextCheck ?? a.inMs, a.inMs);
    }
    const ready = pods.filter(isPodReady).length;
    const updated = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateName).length;
    let currentRevision = currentName;
    let currentReplicas = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentName).length;
    const replicas = num(specOf(set).replicas, 1);
    // completeRollingUpdate: every pod at the update revision and ready.
    if (updated === pods.length && ready === pods.length && pods.length === replicas) {
      currentRevision = updateName;
      currentReplicas = updated;
    }
    const status: JsonObject = {
      observedGeneration: set.metadata.generation,
      replicas: pods.length,
      readyReplicas: ready,
      currentReplicas,
      updatedReplicas: updated,
      currentRevision,
      updateRevision: updateName,
      collisionCount: num(statusOf(set).collisionCount),
      availableReplicas: available,
    };
    for (const f of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (status[f] === 0) delete status[f];
    const conditions = statusOf(set).conditions;
    if (conditions) status.conditions = conditions;
    try {
      await this.deps.registry.guaranteedUpdate(this.deps.resources.statefulSets, set.metadata.namespace, set.metadata.name!, (cur) => {
        if (!cur || cur.metadata.uid !== set.metadata.uid) return cur ?? set;
        return { ...cur, status };
      }, { subresource: 'status', fieldManager: MANAGER, retryOnConflict: true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return nextCheck !== undefined ? { requeueAfterMs: nextCheck + 10 } : undefined;
  }
}
