/**
 * DaemonSet controller: one pod per (virtual) Node the DaemonSet should run on (nodeSelector and
 * taints), pinned with the required node affinity upstream uses (`matchFields metadata.name`),
 * rolling updates bounded by maxUnavailable, ControllerRevisions, and the status counters
 * (upstream pkg/controller/daemon). No Node objects, no pods.
 */
import type { KubeObject } from '../registry/object.js';
import type { ReconcileResult } from './work-queue.js';
import { QueueController, isNotFound, runBatched, type WorkloadControllerDeps } from './util/base.js';
import { BY_CONTROLLER, type ObjectCache } from './util/cache.js';
import { syncControllerRevisions } from './util/revisions.js';
import { controllerRef, isPodActive, isPodReady, list, num, obj, podAvailability, podFromTemplate, podNamePrefix, prefixOf, scaledValue, specOf, statusOf, type JsonObject } from './util/workload.js';

const MANAGER = 'kube-controller-manager';

/** Tolerations the DaemonSet controller adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(spec: JsonObject): JsonObject[] {
  const extra: JsonObject[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) extra.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const existing = list(spec.tolerations).map(obj);
  const out = [...existing];
  for (const t of extra) if (!existing.some((e) => e.key === t.key && e.effect === t.effect)) out.push(t);
  return out;
}

function tolerates(tolerations: JsonObject[], taint: JsonObject): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.key && t.key !== taint.key) return false;
    if (!t.key && t.operator !== 'Exists') return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/** Should a daemon pod run on this node (nodeSelector + NoSchedule/NoExecute taints)? */
export function shouldRunOn(ds: KubeObject, node: KubeObject): boolean {
  if (node.metadata.deletionTimestamp) return false;
  const podSpec = obj(obj(specOf(ds).template).spec);
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(obj(podSpec.nodeSelector))) if (labels[k] !== v) return false;
  const tolerations = daemonTolerations(podSpec);
  return list(specOf(node).taints).map(obj).every((taint) => taint.effect === 'PreferNoSchedule' || tolerates(tolerations, taint));
}

