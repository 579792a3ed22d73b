/**
 * serverSideApply on hand-built Deployment/ConfigMap/CRD schemas: creation, no-op re-apply,
 * pruning of dropped fields, conflicts and force, list-map and set merging, timestamps, and the
 * errors upstream gives for bad apply configurations.
 */
import { describe, expect, it } from 'vitest';
import { ApplyConflictError, parseApplyBody, serverSideApply, trackUpdate } from '../../../src/registry/apply/index.js';
import { ApiError } from '../../../src/registry/errors.js';
import type { FieldSchema } from '../../../src/registry/schema/types.js';
import { configMapSchema, deploymentSchema, widgetSchema } from './schemas.js';

// Test fixtures are free-form JSON, read and edited at any depth.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
const T0 = new Date('2026-01-02T03:04:05.900Z');
const T1 = new Date('2026-01-02T04:00:00Z');

function dep(spec: Obj, metadata: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...metadata }, spec };
}
const template = (containers: Obj[]): Obj => ({ metadata: { labels: { app: 'web' } }, spec: { containers } });
const selector = { matchLabels: { app: 'web' } };

function apply(live: Obj | undefined, applied: Obj, manager: string, opts: { force?: boolean; now?: Date; schema?: FieldSchema; apiVersion?: string } = {}): Obj {
  const result = serverSideApply({
    live,
    applied,
    manager,
    force: opts.force ?? false,
    apiVersion: opts.apiVersion ?? applied.apiVersion,
    schema: 'schema' in opts ? opts.schema : deploymentSchema,
    now: opts.now ?? T0,
  }).object as Obj;
  // Storage assigns a uid on create.
  if (!live) result.metadata.uid = 'uid-1';
  return result;
}

function conflictOf(fn: () => unknown): ApplyConflictError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApplyConflictError) return error;
    throw error;
  }
  throw new Error('expected an apply conflict');
}

const entries = (obj: Obj): Obj[] => obj.metadata.managedFields;
const entryOf = (obj: Obj, manager: string): Obj | undefined => entries(obj).find((e) => e.manager === manager);

describe('create by apply', () => {
  it('returns the configuration plus one Apply entry owning exactly the applied fields', () => {
    const applied = dep(
      { replicas: 2, selector, template: template([{ name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80 }] }]) },
      { labels: { app: 'web' } },
    );
    const created = apply(undefined, applied, 'kubectl');
    const { managedFields, uid, ...metadata } = created.metadata;
    expect({ ...created, metadata }).toEqual(applied);
    expect(uid).toBe('uid-1');
    expect(managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2026-01-02T03:04:05Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    // protocol is a list-map key with schema default TCP.
                    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });
});

describe('re-applying', () => {
  const applied = dep({ replicas: 2, selector, template: template([{ name: 'nginx', image: 'nginx:1' }]) });

  it('the same configuration changes nothing, not even the time', () => {
    const live = apply(undefined, applied, 'kubectl');
    const again = apply(live, applied, 'kubectl', { now: T1 });
    expect(again).toEqual(live);
    expect(entryOf(again, 'kubectl')!.time).toBe('2026-01-02T03:04:05Z');
  });

  it('a changed configuration bumps the time', () => {
    const live = apply(undefined, applied, 'kubectl');
    const changed = apply(live, dep({ ...applied.spec, replicas: 3 }), 'kubectl', { now: T1 });
    expect(changed.spec.replicas).toBe(3);
    expect(entryOf(changed, 'kubectl')!.time).toBe('2026-01-02T04:00:00Z');
  });

  it('dropping fields removes them when nobody else owns them', () => {
    const first = dep({ replicas: 2, minReadySeconds: 5, selector }, { labels: { a: '1', b: '2' } });
    const live = apply(undefined, first, 'kubectl');
    const next = apply(live, dep({ replicas: 2, selector }, { labels: { a: '1' } }), 'kubectl');
    expect(next.spec).toEqual({ replicas: 2, selector });
    expect(next.metadata.labels).toEqual({ a: '1' });
    expect(entryOf(next, 'kubectl')!.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:a': {} } },
      'f:spec': { 'f:replicas': {}, 'f:selector': {} },
    });
  });

  it('dropping a field another manager also applied keeps it', () => {
    let live = apply(undefined, dep({ replicas: 2, paused: true }), 'alice');
    live = apply(live, dep({ paused: true }), 'bob');
    live = apply(live, dep({ replicas: 2 }), 'alice');
    expect(live.spec).toEqual({ replicas: 2, paused: true });
    expect(entryOf(live, 'bob')!.fieldsV1).toEqual({ 'f:spec': { 'f:paused': {} } });
  });
});

