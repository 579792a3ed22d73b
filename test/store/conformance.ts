/**
 * The Store contract as a vitest suite. Every engine runs it:
 *   runStoreConformance('level', openFresh, reopen, { compactThrough })
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError, wholeObject, type Store, type StoreEntry, type StoreErrorCode, type StoreEvent, type StoredObject } from '../../src/store/types.js';
import { listSuite } from './conformance-list.js';
import { watchSuite } from './conformance-watch.js';

export interface ConformanceHooks {
  /** Drops history through `revision`, so older revisions answer 'Expired'. */
  compactThrough?(store: Store, revision: number): Promise<void>;
}

/** Opens a fresh, empty store. */
export type OpenStore = () => Promise<Store>;
/** Closes `store` and opens the same data again. */
export type ReopenStore = (store: Store) => Promise<Store>;

export interface SuiteContext {
  open: OpenStore;
  reopen?: ReopenStore;
  hooks: ConformanceHooks;
  /** Opens a store that is closed after the test. */
  track(store: Store): Store;
}

export function runStoreConformance(name: string, open: OpenStore, reopen?: ReopenStore, hooks: ConformanceHooks = {}): void {
  describe(`Store conformance: ${name}`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
    });
    const context: SuiteContext = {
      open: async () => context.track(await open()),
      reopen: reopen && (async (store) => context.track(await reopen(store))),
      hooks,
      track: (store) => {
        opened.push(store);
        return store;
      },
    };
    crudSuite(context);
    listSuite(context);
    watchSuite(context);
    if (reopen !== undefined) persistenceSuite(context, reopen);
  });
}

export function pod(name: string, extra: Record<string, unknown> = {}): StoredObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'n1' }, ...extra };
}

export async function expectStoreError(promise: Promise<unknown> | (() => unknown), code: StoreErrorCode): Promise<StoreError> {
  let caught: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StoreError);
  expect((caught as StoreError).code).toBe(code);
  return caught as StoreError;
}

/** Reads `count` events from a watch, then aborts it. */
export async function takeEvents(store: Store, prefix: string, fromRevision: number, count: number): Promise<StoreEvent[]> {
  const controller = new AbortController();
  const events: StoreEvent[] = [];
  if (count === 0) return events;
  for await (const event of store.watch(prefix, { fromRevision, signal: controller.signal })) {
    events.push(event);
    if (events.length === count) break;
  }
  controller.abort();
  return events;
}

