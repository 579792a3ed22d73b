/**
 * ReplicaSet (and ReplicationController) controller: keeps `spec.replicas` active pods controlled by
 * each set, and reports replicas / fullyLabeled / ready / available through the status subresource
 * (upstream pkg/controller/replicaset).
 */
import type { ResourceInfo } from '../registry/catalog.js';
import type { KubeObject } from '../registry/object.js';
import { LabelSelector } from '../registry/selectors/labels.js';
import type { ReconcileResult } from './work-queue.js';
import { BY_CONTROLLER, type ObjectCache } from './util/cache.js';
import { claimObjects, enqueueClaimants } from './util/claim.js';
import { QueueController, isNotFound, runBatched, type WorkloadControllerDeps } from './util/base.js';
import {
  controllerRef,
  isPodActive,
  isPodReady,
  num,
  obj,
  podAvailability,
  podFromTemplate,
  podNamePrefix,
  prefixOf,
  selectorOf,
  specOf,
  statusOf,
  type JsonObject,
} from './util/workload.js';

const BURST = 100;

export interface ReplicaSetKind {
  info: ResourceInfo;
  apiVersion: string;
  kind: string;
  fieldManager: string;
}

/** Which pods to remove first when scaling down (upstream ActivePods ordering, simplified). */
export function podsToDelete(pods: KubeObject[], count: number): KubeObject[] {
  const rank = (p: KubeObject): number[] => {
    const phase = statusOf(p).phase;
    return [
      specOf(p).nodeName ? 1 : 0,
      phase === 'Pending' ? 0 : phase === 'Running' ? 2 : 1,
      isPodReady(p) ? 1 : 0,
      // Newer pods go first.
      -Date.parse(p.metadata.creationTimestamp as unknown as string),
    ];
  };
  return [...pods]
    .sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
      return 0;
    })
    .slice(0, count);
}

export class ReplicaSetController extends QueueController {
  private readonly sets: ObjectCache;
  private readonly pods: ObjectCache;

  constructor(
    deps: WorkloadControllerDeps,
    private readonly target: ReplicaSetKind,
  ) {
    super(deps, target.kind.toLowerCase());
    this.sets = deps.informers.cache(prefixOf(target.info));
    this.pods = deps.informers.cache(prefixOf(deps.resources.pods));
    this.sets.onChange((key) => this.queue.add(key.slice(this.sets.prefix.length)));
    this.pods.onChange((_k, pod, old) => {
      this.enqueueOwner(pod ?? old, target.kind, this.sets);
      enqueueClaimants(pod, this.sets, (s) => this.selector(s), (key) => this.queue.add(key));
    });
  }

  /** A ReplicaSet's metav1.LabelSelector, or a ReplicationController's plain label map. */
  private selector(set: KubeObject): LabelSelector | undefined {
    if (this.target.kind !== 'ReplicationController') return selectorOf(set);
    const map = obj(specOf(set).selector) as Record<string, string>;
    return new LabelSelector(Object.entries(map).map(([key, value]) => ({ key, operator: 'Equals' as const, values: [value] })));
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const set = this.sets.get(`${this.sets.prefix}${key}`);
    if (!set || set.metadata.deletionTimestamp) return;
    const { registry, resources, clock } = this.deps;
    const spec = specOf(set);
    const replicas = num(spec.replicas, 1);
    const template = obj(spec.template);
    const ref = controllerRef(set, this.target.apiVersion, this.target.kind);
    await claimObjects({ registry, info: resources.pods, cache: this.pods, owner: set, ref, selector: this.selector(set) });
    const owned = this.pods.byIndex(BY_CONTROLLER, set.metadata.uid!);
    const active = owned.filter(isPodActive);
    const diff = active.length - replicas;
    let revision = 0;
    if (diff < 0) {
      const slots = Array.from({ length: Math.min(-diff, 500) }, (_, i) => i);
      revision = await runBatched(slots, BURST, async () => {
        const pod = podFromTemplate(template, set, ref);
        pod.metadata.generateName = podNamePrefix(set.metadata.name!);
        const created = await registry.create(resources.pods, set.metadata.namespace, pod, { fieldManager: this.target.fieldManager });
        return created.revision;
      });
    } else if (diff > 0) {
      revision = await runBatched(podsToDelete(active, diff), BURST, async (pod) => {
        try {
          return (await registry.delete(resources.pods, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } })).entry.revision;
        } catch (err) {
          if (isNotFound(err)) return undefined;
          throw err;
        }
      });
    }
    if (revision) await this.pods.waitForRevision(revision);

    const now = clock.now();
    const minReady = num(spec.minReadySeconds);
    const current = this.pods.byIndex(BY_CONTROLLER, set.metadata.uid!).filter(isPodActive);
    const templateLabels = obj(obj(template.metadata).labels) as Record<string, string>;
    const fullLabels = new LabelSelector(Object.entries(templateLabels).map(([k, v]) => ({ key: k, operator: 'Equals' as const, values: [v] })));
    let ready = 0;
    let available = 0;
    let nextCheck: number | undefined;
    for (const pod of current) {
      if (isPodReady(pod)) ready++;
      const a = podAvailability(pod, minReady, now);
      if (a.available) available++;
      else if (a.inMs !== undefined) nextCheck = Math.min(nextCheck ?? a.inMs, a.inMs);
    }
    const status: JsonObject = {
      replicas: current.length,
      fullyLabeledReplicas: current.filter((p) => fullLabels.matches(p.metadata.labels)).length,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: set.metadata.generation,
    };
    for (const f of ['readyReplicas', 'availableReplicas', 'fullyLabeledReplicas'] as const) if (status[f] === 0) delete status[f];
    try {
      await registry.guaranteedUpdate(this.target.info, set.metadata.namespace, set.metadata.name!, (cur) => {
        if (!cur || cur.metadata.uid !== set.metadata.uid) return cur ?? set;
        const conditions = statusOf(cur).conditions;
        return { ...cur, status: conditions ? { ...status, conditions } : status };
      }, { subresource: 'status', fieldManager: this.target.fieldManager, retryOnConflict: true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (diff < -500) return { requeueAfterMs: 0 };
    return nextCheck !== undefined ? { requeueAfterMs: nextCheck + 10 } : undefined;
  }
}