describe('conflicts between managers', () => {
  const base = dep({ replicas: 2, selector });

  it('an Apply owner: 409 naming the manager and field; the same value is shared without conflict', () => {
    const live = apply(undefined, base, 'alice');
    const conflict = conflictOf(() => apply(live, dep({ replicas: 3 }), 'bob'));
    expect(conflict.code).toBe(409);
    expect(conflict.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    expect(conflict.conflicts).toEqual([{ manager: 'alice', field: '.spec.replicas' }]);
    expect(conflict.toStatus()).toMatchObject({
      reason: 'Conflict',
      code: 409,
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }] },
    });
    const shared = apply(live, dep({ replicas: 2 }), 'bob');
    expect(entryOf(shared, 'bob')!.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entryOf(shared, 'alice')!.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {}, 'f:selector': {} } });
  });

  it('force takes the field over; the old owner then conflicts and can no longer prune it', () => {
    let live = apply(undefined, base, 'alice');
    live = apply(live, dep({ replicas: 4 }), 'bob', { force: true });
    expect(live.spec.replicas).toBe(4);
    expect(entryOf(live, 'alice')!.fieldsV1).toEqual({ 'f:spec': { 'f:selector': {} } });
    expect(conflictOf(() => apply(live, base, 'alice')).conflicts).toEqual([{ manager: 'bob', field: '.spec.replicas' }]);
    live = apply(live, dep({ selector }), 'alice');
    expect(live.spec).toEqual({ replicas: 4, selector });
  });

  it('an Update owner is named with its apiVersion, and several conflicts are grouped by manager', () => {
    let live = apply(undefined, dep({ replicas: 1, minReadySeconds: 1 }), 'alice');
    const scaled = structuredClone(live);
    scaled.spec.replicas = 5;
    scaled.spec.paused = true;
    live = trackUpdate({ live, updated: scaled, manager: 'kubectl-scale', apiVersion: 'apps/v1', schema: deploymentSchema, now: T1 }) as Obj;
    const one = conflictOf(() => apply(live, dep({ paused: false }), 'bob'));
    expect(one.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.paused');
    const many = conflictOf(() => apply(live, dep({ replicas: 7, minReadySeconds: 2, paused: false }), 'bob'));
    expect(many.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "alice":\n- .spec.minReadySeconds\n' +
        'conflicts with "kubectl-scale" using apps/v1:\n- .spec.paused\n- .spec.replicas',
    );
    expect(many.conflicts).toHaveLength(3);
  });
});

