import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/registry/defaults/index.js';

type Json = Record<string, unknown>;

const template = (): Json => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx:1' }] } });
const defaultedTemplateSpec: Json = {
  containers: [{ name: 'a', image: 'nginx:1', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};

function defaulted(group: string, kind: string, spec: Json, extra: Json = {}): Json {
  const object: Json = { metadata: { name: 'w' }, spec, ...extra };
  applyDefaults(group, kind, object);
  return object;
}

describe('apps/v1 defaults', () => {
  it('Deployment', () => {
    const { spec } = defaulted('apps', 'Deployment', { template: template() });
    expect(spec).toEqual({
      template: { metadata: { labels: { app: 'web' } }, spec: defaultedTemplateSpec },
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
  });

  it('Deployment keeps Recreate and an explicit 0 replicas', () => {
    const { spec } = defaulted('apps', 'Deployment', { replicas: 0, strategy: { type: 'Recreate' } });
    expect(spec).toMatchObject({ replicas: 0, strategy: { type: 'Recreate' } });
    expect((spec as Json)['strategy']).not.toHaveProperty('rollingUpdate');
  });

  it('ReplicaSet', () => {
    expect(defaulted('apps', 'ReplicaSet', {})['spec']).toEqual({ replicas: 1 });
  });

  it('DaemonSet', () => {
    expect(defaulted('apps', 'DaemonSet', {})['spec']).toEqual({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });

  it('StatefulSet, with volumeClaimTemplates', () => {
    const { spec } = defaulted('apps', 'StatefulSet', { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] });
    expect(spec).toEqual({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      replicas: 1,
      revisionHistoryLimit: 10,
      volumeClaimTemplates: [
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
      ],
    });
  });

  it.each<[string, string, Json]>([
    ['apps', 'ReplicaSet', { replicas: 0 }],
    ['apps', 'StatefulSet', { replicas: 0, availableReplicas: 0 }],
    ['apps', 'DaemonSet', { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 }],
    ['', 'ReplicationController', { replicas: 0 }],
    ['policy', 'PodDisruptionBudget', { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }],
  ])('%s/%s shows the status fields Go always serializes', (group, kind, status) => {
    expect(defaulted(group, kind, {})['status']).toEqual(status);
    expect(defaulted(group, kind, {}, { status: { replicas: 3 } })['status']).toMatchObject({ replicas: 3 });
  });

  it('StatefulSet OnDelete gets no rollingUpdate', () => {
    const { spec } = defaulted('apps', 'StatefulSet', { updateStrategy: { type: 'OnDelete' } });
    expect((spec as Json)['updateStrategy']).toEqual({ type: 'OnDelete' });
  });
});

describe('batch/v1 defaults', () => {
  it('Job', () => {
    const job = defaulted('batch', 'Job', { template: template() });
    expect(job['spec']).toEqual({
      template: { metadata: { labels: { app: 'web' } }, spec: defaultedTemplateSpec },
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      manualSelector: false,
    });
    expect((job['metadata'] as Json)['labels']).toEqual({ app: 'web' });
  });

  it.each<[string, Json, Json]>([
    ['parallelism only', { parallelism: 3 }, { parallelism: 3 }],
    ['completions only', { completions: 5 }, { completions: 5, parallelism: 1 }],
    ['backoffLimitPerIndex', { backoffLimitPerIndex: 1, completionMode: 'Indexed', completions: 2 }, { backoffLimit: 2147483647 }],
    ['pod failure policy', { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }, {
      podReplacementPolicy: 'Failed',
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
    }],
  ])('Job: %s', (_name, spec, expected) => {
    const out = defaulted('batch', 'Job', spec)['spec'] as Json;
    expect(out).toMatchObject(expected);
    if (!('completions' in spec) && 'parallelism' in spec) expect(out).not.toHaveProperty('completions');
  });

  it('CronJob (job template gets pod defaults only)', () => {
    const { spec } = defaulted('batch', 'CronJob', { schedule: '@daily', jobTemplate: { spec: { template: template() } } });
    expect(spec).toEqual({
      schedule: '@daily',
      jobTemplate: { spec: { template: { metadata: { labels: { app: 'web' } }, spec: defaultedTemplateSpec } } },
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
  });
});

describe('core/v1 ReplicationController and PodTemplate', () => {
  it('ReplicationController takes selector and labels from its template', () => {
    const rc = defaulted('', 'ReplicationController', { template: template() });
    expect(rc['spec']).toMatchObject({ selector: { app: 'web' }, replicas: 1 });
    expect((rc['metadata'] as Json)['labels']).toEqual({ app: 'web' });
  });

  it('PodTemplate defaults its template spec', () => {
    const object: Json = { metadata: { name: 't' }, template: template() };
    applyDefaults('', 'PodTemplate', object);
    expect((object['template'] as Json)['spec']).toEqual(defaultedTemplateSpec);
  });
});