/** The node a daemon pod is pinned to (its matchFields affinity, or nodeName). */
export function targetNode(pod: KubeObject): string | undefined {
  const spec = specOf(pod);
  if (typeof spec.nodeName === 'string' && spec.nodeName) return spec.nodeName;
  const terms = list(obj(obj(obj(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms).map(obj);
  for (const term of terms) {
    for (const f of list(term.matchFields).map(obj)) {
      if (f.key === 'metadata.name' && f.operator === 'In' && list(f.values).length === 1) return String(list(f.values)[0]);
    }
  }
  return undefined;
}

export class DaemonSetController extends QueueController {
  private readonly sets: ObjectCache;
  private readonly pods: ObjectCache;
  private readonly nodes: ObjectCache;
  private readonly revisions: ObjectCache;

  constructor(deps: WorkloadControllerDeps) {
    super(deps, 'daemonset');
    this.sets = deps.informers.cache(prefixOf(deps.resources.daemonSets));
    this.pods = deps.informers.cache(prefixOf(deps.resources.pods));
    this.nodes = deps.informers.cache(prefixOf(deps.resources.nodes));
    this.revisions = deps.informers.cache(prefixOf(deps.resources.controllerRevisions));
    this.sets.onChange((key) => this.queue.add(key.slice(this.sets.prefix.length)));
    this.pods.onChange((_k, pod, old) => this.enqueueOwner(pod ?? old, 'DaemonSet', this.sets));
    // A node coming or going (or relabelled) concerns every DaemonSet.
    this.nodes.onChange(() => this.enqueueAll(this.sets));
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const ds = this.sets.get(`${this.sets.prefix}${key}`);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const { registry, resources, clock } = this.deps;
    const ns = ds.metadata.namespace!;
    const spec = specOf(ds);
    const owned = this.pods.byIndex(BY_CONTROLLER, ds.metadata.uid!);
    const revs = await syncControllerRevisions({
      registry,
      info: resources.controllerRevisions,
      cache: this.revisions,
      owner: ds,
      ownerKind: 'DaemonSet',
      template: obj(spec.template),
      collisionCount: num(statusOf(ds).collisionCount),
      currentName: undefined,
      historyLimit: num(spec.revisionHistoryLimit, 10),
      inUse: new Set(owned.map((p) => `${ds.metadata.name}-${p.metadata.labels?.['controller-revision-hash'] ?? ''}`)),
    });
    const hash = revs.update.name.slice(ds.metadata.name!.length + 1);
    const nodes = [...this.nodes.all()];
    const byNode = new Map<string, KubeObject[]>();
    const toDelete: KubeObject[] = [];
    for (const pod of owned.filter(isPodActive)) {
      const node = targetNode(pod);
      if (!node) continue;
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    const toCreate: string[] = [];
    let desired = 0;
    let scheduled = 0;
    let misscheduled = 0;
    for (const node of nodes) {
      const name = node.metadata.name!;
      const pods = byNode.get(name) ?? [];
      byNode.delete(name);
      if (shouldRunOn(ds, node)) {
        desired++;
        if (pods.length === 0) toCreate.push(name);
        else scheduled++;
        toDelete.push(...pods.slice(1));
      } else {
        if (pods.length) misscheduled++;
        toDelete.push(...pods);
      }
    }
    for (const pods of byNode.values()) toDelete.push(...pods);
    const now = clock.now();
    const minReady = num(spec.minReadySeconds);
    const current = owned.filter(isPodActive).filter((p) => !toDelete.includes(p));
    const available = current.filter((p) => podAvailability(p, minReady, now).available);
    // Rolling update: replace old pods while no more than maxUnavailable are unavailable.
    const strategy = obj(spec.updateStrategy);
    if ((strategy.type ?? 'RollingUpdate') === 'RollingUpdate' && toCreate.length === 0) {
      const maxUnavailable = Math.max(1, scaledValue(obj(strategy.rollingUpdate).maxUnavailable ?? 1, desired, true));
      let unavailable = desired - available.length;
      for (const pod of current) {
        if (pod.metadata.labels?.['controller-revision-hash'] === hash) continue;
        const isAvailable = available.includes(pod);
        if (isAvailable && unavailable >= maxUnavailable) break;
        toDelete.push(pod);
        if (isAvailable) unavailable++;
      }
    }
    const template = revs.update.template;
    const ref = controllerRef(ds, 'apps/v1', 'DaemonSet');
    let wrote = await runBatched(toCreate, 100, async (nodeName) => {
      const pod = podFromTemplate(template, ds, ref);
      pod.metadata.generateName = podNamePrefix(ds.metadata.name!);
      pod.metadata.labels = { ...pod.metadata.labels, 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) };
      const podSpec = obj(pod.spec);
      const affinity = obj(podSpec.affinity);
      const nodeAffinity = obj(affinity.nodeAffinity);
      podSpec.affinity = { ...affinity, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } };
      podSpec.tolerations = daemonTolerations(podSpec);
      return (await registry.create(resources.pods, ns, pod, { fieldManager: MANAGER })).revision;
    });
    wrote = Math.max(wrote, await runBatched(toDelete, 100, async (pod) => {
      try {
        return (await registry.delete(resources.pods, ns, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } })).entry.revision;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    }));
    if (wrote) await this.pods.waitForRevision(wrote);
    const live = this.pods.byIndex(BY_CONTROLLER, ds.metadata.uid!).filter(isPodActive);
    const liveAvailable = live.filter((p) => podAvailability(p, minReady, now).available).length;
    const status: JsonObject = {
      currentNumberScheduled: scheduled + toCreate.length,
      desiredNumberScheduled: desired,
      numberMisscheduled: misscheduled,
      numberReady: live.filter(isPodReady).length,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash).length,
      numberAvailable: liveAvailable,
      numberUnavailable: Math.max(0, desired - liveAvailable),
    };
    for (const f of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']) if (status[f] === 0) delete status[f];
    const collisionCount = statusOf(ds).collisionCount;
    if (collisionCount !== undefined) status.collisionCount = collisionCount;
    try {
      await registry.guaranteedUpdate(resources.daemonSets, ns, ds.metadata.name!, (cur) => {
        if (!cur || cur.metadata.uid !== ds.metadata.uid) return cur ?? ds;
        return { ...cur, status };
      }, { subresource: 'status', fieldManager: MANAGER, retryOnConflict: true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
