/**
 * Job controller: runs pods until `completions` succeed (NonIndexed or Indexed), at most
 * `parallelism` at a time; fails the Job past backoffLimit, activeDeadlineSeconds or a FailJob
 * podFailurePolicy rule; suspends; deletes finished Jobs after ttlSecondsAfterFinished
 * (upstream pkg/controller/job and ttlafterfinished).
 */
import { formatTime, type KubeObject } from '../registry/object.js';
import type { ReconcileResult } from './work-queue.js';
import { QueueController, isNotFound, runBatched, type WorkloadControllerDeps } from './util/base.js';
import { BY_CONTROLLER, type ObjectCache } from './util/cache.js';
import { controllerRef, isPodActive, isPodReady, list, num, obj, podFromTemplate, podNamePrefix, prefixOf, setCondition, specOf, statusOf, type JsonObject } from './util/workload.js';

const MANAGER = 'kube-controller-manager';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export function isJobFinished(job: KubeObject): 'Complete' | 'Failed' | undefined {
  for (const c of list(statusOf(job).conditions).map(obj)) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

export interface FailurePolicyMatch {
  action: 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';
  message?: string;
}

/** The first podFailurePolicy rule matching a failed pod (upstream matchPodFailurePolicy). */
export function matchPodFailurePolicy(job: KubeObject, pod: KubeObject): FailurePolicyMatch | undefined {
  const rules = list(obj(specOf(job).podFailurePolicy).rules).map(obj);
  const statuses = list(statusOf(pod).containerStatuses).map(obj);
  for (const [i, rule] of rules.entries()) {
    const action = rule.action as FailurePolicyMatch['action'];
    const onExit = obj(rule.onExitCodes);
    if (rule.onExitCodes) {
      const values = list(onExit.values) as number[];
      for (const cs of statuses) {
        if (onExit.containerName && onExit.containerName !== cs.name) continue;
        const terminated = obj(obj(cs.state).terminated);
        if (typeof terminated.exitCode !== 'number' || terminated.exitCode === 0) continue;
        const hit = onExit.operator === 'In' ? values.includes(terminated.exitCode) : !values.includes(terminated.exitCode);
        if (hit) {
          return { action, message: `Container ${cs.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${terminated.exitCode} matching ${action} rule at index ${i}` };
        }
      }
    }
    for (const pattern of list(rule.onPodConditions).map(obj)) {
      const cond = list(statusOf(pod).conditions).map(obj).find((c) => c.type === pattern.type);
      if (cond && cond.status === (pattern.status ?? 'True')) {
        return { action, message: `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${pattern.type} matching ${action} rule at index ${i}` };
      }
    }
  }
  return undefined;
}

/** "0-2,4" from a set of indexes (status.completedIndexes). */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function indexOf(pod: KubeObject): number | undefined {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX] ?? pod.metadata.labels?.[COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

export class JobController extends QueueController {
  private readonly jobs: ObjectCache;
  private readonly pods: ObjectCache;

  constructor(deps: WorkloadControllerDeps) {
    super(deps, 'job');
    this.jobs = deps.informers.cache(prefixOf(deps.resources.jobs));
    this.pods = deps.informers.cache(prefixOf(deps.resources.pods));
    this.jobs.onChange((key) => this.queue.add(key.slice(this.jobs.prefix.length)));
    this.pods.onChange((_k, pod, old) => this.enqueueOwner(pod ?? old, 'Job', this.jobs));
  }

  /** Re-evaluates every Job (deadlines and TTLs are timed by the Clock; tests move a FakeClock). */
  resync(): void {
    this.enqueueAll(this.jobs);
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const job = this.jobs.get(`${this.jobs.prefix}${key}`);
    if (!job || job.metadata.deletionTimestamp) return;
    const nowDate = this.deps.clock.now();
    const now = formatTime(nowDate);
    const spec = specOf(job);
    const old = statusOf(job);
    const pods = this.pods.byIndex(BY_CONTROLLER, job.metadata.uid!);
    const active = pods.filter(isPodActive);
    const finished = isJobFinished(job);
    if (finished) {
      await this.deletePods(active);
      return this.expire(job, finished, nowDate);
    }
    const indexed = spec.completionMode === 'Indexed';
    const completions = typeof spec.completions === 'number' ? spec.completions : undefined;
    const parallelism = num(spec.parallelism, 1);
    let conditions = list(old.conditions).map(obj);
    let failure: { reason: string; message: string } | undefined;
    let failedCount = 0;
    for (const pod of pods.filter((p) => statusOf(p).phase === 'Failed')) {
      const match = matchPodFailurePolicy(job, pod);
      if (match?.action === 'Ignore') continue;
      failedCount++;
      if (match?.action === 'FailJob' && !failure) failure = { reason: 'PodFailurePolicy', message: match.message ?? 'matched a FailJob rule' };
    }
    const succeededPods = pods.filter((p) => statusOf(p).phase === 'Succeeded');
    const completedIndexes = new Set(succeededPods.map(indexOf).filter((i): i is number => i !== undefined && (completions === undefined || i < completions)));
    const succeeded = Math.max(num(old.succeeded), indexed ? completedIndexes.size : succeededPods.length);
    const failed = Math.max(num(old.failed), failedCount);
    const startTime = (old.startTime as string | undefined) ?? (spec.suspend ? undefined : now);
    let requeueAfterMs: number | undefined;

    if (!failure && failed > num(spec.backoffLimit, 6)) failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    const deadline = spec.activeDeadlineSeconds;
    if (!failure && typeof deadline === 'number' && startTime && !spec.suspend) {
      const due = Date.parse(startTime) + deadline * 1000 - nowDate.getTime();
      if (due <= 0) failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      else requeueAfterMs = due + 10;
    }
    const complete = !failure && (completions === undefined ? succeeded > 0 && active.length === 0 : succeeded >= completions);
    let completionTime: string | undefined;
    let activeNow = active;
    let wrote = 0;
    if (failure) {
      wrote = await this.deletePods(active);
      activeNow = [];
      conditions = setCondition(conditions, { type: 'FailureTarget', status: 'True', reason: failure.reason, message: failure.message }, now, 'lastProbeTime');
      conditions = setCondition(conditions, { type: 'Failed', status: 'True', reason: failure.reason, message: failure.message }, now, 'lastProbeTime');
    } else if (complete) {
      wrote = await this.deletePods(active);
      activeNow = [];
      completionTime = now;
      const message = 'Reached expected number of succeeded pods';
      conditions = setCondition(conditions, { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message }, now, 'lastProbeTime');
      conditions = setCondition(conditions, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message }, now, 'lastProbeTime');
    } else if (spec.suspend) {
      wrote = await this.deletePods(active);
      activeNow = [];
      conditions = setCondition(conditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }, now, 'lastProbeTime');
    } else {
      if (conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
        conditions = setCondition(conditions, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }, now, 'lastProbeTime');
      }
      const want = completions === undefined ? (succeeded > 0 ? 0 : parallelism) : Math.max(0, Math.min(parallelism, completions - succeeded));
      if (active.length > want) {
        wrote = await this.deletePods(active.slice(want));
        activeNow = active.slice(0, want);
      } else if (active.length < want) {
        const busy = new Set([...completedIndexes, ...active.map(indexOf).filter((i): i is number => i !== undefined)]);
        const free: (number | undefined)[] = [];
        if (indexed) {
          for (let i = 0; i < (completions ?? 0) && free.length < want - active.length; i++) if (!busy.has(i)) free.push(i);
        } else {
          for (let i = active.length; i < want; i++) free.push(undefined);
        }
        wrote = await runBatched(free, 100, async (index) => (await this.deps.registry.create(this.deps.resources.pods, job.metadata.namespace, this.jobPod(job, index), { fieldManager: MANAGER })).revision);
      }
    }
    if (wrote) await this.pods.waitForRevision(wrote);
    if (!failure && !complete && !spec.suspend) activeNow = this.pods.byIndex(BY_CONTROLLER, job.metadata.uid!).filter(isPodActive);
    const status: JsonObject = {
      ...(startTime ? { startTime } : {}),
      ...(old.completionTime || completionTime ? { completionTime: old.completionTime ?? completionTime } : {}),
      ...(activeNow.length ? { active: activeNow.length } : {}),
      ...(succeeded ? { succeeded } : {}),
      ...(failed ? { failed } : {}),
      ...(indexed && completedIndexes.size ? { completedIndexes: formatIndexes(completedIndexes) } : {}),
      ready: activeNow.filter(isPodReady).length,
      terminating: 0,
      uncountedTerminatedPods: {},
      ...(conditions.length ? { conditions } : {}),
    };
    await this.writeStatus(job, status);
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  }

  private jobPod(job: KubeObject, index: number | undefined): KubeObject {
    const pod = podFromTemplate(obj(specOf(job).template), job, controllerRef(job, 'batch/v1', 'Job'));
    pod.metadata.generateName = podNamePrefix(index === undefined ? job.metadata.name! : `${job.metadata.name}-${index}`);
    if (index !== undefined) {
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
      pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX]: String(index) };
      const spec = obj(pod.spec);
      spec.hostname = `${job.metadata.name}-${index}`;
      const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } };
      for (const c of [...list(spec.containers), ...list(spec.initContainers)].map(obj)) c.env = [...list(c.env), env];
    }
    return pod;
  }

  /** ttlSecondsAfterFinished: delete the finished Job (and, through the GC, its pods) when due. */
  private async expire(job: KubeObject, finished: 'Complete' | 'Failed', now: Date): Promise<ReconcileResult | void> {
    const ttl = specOf(job).ttlSecondsAfterFinished;
    if (typeof ttl !== 'number') return;
    const cond = list(statusOf(job).conditions).map(obj).find((c) => c.type === finished);
    const finishedAt = Date.parse(String(statusOf(job).completionTime ?? cond?.lastTransitionTime));
    if (Number.isNaN(finishedAt)) return;
    const due = finishedAt + ttl * 1000 - now.getTime();
    if (due > 0) return { requeueAfterMs: due + 10 };
    try {
      await this.deps.registry.delete(this.deps.resources.jobs, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private deletePods(pods: KubeObject[]): Promise<number> {
    return runBatched(pods, 100, async (pod) => {
      try {
        return (await this.deps.registry.delete(this.deps.resources.pods, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } })).entry.revision;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  private async writeStatus(job: KubeObject, status: JsonObject): Promise<void> {
    try {
      await this.deps.registry.guaranteedUpdate(this.deps.resources.jobs, job.metadata.namespace, job.metadata.name!, (cur) => {
        if (!cur || cur.metadata.uid !== job.metadata.uid) return cur ?? job;
        return { ...cur, status };
      }, { subresource: 'status', fieldManager: MANAGER, retryOnConflict: true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
