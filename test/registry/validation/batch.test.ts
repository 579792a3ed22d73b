import { describe, expect, it } from 'vitest';
import { applyDefaults, generateJobSelector } from '../../../src/registry/defaults/index.js';
import { formatFieldError, validateObject } from '../../../src/registry/validation/index.js';
import { cronScheduleError } from '../../../src/registry/validation/cron.js';

type Json = Record<string, unknown>;

function job(spec: Json = {}, meta: Json = {}): Json {
  const object: Json = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'uid-1', ...meta },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } }, ...spec },
  };
  applyDefaults('batch', 'Job', object);
  generateJobSelector(object);
  return object;
}

const messages = (kind: string, object: Json, old?: Json): string[] => validateObject('batch', kind, object, old).map(formatFieldError);

describe('Job validation', () => {
  it('accepts a defaulted job with a generated selector', () => {
    expect(messages('Job', job())).toEqual([]);
  });

  it('requires OnFailure or Never', () => {
    const object = job();
    ((((object['spec'] as Json)['template'] as Json)['spec'] as Json)['restartPolicy'] = 'Always');
    expect(messages('Job', object)).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });

  it('requires a selector when generation was skipped', () => {
    const object: Json = { metadata: { name: 'pi', namespace: 'd', uid: 'u' }, spec: { manualSelector: true, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'b' }] } } } };
    applyDefaults('batch', 'Job', object);
    expect(messages('Job', object)).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
    ]);
  });

  it('rejects a negative backoffLimit', () => {
    expect(messages('Job', job({ backoffLimit: -1 }))).toEqual(['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('needs the generated labels on the template', () => {
    const object = job();
    const labels = (((object['spec'] as Json)['template'] as Json)['metadata'] as Json)['labels'] as Json;
    labels['batch.kubernetes.io/job-name'] = 'other';
    expect(messages('Job', object)).toEqual([
      `spec.template.metadata.labels[batch.kubernetes.io/job-name]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"uid-1", "batch.kubernetes.io/job-name":"other", "controller-uid":"uid-1", "job-name":"pi"}: must be 'pi'`,
    ]);
  });

  it('makes the pod template immutable on update', () => {
    const old = job({}, { resourceVersion: '2' });
    const next = structuredClone(old);
    ((((next['spec'] as Json)['template'] as Json)['spec'] as Json)['containers'] as Json[])[0]!['image'] = 'perl:2';
    expect(messages('Job', next, old)).toEqual(['spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable']);
  });

  it('allows scheduling changes on a suspended, never-started job', () => {
    const old = job({ suspend: true }, { resourceVersion: '2' });
    const next = structuredClone(old);
    (((next['spec'] as Json)['template'] as Json)['spec'] as Json)['nodeSelector'] = { zone: 'a' };
    expect(messages('Job', next, old)).toEqual([]);
  });

  it('makes completions immutable for non-indexed jobs', () => {
    const old = job({}, { resourceVersion: '2' });
    const next = structuredClone(old);
    (next['spec'] as Json)['completions'] = 3;
    expect(messages('Job', next, old)).toEqual(['spec.completions: Invalid value: 3: field is immutable']);
  });
});

describe('CronJob validation', () => {
  function cronJob(spec: Json, name = 'hello'): Json {
    const object: Json = {
      metadata: { name, namespace: 'default' },
      spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } }, ...spec },
    };
    applyDefaults('batch', 'CronJob', object);
    return object;
  }

  it('accepts a valid schedule', () => {
    expect(messages('CronJob', cronJob({ schedule: '*/5 * * * *' }))).toEqual([]);
  });

  it.each<[string, string]>([
    ['* * *', 'spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]'],
    ['61 * * * *', 'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61'],
    ['x * * * *', 'spec.schedule: Invalid value: "x * * * *": failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['@often', 'spec.schedule: Invalid value: "@often": unrecognized descriptor: @often'],
    ['TZ=UTC 0 * * * *', 'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
  ])('rejects schedule %j', (schedule, expected) => {
    expect(messages('CronJob', cronJob({ schedule }))).toEqual([expected]);
  });

  it('requires a schedule and a known concurrency policy', () => {
    expect(messages('CronJob', cronJob({ concurrencyPolicy: 'Sometimes' }))).toEqual([
      'spec.schedule: Required value',
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ]);
  });

  it('limits names to 52 characters', () => {
    expect(messages('CronJob', cronJob({ schedule: '@hourly' }, 'a'.repeat(53)))).toEqual([`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`]);
  });

  it('forbids a selector in the job template', () => {
    const object = cronJob({ schedule: '@daily' });
    (((object['spec'] as Json)['jobTemplate'] as Json)['spec'] as Json)['selector'] = { matchLabels: { a: 'b' } };
    expect(messages('CronJob', object)).toEqual([
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ]);
  });
});

describe('cronScheduleError', () => {
  it.each<[string, string | undefined]>([
    ['0 0 * * 0', undefined],
    ['0 0 1 jan-mar mon-fri', undefined],
    ['@every 1h30m', undefined],
    ['@weekly', undefined],
    ['', 'empty spec string'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
  ])('%j', (schedule, expected) => {
    expect(cronScheduleError(schedule)).toBe(expected);
  });
});
