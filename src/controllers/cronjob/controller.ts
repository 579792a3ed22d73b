/**
 * CronJob controller: creates a Job `<cronjob>-<minutes since epoch>` at each scheduled time (in
 * spec.timeZone or the schedule's CRON_TZ), honours concurrencyPolicy, startingDeadlineSeconds and
 * suspend, keeps status.active / lastScheduleTime / lastSuccessfulTime, and prunes finished Jobs
 * beyond the history limits (upstream pkg/controller/cronjob, controller v2). Time comes from the
 * injected Clock; `resync()` re-evaluates every CronJob (tests call it after moving a FakeClock).
 */
import { formatTime, type KubeObject } from '../../registry/object.js';
import type { ReconcileResult } from '../work-queue.js';
import { QueueController, isAlreadyExists, isNotFound, type WorkloadControllerDeps } from '../util/base.js';
import { BY_CONTROLLER, type ObjectCache } from '../util/cache.js';
import { controllerRef, num, obj, prefixOf, specOf, statusOf, type JsonObject } from '../util/workload.js';
import { isJobFinished } from '../job.js';
import { CronParseError, formatInZone, mostRecentSchedule, nextAfter, parseCron, type CronSchedule } from './cron.js';

const MANAGER = 'kube-controller-manager';
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** Job name for a scheduled time: minutes since the epoch (getJobName). */
export function jobNameFor(cronJob: KubeObject, scheduled: Date): string {
  return `${cronJob.metadata.name}-${Math.floor(scheduled.getTime() / 60_000)}`;
}

export function jobFromTemplate(cronJob: KubeObject, scheduled: Date, zone: string): KubeObject {
  const template = obj(specOf(cronJob).jobTemplate);
  const meta = obj(template.metadata);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cronJob, scheduled),
      namespace: cronJob.metadata.namespace,
      labels: { ...(obj(meta.labels) as Record<string, string>) },
      annotations: { ...(obj(meta.annotations) as Record<string, string>), [SCHEDULED_TIMESTAMP]: formatInZone(scheduled, zone) },
      ownerReferences: [controllerRef(cronJob, 'batch/v1', 'CronJob')],
    },
    spec: structuredClone(obj(template.spec)),
  };
}

function startOf(job: KubeObject): number {
  return Date.parse(String(statusOf(job).startTime ?? job.metadata.creationTimestamp));
}

/** Finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit, oldest first. */
export function jobsToPrune(cronJob: KubeObject, jobs: KubeObject[]): KubeObject[] {
  const spec = specOf(cronJob);
  const out: KubeObject[] = [];
  for (const [kind, limit] of [['Complete', num(spec.successfulJobsHistoryLimit, 3)], ['Failed', num(spec.failedJobsHistoryLimit, 1)]] as const) {
    const finished = jobs.filter((j) => isJobFinished(j) === kind).sort((a, b) => startOf(a) - startOf(b));
    out.push(...finished.slice(0, Math.max(0, finished.length - limit)));
  }
  return out;
}

export class CronJobController extends QueueController {
  private readonly cronJobs: ObjectCache;
  private readonly jobs: ObjectCache;

  constructor(deps: WorkloadControllerDeps) {
    super(deps, 'cronjob');
    this.cronJobs = deps.informers.cache(prefixOf(deps.resources.cronJobs));
    this.jobs = deps.informers.cache(prefixOf(deps.resources.jobs));
    this.cronJobs.onChange((key) => this.queue.add(key.slice(this.cronJobs.prefix.length)));
    this.jobs.onChange((_k, job, old) => this.enqueueOwner(job ?? old, 'CronJob', this.cronJobs));
  }

  resync(): void {
    this.enqueueAll(this.cronJobs);
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const cj = this.cronJobs.get(`${this.cronJobs.prefix}${key}`);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const { registry, resources } = this.deps;
    const ns = cj.metadata.namespace!;
    const spec = specOf(cj);
    const nowDate = this.deps.clock.now();
    const owned = this.jobs.byIndex(BY_CONTROLLER, cj.metadata.uid!).filter((j) => !j.metadata.deletionTimestamp);
    const status: JsonObject = { ...statusOf(cj) };
    let active = owned.filter((j) => !isJobFinished(j));
    const successTimes = owned.filter((j) => isJobFinished(j) === 'Complete').map((j) => Date.parse(String(statusOf(j).completionTime ?? ''))).filter((t) => !Number.isNaN(t));
    if (successTimes.length) {
      const latest = Math.max(...successTimes, Date.parse(String(status.lastSuccessfulTime ?? 0)) || 0);
      status.lastSuccessfulTime = formatTime(new Date(latest));
    }
    for (const job of jobsToPrune(cj, owned)) await this.deleteJob(job);

    let schedule: CronSchedule | undefined;
    try {
      schedule = parseCron(String(spec.schedule ?? ''), typeof spec.timeZone === 'string' ? spec.timeZone : undefined);
    } catch (err) {
      if (!(err instanceof CronParseError)) throw err;
      this.deps.logger.info({ cronJob: key, err: err.message }, 'unparseable schedule');
    }
    let requeueAfterMs: number | undefined;
    if (schedule && !spec.suspend) {
      const created = Date.parse(String(cj.metadata.creationTimestamp));
      let earliest = status.lastScheduleTime ? Date.parse(String(status.lastScheduleTime)) : created;
      const deadline = spec.startingDeadlineSeconds;
      if (typeof deadline === 'number') earliest = Math.max(earliest, nowDate.getTime() - deadline * 1000);
      const { time: scheduled } = mostRecentSchedule(schedule, new Date(earliest), nowDate);
      const policy = spec.concurrencyPolicy ?? 'Allow';
      if (scheduled && !(policy === 'Forbid' && active.length > 0)) {
        if (policy === 'Replace') {
          for (const job of active) await this.deleteJob(job);
          active = [];
        }
        const job = jobFromTemplate(cj, scheduled, schedule.timeZone);
        let createdJob: KubeObject | undefined;
        try {
          const entry = await registry.create(resources.jobs, ns, job, { fieldManager: MANAGER });
          await this.jobs.waitForRevision(entry.revision);
          createdJob = entry.view;
        } catch (err) {
          if (!isAlreadyExists(err)) throw err;
          createdJob = this.jobs.getNamespaced(ns, job.metadata.name!);
        }
        if (createdJob && !isJobFinished(createdJob) && !active.some((j) => j.metadata.uid === createdJob!.metadata.uid)) active.push(createdJob);
        status.lastScheduleTime = formatTime(scheduled);
      }
      const next = nextAfter(schedule, nowDate);
      if (next) requeueAfterMs = Math.max(0, next.getTime() - nowDate.getTime()) + 100;
    }
    // References keep the resourceVersion they were made with (upstream never refreshes them).
    const previous = new Map((Array.isArray(statusOf(cj).active) ? (statusOf(cj).active as JsonObject[]) : []).map((r) => [r.uid, r]));
    const refs = active.map((j) => previous.get(j.metadata.uid) ?? { apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: ns, uid: j.metadata.uid, resourceVersion: j.metadata.resourceVersion });
    if (refs.length) status.active = refs;
    else delete status.active;
    try {
      await registry.guaranteedUpdate(resources.cronJobs, ns, cj.metadata.name!, (cur) => {
        if (!cur || cur.metadata.uid !== cj.metadata.uid) return cur ?? cj;
        return { ...cur, status };
      }, { subresource: 'status', fieldManager: MANAGER, retryOnConflict: true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  }

  private async deleteJob(job: KubeObject): Promise<void> {
    try {
      await this.deps.registry.delete(this.deps.resources.jobs, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
