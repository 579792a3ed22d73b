/**
 * trackUpdate: managedFields for create, update and non-apply patches — ownership of what changed,
 * timestamps only on change, untracked objects, resets, subresources, the manager cap, and the
 * fields a strategy resets.
 */
import { describe, expect, it } from 'vitest';
import { MAX_UPDATE_MANAGERS, serverSideApply, trackUpdate, type TrackUpdateArgs } from '../../../src/registry/apply/index.js';
import { fieldsV1ToSet, setToFieldsV1 } from '../../../src/registry/apply/fields-v1.js';
import { configMapSchema, deploymentSchema } from './schemas.js';

// Test fixtures are free-form JSON, read and edited at any depth.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const at = (minute: number): Date => new Date(Date.UTC(2026, 0, 2, 3, minute, 5, 500));
const stamp = (minute: number): string => `2026-01-02T03:${String(minute).padStart(2, '0')}:05Z`;

function cm(data: Obj | undefined, metadata: Obj = {}): Obj {
  const obj: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', ...metadata } };
  if (data) obj.data = data;
  return obj;
}

function track(live: Obj | undefined, updated: Obj, manager: string, minute = 0, extra: Partial<TrackUpdateArgs> = {}): Obj {
  const out = trackUpdate({ live, updated, manager, apiVersion: 'v1', schema: configMapSchema, now: at(minute), ...extra }) as Obj;
  if (!live) out.metadata.uid = 'uid-1';
  return out;
}

/** What a client sends back for an update: the live object, edited. */
function edit(live: Obj, change: (o: Obj) => void): Obj {
  const copy = structuredClone(live);
  change(copy);
  return copy;
}

const managers = (obj: Obj): string[] => (obj.metadata.managedFields ?? []).map((e: Obj) => e.manager);
const fieldsOf = (obj: Obj, manager: string): Obj | undefined => obj.metadata.managedFields?.find((e: Obj) => e.manager === manager)?.fieldsV1;

describe('create', () => {
  it('gives the creator every field but identity and bookkeeping ones', () => {
    const created = track(undefined, cm({ a: '1' }, { labels: { x: 'y' }, resourceVersion: '5', generation: 1 }), 'kubectl-create', 0);
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: stamp(0),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } },
      },
    ]);
  });

  it('names an empty manager "unknown"', () => {
    expect(managers(track(undefined, cm({ a: '1' }), ''))).toEqual(['unknown']);
  });
});

describe('update', () => {
  const created = track(undefined, cm({ a: '1', b: '2' }), 'creator', 0);

  it('records nothing and keeps the time when nothing changed', () => {
    const same = track(created, edit(created, () => {}), 'editor', 5);
    expect(same.metadata.managedFields).toEqual(created.metadata.managedFields);
  });

  it('moves changed fields to the writer, keeps the rest with their owner, and stamps only the writer', () => {
    const edited = track(created, edit(created, (o) => (o.data.b = 'B')), 'editor', 5);
    expect(edited.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'creator', time: stamp(0), fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } }),
      expect.objectContaining({ manager: 'editor', time: stamp(5), fieldsV1: { 'f:data': { 'f:b': {} } } }),
    ]);
  });

  it('drops a manager whose last field was removed', () => {
    let live = track(created, edit(created, (o) => (o.data.c = '3')), 'adder', 1);
    live = track(live, edit(live, (o) => delete o.data.c), 'remover', 2);
    expect(managers(live)).toEqual(['creator']);
  });

  it('takes fields from an applier without conflict', () => {
    const applied = serverSideApply({
      live: undefined,
      applied: cm({ a: '1' }),
      manager: 'kubectl',
      force: false,
      apiVersion: 'v1',
      schema: configMapSchema,
      now: at(0),
    }).object as Obj;
    applied.metadata.uid = 'uid-1';
    const edited = track(applied, edit(applied, (o) => (o.data.a = 'changed')), 'kubectl-edit', 3);
    expect(managers(edited)).toEqual(['kubectl-edit']);
    expect(fieldsOf(edited, 'kubectl-edit')).toEqual({ 'f:data': { 'f:a': {} } });
  });

  it('leaves an existing untracked object untracked', () => {
    const untracked = { ...cm({ a: '1' }), metadata: { name: 'c', namespace: 'ns', uid: 'u' } };
    const out = track(untracked, edit(untracked, (o) => (o.data.a = '2')), 'editor', 1);
    expect(out.metadata.managedFields).toBeUndefined();
  });

  it.each([[[]], [[{}]]])('clears managedFields when the request sends %j', (reset) => {
    const out = track(created, edit(created, (o) => (o.metadata.managedFields = reset)), 'editor', 1);
    expect(out.metadata).not.toHaveProperty('managedFields');
  });

  it('keeps managedFields the request carries, falling back to live ones when they are invalid', () => {
    const imported = [{ manager: 'imported', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }];
    const taken = track(created, edit(created, (o) => (o.metadata.managedFields = imported)), 'editor', 1);
    expect(managers(taken)).toEqual(['imported']);
    const invalid = track(created, edit(created, (o) => (o.metadata.managedFields = [{ manager: 'x', operation: 'Nope' }])), 'editor', 1);
    expect(invalid.metadata.managedFields).toEqual(created.metadata.managedFields);
  });

  it('drops managedFields it cannot decode rather than failing the write', () => {
    const corrupt = { ...created, metadata: { ...created.metadata, managedFields: [{ manager: 'x', operation: 'Update', apiVersion: 'v1' }] } };
    const out = track(corrupt, edit(corrupt, (o) => (o.data.a = '9')), 'editor', 1);
    expect(out.data.a).toBe('9');
    expect(out.metadata).not.toHaveProperty('managedFields');
  });

  it('reports a failure it swallows', () => {
    const errors: unknown[] = [];
    const bad = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ image: 'no-name' }] } } } };
    const out = trackUpdate({ live: undefined, updated: bad, manager: 'm', apiVersion: 'apps/v1', schema: deploymentSchema, now: at(0), onError: (e) => errors.push(e) }) as Obj;
    expect(out.metadata).not.toHaveProperty('managedFields');
    expect(String(errors[0])).toMatch(/omits key field "name"/);
  });
});