describe('merging lists', () => {
  it('merges containers by name across managers and prunes only the applier’s own item', () => {
    let live = apply(undefined, dep({ selector, template: template([{ name: 'nginx', image: 'nginx:1' }]) }), 'alice');
    live = apply(live, dep({ template: { spec: { containers: [{ name: 'sidecar', image: 'envoy' }] } } }), 'bob');
    expect(live.spec.template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:1' },
      { name: 'sidecar', image: 'envoy' },
    ]);
    live = apply(live, dep({ selector, template: template([]) }), 'alice');
    expect(live.spec.template.spec.containers).toEqual([{ name: 'sidecar', image: 'envoy' }]);
  });

  it('merges env entries in the configuration’s order and keeps another manager’s entry in place', () => {
    const env = (...names: string[]): Obj[] => names.map((name) => ({ name, value: name.toLowerCase() }));
    let live = apply(undefined, dep({ template: template([{ name: 'c', env: env('A', 'B', 'C') }]) }), 'alice');
    live = apply(live, dep({ template: { spec: { containers: [{ name: 'c', env: env('X') }] } } }), 'bob');
    live = apply(live, dep({ template: template([{ name: 'c', env: env('C', 'A', 'D') }]) }), 'alice');
    expect(live.spec.template.spec.containers[0].env.map((e: Obj) => e.name)).toEqual(['C', 'X', 'A', 'D']);
  });

  it('treats finalizers as a set and owner references as a map keyed by uid', () => {
    const owner = (uid: string): Obj => ({ apiVersion: 'v1', kind: 'X', name: uid, uid });
    let live = apply(undefined, dep({}, { finalizers: ['a/x'], ownerReferences: [owner('o1')] }), 'alice');
    live = apply(live, dep({}, { finalizers: ['b/y', 'a/x'], ownerReferences: [owner('o2')] }), 'bob');
    expect(live.metadata.finalizers).toEqual(['b/y', 'a/x']);
    expect(entryOf(live, 'bob')!.fieldsV1['f:metadata']['f:finalizers']).toEqual({ 'v:"a/x"': {}, 'v:"b/y"': {} });
    live = apply(live, dep({}), 'alice');
    // a/x stays: bob applied it too. o1 goes: only alice had it.
    expect(live.metadata.finalizers).toEqual(['b/y', 'a/x']);
    expect(live.metadata.ownerReferences).toEqual([owner('o2')]);
  });

  it('replaces atomic lists and maps whole', () => {
    let live = apply(undefined, dep({ selector: { matchLabels: { app: 'web', x: '1' } }, template: template([{ name: 'c', args: ['a', 'b'] }]) }), 'alice');
    live = apply(live, dep({ selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'c', args: ['z'] }]) }), 'alice');
    expect(live.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(live.spec.template.spec.containers[0].args).toEqual(['z']);
    expect(entryOf(live, 'alice')!.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"c"}']).toEqual({
      '.': {},
      'f:args': {},
      'f:name': {},
    });
  });
});

describe('schemas', () => {
  const widget = (spec: Obj, metadata: Obj = {}): Obj => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', ...metadata }, spec });

  it('gives a CRD’s bare metadata the full ObjectMeta (owner references keyed by uid)', () => {
    const ref = (uid: string): Obj => ({ apiVersion: 'v1', kind: 'X', name: uid, uid });
    let live = apply(undefined, widget({ size: 1 }, { ownerReferences: [ref('o1')] }), 'alice', { schema: widgetSchema });
    live = apply(live, widget({}, { ownerReferences: [ref('o2')] }), 'bob', { schema: widgetSchema });
    expect(live.metadata.ownerReferences).toEqual([ref('o1'), ref('o2')]);
  });

  it('merges set items, replaces lists without a list type, and merges preserved unknown fields as maps', () => {
    let live = apply(undefined, widget({ tags: ['a'], items: [{ a: '1' }], config: { x: { y: 1 } } }), 'alice', { schema: widgetSchema });
    live = apply(live, widget({ tags: ['b'], items: [{ a: '2' }], config: { x: { z: 2 } } }), 'bob', { schema: widgetSchema, force: true });
    expect(live.spec).toEqual({ tags: ['a', 'b'], items: [{ a: '2' }], config: { x: { y: 1, z: 2 } } });
    // x is not a declared field, so it is a member itself (".") as well as y's parent.
    expect(entryOf(live, 'alice')!.fieldsV1).toEqual({
      'f:spec': { 'f:config': { 'f:x': { '.': {}, 'f:y': {} } }, 'f:tags': { 'v:"a"': {} } },
    });
  });

  it('without a schema everything is deduced: maps granular, lists atomic', () => {
    const cfg = (data: Obj): Obj => ({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 't' }, ...data });
    let live = apply(undefined, cfg({ m: { a: 1 }, l: [1, 2] }), 'alice', { schema: undefined });
    live = apply(live, cfg({ m: { b: 2 } }), 'bob', { schema: undefined });
    expect(live.m).toEqual({ a: 1, b: 2 });
    expect(conflictOf(() => apply(live, cfg({ l: [3] }), 'bob', { schema: undefined })).conflicts).toEqual([{ manager: 'alice', field: '.l' }]);
  });

  it('treats an opaque value (RawExtension) as one atomic leaf, as upstream does', () => {
    const revisionSchema: FieldSchema = {
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, data: { type: 'object', opaque: true }, revision: { type: 'integer' } },
    };
    const rev = (data: Obj): Obj => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, data, revision: 1 });
    const live = apply(undefined, rev({ spec: { a: 1 } }), 'alice', { schema: revisionSchema });
    expect(entryOf(live, 'alice')!.fieldsV1).toEqual({ 'f:data': {}, 'f:revision': {} });
    expect(conflictOf(() => apply(live, rev({ spec: { b: 2 } }), 'bob', { schema: revisionSchema })).conflicts).toEqual([
      { manager: 'alice', field: '.data' },
    ]);
  });

  it('merges configmap data per key', () => {
    const cm = (data: Obj): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
    let live = apply(undefined, cm({ a: '1', b: '2' }), 'alice', { schema: configMapSchema });
    live = apply(live, cm({ c: '3' }), 'bob', { schema: configMapSchema });
    live = apply(live, cm({ a: '1' }), 'alice', { schema: configMapSchema });
    expect(live.data).toEqual({ a: '1', c: '3' });
  });
});