function crudSuite({ open, reopen }: SuiteContext): void {
  describe('create / get / update / delete', () => {
    it('creates with the revision as resourceVersion and raw that is the object', async () => {
      const store = await open();
      const input = pod('a');
      const created = await store.create('/registry/core/pods/default/a', input);
      expect(created.revision).toBe(store.currentRevision());
      expect(created.createRevision).toBe(created.revision);
      expect(created.view.metadata?.resourceVersion).toBe(String(created.revision));
      expect(JSON.parse(created.raw)).toEqual(created.view);
      expect(input.metadata?.resourceVersion).toBeUndefined();
      const read = await store.get('/registry/core/pods/default/a');
      expect(read?.raw).toBe(created.raw);
      expect(read?.revision).toBe(created.revision);
      expect(await store.get('/registry/core/pods/default/missing')).toBeUndefined();
    });

    it('copies a lent object, and keeps a handed-over one without changing it', async () => {
      const store = await open();
      const lent = pod('lent', { spec: { nodeName: 'n1' } });
      const kept = await store.create('/k/lent', lent);
      (lent.spec as { nodeName: string }).nodeName = 'changed';
      expect(kept.view.spec).toEqual({ nodeName: 'n1' });
      expect((await store.get('/k/lent'))?.view.spec).toEqual({ nodeName: 'n1' });

      const handed = pod('handed', { spec: { nodeName: 'n1' } });
      const adopted = await store.create('/k/handed', handed, { adopt: true });
      expect(adopted.view.spec).toBe(handed.spec);
      expect(adopted.view.metadata?.resourceVersion).toBe(String(adopted.revision));
      expect(handed.metadata?.resourceVersion).toBeUndefined();
      expect(JSON.parse(adopted.raw)).toEqual(adopted.view);
      const next = pod('handed', { spec: { nodeName: 'n2' } });
      const updated = await store.update('/k/handed', next, adopted.revision, { adopt: true });
      expect(updated.view.spec).toBe(next.spec);
      expect(JSON.parse((await store.get('/k/handed'))!.raw)).toEqual(updated.view);
    });

    it('keeps managedFields in raw only: the view leaves them out, wholeObject has them', async () => {
      const store = await open();
      const managedFields = [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:nodeName': {} } } }];
      const withFields = (name: string, nodeName: string): StoredObject =>
        ({ ...pod(name, { spec: { nodeName } }), metadata: { name, namespace: 'default', managedFields } });
      const expectViewOfRaw = (entry: StoreEntry | undefined): void => {
        const whole = JSON.parse(entry!.raw) as StoredObject;
        expect(whole.metadata?.managedFields).toEqual(managedFields);
        expect(entry!.view.metadata).not.toHaveProperty('managedFields');
        expect(entry!.view).toEqual({ ...whole, metadata: { ...whole.metadata, managedFields: undefined } });
        expect(wholeObject(entry!)).toEqual(whole);
      };
      const lent = withFields('lent', 'n1');
      const created = await store.create('/k/lent', lent);
      expectViewOfRaw(created);
      expect(lent.metadata?.managedFields).toBe(managedFields);
      const handed = withFields('handed', 'n1');
      const adopted = await store.create('/k/handed', handed, { adopt: true });
      expectViewOfRaw(adopted);
      expect(handed.metadata?.managedFields).toBe(managedFields);
      expectViewOfRaw(await store.update('/k/lent', withFields('lent', 'n2'), created.revision));
      expectViewOfRaw(await store.get('/k/lent'));
      expectViewOfRaw((await store.list('/k/')).items[0]);
      const deleted = await store.delete('/k/handed');
      expectViewOfRaw(deleted);
      const events = await takeEvents(store, '/k/', 0, 4);
      for (const event of events) {
        expectViewOfRaw(event.entry);
        if (event.prev) expectViewOfRaw(event.prev);
      }
      expect(events[3]!.entry.view.metadata?.resourceVersion).toBe(String(events[3]!.revision));
      expect(wholeObject(events[3]!.entry).metadata?.resourceVersion).toBe(String(events[3]!.revision));
      const plain = await store.create('/k/plain', pod('plain'));
      expect(wholeObject(plain)).toBe(plain.view);
      if (reopen) {
        const again = await reopen(store);
        expectViewOfRaw(await again.get('/k/lent'));
        for (const event of await takeEvents(again, '/k/', 0, 4)) expectViewOfRaw(event.entry);
      }
    });

    it('rejects a create of an existing key with KeyExists', async () => {
      const store = await open();
      await store.create('/k/a', pod('a'));
      const before = store.currentRevision();
      await expectStoreError(store.create('/k/a', pod('a')), 'KeyExists');
      expect(store.currentRevision()).toBe(before);
    });

    it('updates with compare-and-swap on the revision', async () => {
      const store = await open();
      const created = await store.create('/k/a', pod('a'));
      const updated = await store.update('/k/a', pod('a', { spec: { nodeName: 'n2' } }), created.revision);
      expect(updated.revision).toBe(created.revision + 1);
      expect(updated.createRevision).toBe(created.revision);
      expect(updated.view.spec).toEqual({ nodeName: 'n2' });
      await expectStoreError(store.update('/k/a', pod('a', { spec: { nodeName: 'n3' } }), created.revision), 'Conflict');
      const unconditional = await store.update('/k/a', pod('a', { spec: { nodeName: 'n4' } }));
      expect(unconditional.revision).toBe(updated.revision + 1);
      await expectStoreError(store.update('/k/missing', pod('missing')), 'NotFound');
      expect((await store.get('/k/a'))?.view.spec).toEqual({ nodeName: 'n4' });
    });

    it('treats an update that changes nothing as a no-op (same revision)', async () => {
      const store = await open();
      const created = await store.create('/k/a', pod('a'));
      const same = await store.update('/k/a', pod('a'), created.revision);
      expect(same.revision).toBe(created.revision);
      expect(store.currentRevision()).toBe(created.revision);
    });

    it('deletes with compare-and-swap and returns the entry as it was', async () => {
      const store = await open();
      const created = await store.create('/k/a', pod('a'));
      await expectStoreError(store.delete('/k/a', created.revision + 100), 'Conflict');
      const deleted = await store.delete('/k/a', created.revision);
      expect(deleted.revision).toBe(created.revision);
      expect(deleted.view.metadata?.resourceVersion).toBe(String(created.revision));
      expect(store.currentRevision()).toBe(created.revision + 1);
      expect(await store.get('/k/a')).toBeUndefined();
      await expectStoreError(store.delete('/k/a'), 'NotFound');
      const again = await store.create('/k/a', pod('a'));
      expect(again.createRevision).toBe(created.revision + 2);
    });

    it('assigns unique, gap-free revisions to concurrent writes', async () => {
      const store = await open();
      const start = store.currentRevision();
      const created = await Promise.all(Array.from({ length: 64 }, (_, i) => store.create(`/k/${i}`, pod(`p${i}`))));
      const revisions = created.map((entry) => entry.revision).sort((a, b) => a - b);
      expect(revisions).toEqual(Array.from({ length: 64 }, (_, i) => start + 1 + i));
      expect(store.currentRevision()).toBe(start + 64);
    });

    it('lets exactly one of several concurrent CAS updates win', async () => {
      const store = await open();
      const created = await store.create('/k/a', pod('a'));
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.update('/k/a', pod('a', { spec: { nodeName: `n${i}` } }), created.revision)),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect((result.reason as StoreError).code).toBe('Conflict');
      }
    });

    it('rejects operations after close with Closed', async () => {
      const store = await open();
      await store.create('/k/a', pod('a'));
      await store.close();
      await expectStoreError(store.create('/k/b', pod('b')), 'Closed');
      await expectStoreError(store.get('/k/a'), 'Closed');
    });
  });
}

