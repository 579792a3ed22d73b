/**
 * Multi-step apply/update scenarios run through both upstream's field manager (gocheck/) and ours.
 * Each step acts on the live object left by the previous successful step; the first success
 * "stores" the object, which then gets metadata.uid "uid-1".
 */
export interface ScenarioStep {
  op: 'apply' | 'update';
  manager: string;
  force?: boolean;
  subresource?: string;
  object: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  kind: 'Deployment' | 'ConfigMap' | 'Widget';
  steps: ScenarioStep[];
}

type Obj = Record<string, unknown>;

const meta = (extra: Obj = {}): Obj => ({ name: 'web', namespace: 'default', ...extra });

function deployment(spec: Obj, metadata: Obj = {}, rest: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(metadata), spec, ...rest };
}

function podTemplate(containers: Obj[], labels: Obj = { app: 'web' }): Obj {
  return { metadata: { labels }, spec: { containers } };
}

const selector = { matchLabels: { app: 'web' } };
const nginx = (image = 'nginx:1.25', extra: Obj = {}): Obj => ({ name: 'nginx', image, ...extra });
const basic = (replicas: number | undefined, containers: Obj[] = [nginx()]): Obj => {
  const spec: Obj = { selector, template: podTemplate(containers) };
  if (replicas !== undefined) spec.replicas = replicas;
  return deployment(spec);
};

function configMap(data: Obj | undefined, metadata: Obj = {}, rest: Obj = {}): Obj {
  const cm: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(metadata), ...rest };
  if (data !== undefined) cm.data = data;
  return cm;
}

function widget(spec: Obj, metadata: Obj = {}): Obj {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta(metadata), spec };
}

/** A full object as a non-apply writer would send it (update/patch results are whole objects). */
const apply = (manager: string, object: Obj, force = false): ScenarioStep => ({ op: 'apply', manager, force, object });
const update = (manager: string, object: Obj, subresource?: string): ScenarioStep =>
  subresource ? { op: 'update', manager, object, subresource } : { op: 'update', manager, object };

