/**
 * Deployment controller: owns ReplicaSets, one per pod template (named `<deployment>-<hash>`,
 * labelled `pod-template-hash`), rolls between them (RollingUpdate with maxSurge/maxUnavailable,
 * or Recreate), keeps revisionHistoryLimit old ones, and reports status with the Progressing and
 * Available conditions kubectl's `rollout status` reads (upstream pkg/controller/deployment).
 */
import { formatTime, jsonEqual, type KubeObject } from '../../registry/object.js';
import type { ReconcileResult } from '../work-queue.js';
import { QueueController, isAlreadyExists, isNotFound, type WorkloadControllerDeps } from '../util/base.js';
import { BY_CONTROLLER, type ObjectCache } from '../util/cache.js';
import { claimObjects, enqueueClaimants } from '../util/claim.js';
import { computeHash, controllerRef, list, num, obj, prefixOf, selectorOf, setCondition, specOf, statusOf, type JsonObject } from '../util/workload.js';
import {
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  POD_TEMPLATE_HASH,
  resolveFenceposts,
  REVISION,
  deploymentCounters,
  findNewReplicaSet,
  isComplete,
  isProgressing,
  isRollingUpdate,
  isScalingEvent,
  maxRevision,
  maxUnavailableOf,
  newReplicaSetReplicas,
  oldReplicaSetScaleDowns,
  proportionalScale,
  replicaSetAnnotations,
  replicaSetsToCleanUp,
  replicasOf,
  revisionOf,
  specReplicas,
} from './rollout.js';

const MANAGER = 'kube-controller-manager';

export class DeploymentController extends QueueController {
  private readonly deployments: ObjectCache;
  private readonly sets: ObjectCache;

  constructor(deps: WorkloadControllerDeps) {
    super(deps, 'deployment');
    this.deployments = deps.informers.cache(prefixOf(deps.resources.deployments));
    this.sets = deps.informers.cache(prefixOf(deps.resources.replicaSets));
    this.deployments.onChange((key) => this.queue.add(key.slice(this.deployments.prefix.length)));
    this.sets.onChange((_k, rs, old) => {
      this.enqueueOwner(rs ?? old, 'Deployment', this.deployments);
      enqueueClaimants(rs, this.deployments, selectorOf, (key) => this.queue.add(key));
    });
  }