describe('invalid apply configurations', () => {
  const valid = dep({ replicas: 1 });
  const errorOf = (fn: () => unknown): ApiError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    }
    throw new Error('expected an ApiError');
  };

  it.each([
    ['managedFields present', { ...valid, metadata: { name: 'web', managedFields: [] } }, 400, 'metadata.managedFields must be nil'],
    ['another kind', { ...valid, kind: 'StatefulSet' }, 400, 'invalid object type: apps/v1, Kind=StatefulSet'],
    ['another version', { ...valid, apiVersion: 'apps/v1beta2' }, 400, 'invalid object type: apps/v1beta2, Kind=Deployment'],
    ['no apiVersion', { kind: 'Deployment', metadata: { name: 'web' } }, 400, 'invalid object type: /, Kind=Deployment'],
    ['no kind', { apiVersion: 'apps/v1', metadata: { name: 'web' } }, 400, 'invalid object type: apps/v1, Kind='],
    [
      'duplicate list-map keys',
      dep({ template: template([{ name: 'a' }, { name: 'a' }]) }),
      500,
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="a"]',
    ],
    [
      'a list-map item without its key',
      dep({ template: template([{ image: 'x' }]) }),
      500,
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    ],
  ])('%s', (_name, applied, code, message) => {
    const error = errorOf(() =>
      serverSideApply({ live: undefined, applied, manager: 'm', force: false, apiVersion: 'apps/v1', kind: 'Deployment', schema: deploymentSchema, now: T0 }),
    );
    expect({ code: error.code, message: error.message }).toEqual({ code, message });
  });

  it('checks the name on the URL', () => {
    const error = errorOf(() =>
      serverSideApply({ live: undefined, applied: valid, manager: 'm', force: false, apiVersion: 'apps/v1', schema: deploymentSchema, now: T0, name: 'other' }),
    );
    expect(error.message).toBe('the name of the object (web) does not match the name on the URL (other)');
  });
});

describe('parseApplyBody', () => {
  it('reads YAML 1.1 and JSON into an object', () => {
    // As with sigs.k8s.io/yaml, `on` and `yes` are YAML 1.1 booleans, even as a key.
    expect(parseApplyBody('apiVersion: v1\nkind: ConfigMap\ndata:\n  on: yes\n  x: "on"\n')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { true: true, x: 'on' },
    });
    expect(parseApplyBody(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
  });

  it.each([['- a\n- b\n'], ['a: [\n'], ['a: 1\na: 2\n']])('rejects %j with a 400', (body) => {
    expect(() => parseApplyBody(body)).toThrow(/error decoding YAML/);
  });
});
