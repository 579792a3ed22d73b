/**
 * Job and CronJob controllers in-process with a FakeClock: completions and parallelism, Indexed
 * mode, backoffLimit, activeDeadlineSeconds, podFailurePolicy, TTL after finished; CronJob firing
 * on schedule (also in a time zone), concurrencyPolicy Forbid and Replace.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/registry/object.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const status = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, any>;
const template = { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } };
const conditionTypes = (o: KubeObject | undefined) => (status(o).conditions ?? []).filter((c: any) => c.status === 'True').map((c: any) => c.type);

async function jobWith(name: string, spec: Record<string, unknown>): Promise<KubeObject> {
  return h.create(h.r.jobs, { metadata: { name }, spec: { template, ...spec } });
}

async function activePods(job: KubeObject): Promise<KubeObject[]> {
  return (await h.podsOf(job)).filter((p) => !['Succeeded', 'Failed'].includes(status(p).phase));
}

describe('Job controller', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('runs parallelism pods at a time until completions succeed', async () => {
    const job = await jobWith('batch', { completions: 3, parallelism: 2 });
    let pods = await h.until('2 pods', async () => ((await activePods(job)).length === 2 ? activePods(job) : undefined));
    expect(pods[0]!.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'batch', 'batch.kubernetes.io/controller-uid': job.metadata.uid, 'job-name': 'batch' });
    expect(pods[0]!.metadata.generateName).toBe('batch-');
    for (let done = 0; done < 3; done++) {
      pods = await h.until('an active pod', async () => {
        const a = await activePods(job);
        return a.length > 0 ? a : undefined;
      });
      expect(pods.length).toBeLessThanOrEqual(2);
      await h.setPodStatus(pods[0]!, { phase: 'Succeeded' });
    }
    const finished = await h.until('complete', async () => {
      const cur = await h.get(h.r.jobs, 'batch');
      return conditionTypes(cur).includes('Complete') ? cur : undefined;
    });
    expect(conditionTypes(finished)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(status(finished)).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {}, startTime: '2026-03-01T10:00:30Z', completionTime: '2026-03-01T10:00:30Z' });
    expect(status(finished).active).toBeUndefined();
    expect((await h.podsOf(job)).length).toBe(3);
  });

  it('gives Indexed pods their completion index', async () => {
    const job = await jobWith('idx', { completions: 2, parallelism: 2, completionMode: 'Indexed' });
    const pods = await h.until('2 pods', async () => ((await activePods(job)).length === 2 ? activePods(job) : undefined));
    const indexes = pods.map((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index']).sort();
    expect(indexes).toEqual(['0', '1']);
    expect(pods.map((p) => (p.spec as any).hostname).sort()).toEqual(['idx-0', 'idx-1']);
    for (const p of pods) await h.setPodStatus(p, { phase: 'Succeeded' });
    const done = await h.until('complete', async () => {
      const cur = await h.get(h.r.jobs, 'idx');
      return conditionTypes(cur).includes('Complete') ? cur : undefined;
    });
    expect(status(done).completedIndexes).toBe('0-1');
  });

  it('fails past backoffLimit', async () => {
    const job = await jobWith('flaky', { backoffLimit: 1 });
    for (let i = 0; i < 2; i++) {
      const [pod] = await h.until('a pod', async () => {
        const a = await activePods(job);
        return a.length === 1 ? a : undefined;
      });
      await h.setPodStatus(pod!, { phase: 'Failed' });
    }
    const failed = await h.until('failed', async () => {
      const cur = await h.get(h.r.jobs, 'flaky');
      return conditionTypes(cur).includes('Failed') ? cur : undefined;
    });
    expect(status(failed).failed).toBe(2);
    const cond = status(failed).conditions.find((c: any) => c.type === 'Failed');
    expect([cond.reason, cond.message]).toEqual(['BackoffLimitExceeded', 'Job has reached the specified backoff limit']);
    expect(await activePods(job)).toHaveLength(0);
  });

  it('fails at activeDeadlineSeconds on the injected clock and removes active pods', async () => {
    const job = await jobWith('slow', { activeDeadlineSeconds: 30 });
    await h.until('a pod', async () => (await activePods(job)).length === 1);
    h.clock.advance(29_000);
    h.controllers.jobs.resync();
    await new Promise((r) => setTimeout(r, 50));
    expect(conditionTypes(await h.get(h.r.jobs, 'slow'))).toEqual([]);
    h.clock.advance(2_000);
    h.controllers.jobs.resync();
    const failed = await h.until('deadline', async () => {
      const cur = await h.get(h.r.jobs, 'slow');
      return conditionTypes(cur).includes('Failed') ? cur : undefined;
    });
    expect(status(failed).conditions.find((c: any) => c.type === 'Failed').reason).toBe('DeadlineExceeded');
    await h.until('pods removed', async () => (await activePods(job)).length === 0);
  });

  it('fails at once on a FailJob podFailurePolicy rule, ignores Ignore rules', async () => {
    const job = await jobWith('policy', {
      backoffLimit: 6,
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }, { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
    });
    const [first] = await h.until('a pod', async () => ((await activePods(job)).length === 1 ? activePods(job) : undefined));
    await h.setPodStatus(first!, { phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    const [second] = await h.until('replacement', async () => {
      const a = await activePods(job);
      return a.length === 1 && a[0]!.metadata.uid !== first!.metadata.uid ? a : undefined;
    });
    await h.setPodStatus(second!, { phase: 'Failed', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 42 } } }] });
    const failed = await h.until('failed', async () => {
      const cur = await h.get(h.r.jobs, 'policy');
      return conditionTypes(cur).includes('Failed') ? cur : undefined;
    });
    const cond = status(failed).conditions.find((c: any) => c.type === 'Failed');
    expect(cond.reason).toBe('PodFailurePolicy');
    expect(cond.message).toBe(`Container c for pod test/${second!.metadata.name} failed with exit code 42 matching FailJob rule at index 1`);
    expect(status(failed).failed).toBe(1);
  });

  it('deletes a finished Job after ttlSecondsAfterFinished', async () => {
    const job = await jobWith('ttl', { ttlSecondsAfterFinished: 10 });
    const [pod] = await h.until('a pod', async () => ((await activePods(job)).length === 1 ? activePods(job) : undefined));
    await h.setPodStatus(pod!, { phase: 'Succeeded' });
    await h.until('complete', async () => conditionTypes(await h.get(h.r.jobs, 'ttl')).includes('Complete'));
    h.clock.advance(9_000);
    h.controllers.jobs.resync();
    await new Promise((r) => setTimeout(r, 50));
    expect(await h.get(h.r.jobs, 'ttl')).toBeDefined();
    h.clock.advance(2_000);
    h.controllers.jobs.resync();
    await h.until('job deleted', async () => (await h.get(h.r.jobs, 'ttl')) === undefined);
  });
});

describe('CronJob controller', () => {
  const cronJob = (name: string, schedule: string, extra: Record<string, unknown> = {}) => ({
    metadata: { name },
    spec: { schedule, jobTemplate: { metadata: { labels: { from: name } }, spec: { template } }, ...extra },
  });
  const jobsOf = async (cj: KubeObject) => (await h.list(h.r.jobs)).filter((j) => j.metadata.ownerReferences?.[0]?.uid === cj.metadata.uid);

  it('creates a Job at each scheduled time of the injected clock', async () => {
    h = await startHarness(new Date('2026-03-01T10:00:30Z'));
    const cj = await h.create(h.r.cronJobs, cronJob('tick', '*/5 * * * *'));
    await new Promise((r) => setTimeout(r, 50));
    expect(await jobsOf(cj)).toHaveLength(0);
    h.clock.advance(4 * 60_000 + 40_000); // 10:05:10
    h.controllers.cronJobs.resync();
    const [job] = await h.until('a job', async () => ((await jobsOf(cj)).length === 1 ? jobsOf(cj) : undefined));
    const scheduled = Date.parse('2026-03-01T10:05:00Z');
    expect(job!.metadata.name).toBe(`tick-${scheduled / 60_000}`);
    expect(job!.metadata.labels).toMatchObject({ from: 'tick' });
    expect(job!.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-03-01T10:05:00Z');
    expect(job!.metadata.ownerReferences![0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true });
    const s = await h.until('status', async () => {
      const cur = status(await h.get(h.r.cronJobs, 'tick'));
      return cur.active?.length === 1 ? cur : undefined;
    });
    expect(s.lastScheduleTime).toBe('2026-03-01T10:05:00Z');
    expect(s.active[0]).toMatchObject({ kind: 'Job', name: job!.metadata.name, namespace: 'test', uid: job!.metadata.uid });
    h.clock.advance(5 * 60_000);
    h.controllers.cronJobs.resync();
    await h.until('second job', async () => (await jobsOf(cj)).length === 2);
  });

  it('fires in its timeZone', async () => {
    h = await startHarness(new Date('2026-03-01T23:58:00Z'));
    const cj = await h.create(h.r.cronJobs, cronJob('tokyo', '0 9 * * *', { timeZone: 'Asia/Tokyo' }));
    h.clock.advance(2 * 60_000 + 30_000); // 00:00:30Z = 09:00:30 in Tokyo
    h.controllers.cronJobs.resync();
    const [job] = await h.until('a job', async () => ((await jobsOf(cj)).length === 1 ? jobsOf(cj) : undefined));
    expect(job!.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-03-02T09:00:00+09:00');
  });

  it('Forbid skips a run while one is active; Replace replaces it', async () => {
    h = await startHarness(new Date('2026-03-01T10:00:30Z'));
    const forbid = await h.create(h.r.cronJobs, cronJob('forbid', '* * * * *', { concurrencyPolicy: 'Forbid' }));
    const replace = await h.create(h.r.cronJobs, cronJob('replace', '* * * * *', { concurrencyPolicy: 'Replace' }));
    h.clock.advance(60_000);
    h.controllers.cronJobs.resync();
    await h.until('first jobs', async () => (await jobsOf(forbid)).length === 1 && (await jobsOf(replace)).length === 1);
    const firstReplace = (await jobsOf(replace))[0]!;
    h.clock.advance(60_000);
    h.controllers.cronJobs.resync();
    await h.until('replacement', async () => {
      const jobs = await jobsOf(replace);
      return jobs.length === 1 && jobs[0]!.metadata.uid !== firstReplace.metadata.uid;
    });
    expect(await jobsOf(forbid)).toHaveLength(1);
  });
});