function persistenceSuite({ open }: SuiteContext, reopen: ReopenStore): void {
  describe('persistence', () => {
    it('keeps data, revisions and history across reopen', async () => {
      const first = await open();
      const a = await first.create('/k/a', pod('a'));
      await first.create('/k/b', pod('b'));
      const updated = await first.update('/k/a', pod('a', { spec: { nodeName: 'n9' } }));
      await first.delete('/k/b');
      const revision = first.currentRevision();
      const second = await reopen(first);
      expect(second.currentRevision()).toBe(revision);
      const read = await second.get('/k/a');
      expect(read?.raw).toBe(updated.raw);
      expect(read?.createRevision).toBe(a.revision);
      expect(await second.get('/k/b')).toBeUndefined();
      const next = await second.create('/k/c', pod('c'));
      expect(next.revision).toBe(revision + 1);
      const replay = await takeEvents(second, '/k/', 0, 5);
      expect(replay.map((event) => [event.type, event.key, event.revision])).toEqual([
        ['put', '/k/a', a.revision],
        ['put', '/k/b', a.revision + 1],
        ['put', '/k/a', updated.revision],
        ['delete', '/k/b', revision],
        ['put', '/k/c', revision + 1],
      ]);
      const past = await second.list('/k/', { revision: a.revision + 1 });
      expect(past.items.map((item) => item.key)).toEqual(['/k/a', '/k/b']);
      expect(past.items[0]?.revision).toBe(a.revision);
    });
  });
}