export const scenarios: Scenario[] = [
  { name: 'create by apply', kind: 'Deployment', steps: [apply('kubectl', basic(2))] },
  { name: 're-apply the same configuration is a no-op', kind: 'Deployment', steps: [apply('kubectl', basic(2)), apply('kubectl', basic(2))] },
  {
    name: 'apply dropping a field removes it',
    kind: 'Deployment',
    steps: [
      apply('kubectl', deployment({ replicas: 2, minReadySeconds: 5, selector, template: podTemplate([nginx()]) }, { labels: { a: '1', b: '2' } })),
      apply('kubectl', deployment({ replicas: 2, selector, template: podTemplate([nginx()]) }, { labels: { a: '1' } })),
    ],
  },
  {
    name: 'two appliers: conflict, same value shares, force transfers',
    kind: 'Deployment',
    steps: [
      apply('alice', basic(2)),
      apply('bob', deployment({ replicas: 3 })),
      apply('bob', deployment({ replicas: 2 })),
      apply('bob', deployment({ replicas: 4 }), true),
      apply('alice', basic(2)),
      apply('alice', basic(undefined)),
    ],
  },
  {
    name: 'update manager then apply conflicts with it',
    kind: 'Deployment',
    steps: [
      apply('kubectl', basic(2)),
      update('kubectl-scale', { ...basic(5), metadata: meta({ uid: 'uid-1' }) }),
      apply('kubectl', basic(3)),
      apply('kubectl', basic(5)),
      apply('kubectl', basic(6), true),
    ],
  },
  {
    name: 'containers merge by name across appliers',
    kind: 'Deployment',
    steps: [
      apply('alice', basic(1, [nginx('nginx:1', { ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] })])),
      apply('bob', deployment({ template: { spec: { containers: [{ name: 'sidecar', image: 'envoy' }] } } })),
      apply('alice', basic(1, [nginx('nginx:2', { ports: [{ containerPort: 80 }] })])),
      apply('alice', basic(1, [])),
    ],
  },
  {
    name: 'list-map order follows the configuration, live-only items stay',
    kind: 'Deployment',
    steps: [
      apply('alice', basic(1, [nginx('n', { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: '3' }] })])),
      apply('bob', deployment({ template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'X', value: 'x' }] }] } } })),
      apply('alice', basic(1, [nginx('n', { env: [{ name: 'C', value: '3' }, { name: 'A', value: '1' }, { name: 'D', value: '4' }] })])),
    ],
  },
  {
    name: 'create by update, then apply conflicts with the creator',
    kind: 'Deployment',
    steps: [update('kubectl-create', basic(1)), apply('kubectl', basic(2)), apply('kubectl', basic(1, [nginx('nginx:9')]))],
  },
  {
    name: 'reset managedFields then apply: before-first-apply owns existing fields',
    kind: 'Deployment',
    steps: [
      update('kubectl-create', basic(1)),
      update('kubectl-edit', { ...basic(1), metadata: meta({ uid: 'uid-1', managedFields: [] }) }),
      apply('kubectl', basic(3)),
      apply('kubectl', basic(3), true),
    ],
  },
  {
    name: 'status subresource update is tracked separately',
    kind: 'Deployment',
    steps: [
      apply('kubectl', basic(2)),
      update('deployment-controller', { ...basic(2), metadata: meta({ uid: 'uid-1' }), status: { replicas: 2, readyReplicas: 1 } }, 'status'),
      update('deployment-controller', { ...basic(2), metadata: meta({ uid: 'uid-1' }), status: { replicas: 2, readyReplicas: 2 } }, 'status'),
      apply('kubectl', { ...basic(2), status: { replicas: 7 } }),
    ],
  },
  {
    name: 'update removing an applied field takes it from the applier',
    kind: 'Deployment',
    steps: [
      apply('kubectl', deployment({ replicas: 2, paused: true, selector, template: podTemplate([nginx()]) })),
      update('editor', { ...basic(2), metadata: meta({ uid: 'uid-1' }) }),
      apply('kubectl', basic(2)),
    ],
  },
  {
    name: 'finalizers and owner references merge per item',
    kind: 'Deployment',
    steps: [
      apply('alice', deployment({}, { finalizers: ['a.example/x'], ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'o1' }] })),
      apply('bob', deployment({}, { finalizers: ['b.example/y'], ownerReferences: [{ apiVersion: 'v1', kind: 'Y', name: 'y', uid: 'o2' }] })),
      apply('alice', deployment({}, {})),
    ],
  },
  {
    name: 'labels added by an update manager conflict with apply',
    kind: 'Deployment',
    steps: [
      apply('kubectl', deployment({ replicas: 1 }, { labels: { team: 'a' } })),
      update('kubectl-label', { ...deployment({ replicas: 1 }, { uid: 'uid-1', labels: { team: 'b', extra: 'y' } }) }),
      apply('kubectl', deployment({ replicas: 1 }, { labels: { team: 'a' } })),
      apply('kubectl', deployment({ replicas: 1 }, { labels: { team: 'c', extra: 'y' } }), true),
    ],
  },
  {
    name: 'empty and null values in the configuration',
    kind: 'Deployment',
    steps: [
      apply('kubectl', deployment({ replicas: 1, strategy: {} }, { labels: { a: '1' }, annotations: {} })),
      apply('kubectl', deployment({ replicas: 1, strategy: { type: 'Recreate' } }, { labels: {} })),
      apply('kubectl', deployment({ replicas: null, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } })),
    ],
  },
  {
    name: 'invalid configurations',
    kind: 'Deployment',
    steps: [
      apply('kubectl', basic(1)),
      apply('kubectl', { ...basic(1), metadata: meta({ managedFields: [] }) }),
      apply('kubectl', { ...basic(1), kind: 'StatefulSet' }),
      apply('kubectl', { ...basic(1), apiVersion: 'apps/v1beta2' }),
      apply('kubectl', basic(1, [nginx(), nginx()])),
    ],
  },
  {
    name: 'configmap data keys owned per manager',
    kind: 'ConfigMap',
    steps: [
      apply('alice', configMap({ a: '1', b: '2' })),
      apply('bob', configMap({ c: '3' })),
      apply('bob', configMap({ a: 'x' })),
      apply('alice', configMap({ a: '1' })),
      update('editor', configMap({ a: '1', c: '3', d: '4' }, { uid: 'uid-1' })),
      apply('bob', configMap({})),
      apply('alice', configMap(undefined, { labels: { l: 'v' } })),
    ],
  },
  {
    name: 'more than ten update managers are capped',
    kind: 'ConfigMap',
    steps: Array.from({ length: 12 }, (_, i) =>
      update(`writer-${String(i).padStart(2, '0')}`, configMap(Object.fromEntries(Array.from({ length: i + 1 }, (_, k) => [`k${k}`, String(k)])), i === 0 ? {} : { uid: 'uid-1' })),
    ),
  },
  {
    name: 'several conflicts with several managers',
    kind: 'Deployment',
    steps: [
      apply('alice', deployment({ replicas: 1, minReadySeconds: 3 }, { labels: { x: '1' } })),
      update('zed', deployment({ replicas: 1, minReadySeconds: 3, paused: true }, { uid: 'uid-1', labels: { x: '1', y: '2' } })),
      apply('bob', deployment({ replicas: 2, minReadySeconds: 4, paused: false }, { labels: { x: '9', y: '8' } })),
      apply('bob', deployment({ replicas: 2, minReadySeconds: 4, paused: false }, { labels: { x: '9', y: '8' } }), true),
    ],
  },
  {
    name: 'ports keyed by containerPort and defaulted protocol',
    kind: 'Deployment',
    steps: [
      apply('alice', basic(1, [nginx('n', { ports: [{ containerPort: 80, name: 'http' }] })])),
      apply('bob', deployment({ template: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP', hostPort: 8080 }, { containerPort: 80, protocol: 'UDP' }] }] } } })),
      apply('alice', basic(1, [nginx('n')])),
    ],
  },
  {
    name: 'duplicate live items from an update, then apply',
    kind: 'Deployment',
    steps: [
      apply('alice', basic(1, [nginx('n', { env: [{ name: 'A', value: '1' }] })])),
      update('editor', { ...basic(1, [nginx('n', { env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }, { name: 'B', value: 'b' }] })]), metadata: meta({ uid: 'uid-1' }) }),
      apply('alice', basic(1, [nginx('n', { env: [{ name: 'B', value: 'b' }] })])),
      apply('alice', basic(1, [nginx('n', { env: [{ name: 'A', value: '3' }] })]), true),
    ],
  },
  {
    name: 'int-or-string and atomic selector changes',
    kind: 'Deployment',
    steps: [
      apply('alice', deployment({ selector, strategy: { rollingUpdate: { maxSurge: '25%' } } })),
      apply('bob', deployment({ strategy: { rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } } }), true),
      apply('bob', deployment({ selector: { matchLabels: { app: 'web', tier: 'x' } } })),
      apply('alice', deployment({ strategy: { rollingUpdate: { maxSurge: '25%' } } })),
    ],
  },
  {
    name: 'apply on the status subresource',
    kind: 'Deployment',
    steps: [
      apply('kubectl', basic(1)),
      { op: 'apply', manager: 'ctrl', subresource: 'status', object: { ...deployment({}), status: { replicas: 1 } } },
      { op: 'apply', manager: 'ctrl', subresource: 'status', object: { ...deployment({}), status: { readyReplicas: 1 } } },
      apply('kubectl', { ...basic(1), status: { replicas: 3 } }),
    ],
  },
  {
    name: 'update carrying its own managedFields',
    kind: 'Deployment',
    steps: [
      apply('kubectl', basic(2)),
      update('restorer', {
        ...basic(2),
        metadata: meta({
          uid: 'uid-1',
          managedFields: [{ manager: 'imported', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
        }),
      }),
      update('restorer', { ...basic(3), metadata: meta({ uid: 'uid-1', managedFields: [{ manager: 'bad', operation: 'Sideways' }] }) }),
      apply('kubectl', basic(4)),
    ],
  },
  {
    name: 'configmap nulls and binary data',
    kind: 'ConfigMap',
    steps: [
      apply('alice', configMap({ a: '1' }, {}, { binaryData: { b: 'AAEC' }, immutable: false })),
      // Upstream's unstructured result keeps `binaryData: null` here (a typed decode drops it);
      // later steps would then depend on that null, so the scenario stops.
      apply('alice', configMap({ a: null }, {}, { binaryData: null })),
    ],
  },
  {
    name: 'dropping a shared list item keeps the other owner’s fields',
    kind: 'Deployment',
    steps: [
      apply('alice', basic(1, [nginx('nginx:1', { args: ['a'] }), { name: 'extra', image: 'x' }])),
      apply('bob', deployment({ template: { spec: { containers: [{ name: 'nginx', imagePullPolicy: 'Always' }] } } })),
      apply('alice', basic(1, [{ name: 'extra', image: 'x' }])),
      apply('bob', deployment({})),
    ],
  },
  {
    name: 'dropping the whole spec',
    kind: 'Deployment',
    steps: [
      update('defaulter', deployment({ replicas: 1, minReadySeconds: 0, strategy: { type: 'RollingUpdate' } })),
      apply('alice', deployment({ replicas: 1, paused: true, template: podTemplate([nginx()]) }), true),
      apply('alice', deployment({}, { labels: { only: 'meta' } })),
    ],
  },
  {
    name: 'crd: a preserved field changing shape',
    kind: 'Widget',
    steps: [
      apply('alice', widget({ config: { nested: { x: 1 }, list: [1] } })),
      apply('bob', widget({ config: { nested: 5, list: { k: 'v' } } }), true),
      apply('alice', widget({ config: { other: true } })),
    ],
  },
  {
    name: 'crd: set, deduced list, preserved unknown fields',
    kind: 'Widget',
    steps: [
      apply('alice', widget({ size: 1, tags: ['a', 'b'], items: [{ a: '1' }], config: { nested: { x: 1, y: [1, 2] } } }, { labels: { w: '1' } })),
      apply('bob', widget({ tags: ['c', 'a'], config: { nested: { z: true } } })),
      apply('alice', widget({ size: 2, tags: ['b'], config: { nested: { x: 2 } } })),
      apply('bob', widget({ items: [{ a: '2' }] })),
      apply('bob', widget({ items: [{ a: '2' }] }, {}), true),
    ],
  },
];