describe('subresources', () => {
  it('records the subresource and ignores managedFields sent in the request', () => {
    const dep = trackUpdate({
      live: undefined,
      updated: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 1 } },
      manager: 'creator',
      apiVersion: 'apps/v1',
      schema: deploymentSchema,
      now: at(0),
    }) as Obj;
    dep.metadata.uid = 'uid-1';
    const withStatus = edit(dep, (o) => {
      o.status = { replicas: 1 };
      o.metadata.managedFields = [];
    });
    const out = trackUpdate({ live: dep, updated: withStatus, manager: 'ctrl', apiVersion: 'apps/v1', schema: deploymentSchema, now: at(1), subresource: 'status' }) as Obj;
    expect(out.metadata.managedFields[1]).toEqual({
      manager: 'ctrl',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: stamp(1),
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { '.': {}, 'f:replicas': {} } },
      subresource: 'status',
    });
  });

  it('writes back the stored FieldsV1 of managers a status update does not touch, and re-encodes those it does', () => {
    const created = trackUpdate({
      live: undefined,
      updated: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 1, paused: true }, status: { replicas: 1, readyReplicas: 0 } },
      manager: 'creator',
      apiVersion: 'apps/v1',
      schema: deploymentSchema,
      now: at(0),
    }) as Obj;
    created.metadata.uid = 'uid-1';
    const status = (live: Obj, change: (s: Obj) => void, minute: number): Obj =>
      trackUpdate({ live, updated: edit(live, (o) => change(o.status)), manager: 'ctrl', apiVersion: 'apps/v1', schema: deploymentSchema, now: at(minute), subresource: 'status' }) as Obj;
    // The status writer takes readyReplicas from the creator, then removes it: the creator's fields
    // change in the first update only, the writer's in both (gone with the field in the second).
    const first = status(created, (s) => (s.readyReplicas = 1), 1);
    const second = status(first, (s) => delete s.readyReplicas, 2);
    const entry = (o: Obj, manager: string): Obj | undefined => o.metadata.managedFields.find((e: Obj) => e.manager === manager);
    const creatorFields = entry(second, 'creator')!.fieldsV1;
    expect(creatorFields).toBe(entry(first, 'creator')!.fieldsV1);
    expect(entry(created, 'creator')!.fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:paused': {}, 'f:replicas': {} }, 'f:status': { '.': {}, 'f:readyReplicas': {}, 'f:replicas': {} } });
    // ...and it is what a fresh encoding of the same set gives (what upstream writes).
    expect(creatorFields).toEqual(setToFieldsV1(fieldsV1ToSet(creatorFields)));
    expect(creatorFields).toEqual({ 'f:spec': { '.': {}, 'f:paused': {}, 'f:replicas': {} }, 'f:status': { '.': {}, 'f:replicas': {} } });
    expect(entry(first, 'ctrl')!.fieldsV1).toEqual({ 'f:status': { 'f:readyReplicas': {} } });
    expect(entry(second, 'ctrl')).toBeUndefined();
  });

  it('never gives the writer fields its strategy resets', () => {
    const live = track(undefined, cm({ a: '1' }), 'creator', 0);
    const out = track(live, edit(live, (o) => ((o.data.a = '2'), (o.data.b = '3'))), 'writer', 1, { resetFields: [['data', 'b']] });
    expect(fieldsOf(out, 'writer')).toEqual({ 'f:data': { 'f:a': {} } });
  });
});

describe('manager cap', () => {
  it(`merges the oldest Update managers beyond ${MAX_UPDATE_MANAGERS} into "ancient-changes"`, () => {
    let live = track(undefined, cm({ k0: '0' }), 'w00', 0);
    for (let i = 1; i <= MAX_UPDATE_MANAGERS + 1; i++) {
      live = track(live, edit(live, (o) => (o.data[`k${i}`] = String(i))), `w${String(i).padStart(2, '0')}`, i);
    }
    expect(managers(live)).toEqual(['ancient-changes', ...Array.from({ length: 9 }, (_, i) => `w${String(i + 3).padStart(2, '0')}`)]);
    const ancient = live.metadata.managedFields[0];
    // The bucket holds the three oldest writers' fields and the newest of their times.
    expect(ancient.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:k0': {}, 'f:k1': {}, 'f:k2': {} } });
    expect(ancient.time).toBe(stamp(2));
  });
});