  /** Re-evaluates every Deployment (progress deadlines are timed by the Clock). */
  resync(): void {
    this.enqueueAll(this.deployments);
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const d = this.deployments.get(`${this.deployments.prefix}${key}`);
    if (!d || d.metadata.deletionTimestamp) return;
    const now = formatTime(this.deps.clock.now());
    let conditions = list(statusOf(d).conditions).map(obj);
    await claimObjects({ registry: this.deps.registry, info: this.deps.resources.replicaSets, cache: this.sets, owner: d, ref: controllerRef(d, 'apps/v1', 'Deployment'), selector: selectorOf(d) });
    let all = this.owned(d);
    let newRS = findNewReplicaSet(d, all);
    const oldSets = () => all.filter((rs) => rs !== newRS);
    const revision = maxRevision(oldSets()) + 1;
    const paused = specOf(d).paused === true;
    let wrote = 0;

    // Revision bookkeeping and copied annotations on an existing new ReplicaSet (e.g. after undo).
    if (newRS) {
      const annotations = replicaSetAnnotations(d, newRS, revision);
      const minReady = specOf(d).minReadySeconds;
      if (!jsonEqual(annotations, newRS.metadata.annotations ?? {}) || specOf(newRS).minReadySeconds !== minReady) {
        const revised = revisionOf(newRS) < revision;
        wrote = Math.max(wrote, await this.updateSet(newRS, (rs) => {
          rs.metadata.annotations = replicaSetAnnotations(d, rs, revision);
          if (minReady === undefined) delete specOf(rs).minReadySeconds;
          else rs.spec = { ...specOf(rs), minReadySeconds: minReady };
        }));
        if (revised) conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message: `Found new replica set "${newRS.metadata.name}"` }, now, 'lastUpdateTime');
      }
    }

    if (paused || isScalingEvent(d, all)) {
      for (const [name, replicas] of proportionalScale(d, newRS, oldSets())) wrote = Math.max(wrote, await this.scale(d, all.find((r) => r.metadata.name === name)!, replicas));
    } else if (isRollingUpdate(d)) {
      if (!newRS) {
        const created = await this.createNewSet(d, revision, newReplicaSetReplicas(d, all, undefined));
        if (!created) return { requeueAfterMs: 0 };
        newRS = created.object;
        wrote = Math.max(wrote, created.revision);
        conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRS.metadata.name}"` }, now, 'lastUpdateTime');
      } else {
        const target = newReplicaSetReplicas(d, all, newRS);
        if (target !== specReplicas(newRS)) wrote = Math.max(wrote, await this.scale(d, newRS, target));
      }
      if (!wrote) {
        for (const [name, replicas] of oldReplicaSetScaleDowns(d, all, newRS, oldSets())) {
          wrote = Math.max(wrote, await this.scale(d, all.find((r) => r.metadata.name === name)!, replicas));
        }
      }
    } else {
      const old = oldSets();
      const running = old.filter((rs) => specReplicas(rs) > 0);
      for (const rs of running) wrote = Math.max(wrote, await this.scale(d, rs, 0));
      const draining = old.some((rs) => num(statusOf(rs).replicas) > 0);
      if (!running.length && !draining) {
        if (!newRS) {
          const created = await this.createNewSet(d, revision, replicasOf(d));
          if (!created) return { requeueAfterMs: 0 };
          newRS = created.object;
          wrote = Math.max(wrote, created.revision);
          conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRS.metadata.name}"` }, now, 'lastUpdateTime');
        } else if (specReplicas(newRS) !== replicasOf(d)) {
          wrote = Math.max(wrote, await this.scale(d, newRS, replicasOf(d)));
        }
      }
    }
    if (wrote) await this.sets.waitForRevision(wrote);
    all = this.owned(d);
    newRS = findNewReplicaSet(d, all);

    const counters = deploymentCounters(d, all, newRS);
    if (isComplete(d, counters)) {
      for (const rs of replicaSetsToCleanUp(d, oldSets())) {
        try {
          await this.deps.registry.delete(this.deps.resources.replicaSets, rs.metadata.namespace, rs.metadata.name!, { preconditions: { uid: rs.metadata.uid }, propagationPolicy: 'Background' });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
    const { status, requeueAfterMs } = this.nextStatus(d, counters, conditions, newRS, paused);
    await this.writeStatus(d, status, newRS);
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  }

  private owned(d: KubeObject): KubeObject[] {
    return this.sets.byIndex(BY_CONTROLLER, d.metadata.uid!).filter((rs) => !rs.metadata.deletionTimestamp);
  }

  /** Conditions as syncRolloutStatus / calculateStatus set them, and when to look again. */
  private nextStatus(d: KubeObject, counters: JsonObject, start: JsonObject[], newRS: KubeObject | undefined, paused: boolean): { status: JsonObject; requeueAfterMs?: number } {
    const nowDate = this.deps.clock.now();
    const now = formatTime(nowDate);
    const old = statusOf(d);
    let conditions = start;
    const minAvailable = replicasOf(d) - maxUnavailableOf(d);
    conditions = num(counters.availableReplicas) >= minAvailable
      ? setCondition(conditions, { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }, now, 'lastUpdateTime')
      : setCondition(conditions, { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, now, 'lastUpdateTime');
    const progressing = conditions.find((c) => c.type === 'Progressing');
    const deadline = specOf(d).progressDeadlineSeconds;
    let requeueAfterMs: number | undefined;
    const rsName = newRS?.metadata.name;
    if (paused) {
      if (progressing?.reason !== 'DeploymentPaused') conditions = setCondition(conditions, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, now, 'lastUpdateTime');
    } else if (progressing?.reason === 'DeploymentPaused') {
      conditions = setCondition(conditions, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' }, now, 'lastUpdateTime');
    } else if (typeof deadline === 'number' && rsName) {
      const done = num(counters.replicas) === num(counters.updatedReplicas) && progressing?.reason === 'NewReplicaSetAvailable';
      if (!done) {
        if (isComplete(d, counters)) {
          conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` }, now, 'lastUpdateTime');
        } else if (isProgressing(old, counters)) {
          conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` }, now, 'lastUpdateTime');
        } else if (progressing && progressing.status !== 'False') {
          const last = Date.parse(String(progressing.lastUpdateTime ?? progressing.lastTransitionTime));
          const due = last + deadline * 1000 - nowDate.getTime();
          if (due <= 0) conditions = setCondition(conditions, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` }, now, 'lastUpdateTime');
          else requeueAfterMs = due + 10;
        }
      }
    }
    return { status: { ...counters, conditions }, requeueAfterMs };
  }

  private async writeStatus(d: KubeObject, status: JsonObject, newRS: KubeObject | undefined): Promise<void> {
    const { registry, resources } = this.deps;
    const name = d.metadata.name!;
    const ns = d.metadata.namespace;
    try {
      const revision = newRS?.metadata.annotations?.[REVISION];
      if (revision && d.metadata.annotations?.[REVISION] !== revision) {
        await registry.guaranteedUpdate(resources.deployments, ns, name, (cur) => {
          if (!cur || cur.metadata.uid !== d.metadata.uid) return cur ?? d;
          cur.metadata.annotations = { ...(cur.metadata.annotations ?? {}), [REVISION]: revision };
          return cur;
        }, { fieldManager: MANAGER, retryOnConflict: true });
      }
      if (jsonEqual(status, statusOf(d))) return;
      await registry.guaranteedUpdate(resources.deployments, ns, name, (cur) => {
        if (!cur || cur.metadata.uid !== d.metadata.uid) return cur ?? d;
        // The generation observed is the one this sync read.
        return { ...cur, status };
      }, { subresource: 'status', fieldManager: MANAGER, retryOnConflict: true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async createNewSet(d: KubeObject, revision: number, replicas: number): Promise<{ object: KubeObject; revision: number } | undefined> {
    const spec = specOf(d);
    const collisionCount = num(statusOf(d).collisionCount, 0);
    const hash = computeHash(spec.template, collisionCount);
    const template = structuredClone(obj(spec.template));
    const tmeta = obj(template.metadata);
    template.metadata = { ...tmeta, labels: { ...(obj(tmeta.labels) as Record<string, string>), [POD_TEMPLATE_HASH]: hash } };
    const selector = structuredClone(obj(spec.selector));
    selector.matchLabels = { ...(obj(selector.matchLabels) as Record<string, string>), [POD_TEMPLATE_HASH]: hash };
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(obj(tmeta.labels) as Record<string, string>), [POD_TEMPLATE_HASH]: hash },
        annotations: replicaSetAnnotations(d, undefined, revision),
        ownerReferences: [controllerRef(d, 'apps/v1', 'Deployment')],
      },
      spec: { replicas, selector, template, ...(spec.minReadySeconds !== undefined ? { minReadySeconds: spec.minReadySeconds } : {}) },
    };
    try {
      const entry = await this.deps.registry.create(this.deps.resources.replicaSets, d.metadata.namespace, rs, { fieldManager: MANAGER });
      return { object: entry.view, revision: entry.revision };
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // A ReplicaSet of that name with another template or owner: bump collisionCount and retry.
      const existing = this.sets.getNamespaced(d.metadata.namespace!, rs.metadata.name!);
      if (existing && existing.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid) && findNewReplicaSet(d, [existing])) return undefined;
      await this.deps.registry.guaranteedUpdate(this.deps.resources.deployments, d.metadata.namespace, d.metadata.name!, (cur) => {
        if (!cur) return d;
        return { ...cur, status: { ...statusOf(cur), collisionCount: num(statusOf(cur).collisionCount) + 1 } };
      }, { subresource: 'status', fieldManager: MANAGER, retryOnConflict: true });
      return undefined;
    }
  }

  /** Sets a ReplicaSet's replicas with the desired/max-replicas annotations (scaleReplicaSet). */
  private scale(d: KubeObject, rs: KubeObject, replicas: number): Promise<number> {
    return this.updateSet(rs, (cur) => {
      cur.spec = { ...specOf(cur), replicas };
      cur.metadata.annotations = { ...(cur.metadata.annotations ?? {}), [DESIRED_REPLICAS]: String(replicasOf(d)), [MAX_REPLICAS]: String(replicasOf(d) + resolveFenceposts(d).maxSurge) };
    });
  }

  private async updateSet(rs: KubeObject, mutate: (current: KubeObject) => void): Promise<number> {
    try {
      const result = await this.deps.registry.guaranteedUpdate(this.deps.resources.replicaSets, rs.metadata.namespace, rs.metadata.name!, (cur) => {
        if (!cur || cur.metadata.uid !== rs.metadata.uid) return cur ?? rs;
        mutate(cur);
        return cur;
      }, { fieldManager: MANAGER, retryOnConflict: true });
      return result.entry.revision;
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
  }
}
