import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/registry/defaults/index.js';
import { formatFieldError, validateObject } from '../../../src/registry/validation/index.js';

type Json = Record<string, unknown>;

function workload(group: string, kind: string, spec: Json, meta: Json = {}): Json {
  const object: Json = {
    apiVersion: group === '' ? 'v1' : `${group}/v1`,
    kind,
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
      ...spec,
    },
  };
  applyDefaults(group, kind, object);
  return object;
}

const messages = (group: string, kind: string, object: Json, old?: Json): string[] =>
  validateObject(group, kind, object, old).map(formatFieldError);

const selectorMismatch = 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`';
const otherTemplate = { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };

describe.each([
  ['apps', 'Deployment', 'deployment'],
  ['apps', 'ReplicaSet', 'deployment'],
  ['apps', 'StatefulSet', 'statefulset'],
])('%s/%s', (group, kind, emptyWord) => {
  it('accepts a defaulted object', () => {
    expect(messages(group, kind, workload(group, kind, {}))).toEqual([]);
  });

  it('requires a selector', () => {
    const object = workload(group, kind, {});
    delete (object['spec'] as Json)['selector'];
    expect(messages(group, kind, object)).toContain('spec.selector: Required value');
  });

  it('rejects an empty selector', () => {
    expect(messages(group, kind, workload(group, kind, { selector: {} }))).toContain(
      `spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for ${emptyWord}`,
    );
  });

  it('requires the selector to match the template labels', () => {
    expect(messages(group, kind, workload(group, kind, { template: otherTemplate }))).toEqual([selectorMismatch]);
  });

  it('rejects negative replicas', () => {
    expect(messages(group, kind, workload(group, kind, { replicas: -1 }))).toEqual(['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('requires restartPolicy Always in the template', () => {
    const object = workload(group, kind, {});
    (((object['spec'] as Json)['template'] as Json)['spec'] as Json)['restartPolicy'] = 'Never';
    expect(messages(group, kind, object)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });
});

describe('apps/v1 selector immutability', () => {
  it.each([['Deployment'], ['ReplicaSet'], ['DaemonSet']])('%s selector cannot change', (kind) => {
    const old = workload('apps', kind, {}, { uid: 'u', resourceVersion: '1' });
    const next = workload(
      'apps',
      kind,
      { selector: { matchLabels: { app: 'web', tier: 'x' } }, template: { metadata: { labels: { app: 'web', tier: 'x' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
      { uid: 'u', resourceVersion: '1' },
    );
    expect(messages('apps', kind, next, old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('StatefulSet forbids changes outside the mutable fields', () => {
    const old = workload('apps', 'StatefulSet', { serviceName: 'web' }, { uid: 'u', resourceVersion: '1' });
    const next = workload('apps', 'StatefulSet', { serviceName: 'other', replicas: 3 }, { uid: 'u', resourceVersion: '1' });
    expect(messages('apps', 'StatefulSet', next, old)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    const scaled = workload('apps', 'StatefulSet', { serviceName: 'web', replicas: 3 }, { uid: 'u', resourceVersion: '1' });
    expect(messages('apps', 'StatefulSet', scaled, old)).toEqual([]);
  });
});

describe('Deployment strategy', () => {
  it('rejects maxUnavailable and maxSurge both 0', () => {
    const object = workload('apps', 'Deployment', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } });
    expect(messages('apps', 'Deployment', object)).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
  });

  it('rejects a bad percentage', () => {
    const object = workload('apps', 'Deployment', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 'half', maxSurge: 1 } } });
    expect(messages('apps', 'Deployment', object)).toEqual([
      `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    ]);
  });

  it('forbids rollingUpdate with Recreate', () => {
    const object = workload('apps', 'Deployment', { strategy: { type: 'Recreate', rollingUpdate: {} } });
    expect(messages('apps', 'Deployment', object)).toEqual(["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]);
  });
});

describe('DaemonSet', () => {
  it('accepts a defaulted object and checks the template labels', () => {
    expect(messages('apps', 'DaemonSet', workload('apps', 'DaemonSet', {}))).toEqual([]);
    expect(messages('apps', 'DaemonSet', workload('apps', 'DaemonSet', { template: otherTemplate }))).toEqual([selectorMismatch]);
  });

  it('rejects maxSurge together with maxUnavailable', () => {
    const object = workload('apps', 'DaemonSet', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } });
    expect(messages('apps', 'DaemonSet', object)).toEqual([
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    ]);
  });
});

describe('StatefulSet names', () => {
  it('must be DNS labels', () => {
    const errs = messages('apps', 'StatefulSet', workload('apps', 'StatefulSet', {}, { name: 'a.b' }));
    expect(errs).toEqual(['metadata.name: Invalid value: "a.b": must not contain dots']);
  });
});

describe('ReplicationController', () => {
  it('defaults its selector from the template and validates', () => {
    const object: Json = { metadata: { name: 'rc', namespace: 'd' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'i' }] } } } };
    applyDefaults('', 'ReplicationController', object);
    expect(messages('', 'ReplicationController', object)).toEqual([]);
    (object['spec'] as Json)['selector'] = { app: 'y' };
    expect(messages('', 'ReplicationController', object)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    ]);
  });
});
