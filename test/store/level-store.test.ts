import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openLevelStore, type LevelStore, type LevelStoreOptions } from '../../src/store/level-store.js';
import type { Store, StoreEvent } from '../../src/store/types.js';
import { expectStoreError, pod, runStoreConformance, takeEvents } from './conformance.js';

const directories: string[] = [];
const pathOf = new WeakMap<Store, string>();

async function openTemp(options: Partial<LevelStoreOptions> = {}): Promise<LevelStore> {
  const path = await mkdtemp(join(tmpdir(), 'vkube-store-'));
  directories.push(path);
  const store = await openLevelStore({ compactIntervalMs: 0, ...options, path });
  pathOf.set(store, path);
  return store;
}

async function reopenSame(store: Store, options: Partial<LevelStoreOptions> = {}): Promise<LevelStore> {
  await store.close();
  const path = pathOf.get(store)!;
  const reopened = await openLevelStore({ compactIntervalMs: 0, ...options, path });
  pathOf.set(reopened, path);
  return reopened;
}

afterAll(async () => {
  await Promise.all(directories.map((path) => rm(path, { recursive: true, force: true })));
});

runStoreConformance('level', () => openTemp(), (store) => reopenSame(store), {
  compactThrough: async (store, revision) => {
    await (store as LevelStore).compactThrough(revision);
  },
});

// Every key's entries print their text on demand (what serve does for events): same contract.
const textOnDemand = { textOnDemand: () => true };
runStoreConformance('level, text printed on demand', () => openTemp(textOnDemand), (store) => reopenSame(store, textOnDemand), {
  compactThrough: async (store, revision) => {
    await (store as LevelStore).compactThrough(revision);
  },
});

describe('level engine', () => {
  const opened: Store[] = [];
  const track = <S extends Store>(store: S): S => {
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('shows readers only durable state', async () => {
    const store = track(await openTemp());
    const creating = store.create('/k/a', pod('a'));
    expect(await store.get('/k/a')).toBeUndefined();
    expect((await store.list('/k/')).items).toEqual([]);
    expect(store.currentRevision()).toBe(0);
    // CAS checks see the pending write, so a second create conflicts before the first is durable.
    await expectStoreError(store.create('/k/a', pod('a')), 'KeyExists');
    const created = await creating;
    expect((await store.get('/k/a'))?.revision).toBe(created.revision);
  });

  it('replays from the on-disk log when the ring is over its byte budget', async () => {
    const store = track(await openTemp({ watchWindowBytes: 600 }));
    for (let i = 0; i < 20; i++) await store.create(`/k/${String(i).padStart(2, '0')}`, pod(`p${i}`));
    await store.update('/k/05', { ...pod('p5'), data: 'x'.repeat(2000) });
    const events = await takeEvents(store, '/k/', 0, 21);
    expect(events.map((event) => event.revision)).toEqual(Array.from({ length: 21 }, (_, i) => 1 + i));
    expect(events[20]?.entry.view).toMatchObject({ data: 'x'.repeat(2000) });
  });

  it('replays from the on-disk log when the ring no longer holds the events', async () => {
    const store = track(await openTemp({ watchWindow: 4 }));
    for (let i = 0; i < 20; i++) await store.create(`/k/${String(i).padStart(2, '0')}`, pod(`p${i}`));
    await store.delete('/k/03');
    const events = await takeEvents(store, '/k/', 2, 19);
    expect(events.map((event) => event.revision)).toEqual(Array.from({ length: 19 }, (_, i) => 3 + i));
    expect(events[18]?.type).toBe('delete');
    const past = await store.list('/k/', { revision: 5 });
    expect(past.items.map((item) => item.key)).toEqual(['/k/00', '/k/01', '/k/02', '/k/03', '/k/04']);
    const reopened = track(await reopenSame(store, { watchWindow: 4 }));
    opened.splice(opened.indexOf(store), 1);
    const again = await takeEvents(reopened, '/k/', 0, 21);
    expect(again.map((event) => event.revision)).toEqual(Array.from({ length: 21 }, (_, i) => 1 + i));
  });

  it('ends a watch normally when the store closes during a replay from disk', async () => {
    const store = await openTemp({ watchWindow: 2 });
    for (let i = 0; i < 50; i++) await store.create(`/k/${i}`, pod(`p${i}`));
    const controller = new AbortController();
    const seen: number[] = [];
    for await (const event of store.watch('/k/', { fromRevision: 0, signal: controller.signal })) {
      seen.push(event.revision);
      if (seen.length === 1) await store.close();
    }
    expect(seen[0]).toBe(1);
    expect(seen.length).toBeLessThan(50);
  });

  it('ends a watcher that falls behind with Expired without blocking writers or other watchers', async () => {
    const store = track(await openTemp({ watchBufferSize: 5 }));
    const slow = new AbortController();
    const slowIterator = store.watch('/k/', { fromRevision: 0, signal: slow.signal })[Symbol.asyncIterator]();
    const fast = takeEvents(store, '/k/', 0, 20);
    // One at a time: a group-committed batch is published at once, so a watcher's buffer must
    // hold a whole batch; the fast watcher keeps up between batches, the slow one never reads.
    for (let i = 0; i < 20; i++) await store.create(`/k/${i}`, pod(`p${i}`));
    expect(await fast).toHaveLength(20);
    await expectStoreError(slowIterator.next(), 'Expired');
    slow.abort();
  });

  it('compacts the change log by revision count and by age', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const store = track(await openTemp({ clock, retention: { revisions: 10, maxAgeMs: 60_000 } }));
    for (let i = 0; i < 25; i++) await store.create(`/k/${i}`, pod(`p${i}`));
    expect(await store.compact()).toBe(15);
    expect(store.oldestRetainedRevision()).toBe(15);
    await expectStoreError(() => store.watch('/k/', { fromRevision: 14, signal: new AbortController().signal }), 'Expired');
    now += 30_000;
    for (let i = 25; i < 28; i++) await store.create(`/k/${i}`, pod(`p${i}`));
    now += 40_000;
    // Revisions 16..25 are now 70 s old (> 60 s); 26..28 are 40 s old.
    expect(await store.compact()).toBe(25);
    const events = await takeEvents(store, '/k/', 25, 3);
    expect(events.map((event) => event.revision)).toEqual([26, 27, 28]);
    const reopened = track(await reopenSame(store));
    opened.splice(opened.indexOf(store), 1);
    expect(reopened.oldestRetainedRevision()).toBe(25);
    expect(reopened.size()).toBe(28);
  });

  it('continues paging after compaction only while the page revision is retained', async () => {
    const store = track(await openTemp());
    for (let i = 0; i < 6; i++) await store.create(`/k/${i}`, pod(`p${i}`));
    const first = await store.list('/k/', { limit: 2 });
    await store.create('/k/9', pod('late'));
    const second = await store.list('/k/', { limit: 2, continue: first.continue });
    expect(second.revision).toBe(first.revision);
    expect(second.remainingItemCount).toBe(2);
    await store.compactThrough(store.currentRevision());
    await expectStoreError(store.list('/k/', { limit: 2, continue: second.continue }), 'Expired');
  });

  it('closes cleanly with writes in flight: every acknowledged write is on disk', async () => {
    const store = await openTemp();
    const writes = Array.from({ length: 100 }, (_, i) => store.create(`/k/${i}`, pod(`p${i}`)));
    const closing = store.close();
    const results = await Promise.allSettled(writes);
    await closing;
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    const reopened = track(await reopenSame(store));
    expect(reopened.size()).toBe(100);
    expect(reopened.currentRevision()).toBe(100);
  });

  it('delivers events to many watchers in revision order', async () => {
    const store = track(await openTemp());
    const watchers = Array.from({ length: 10 }, (_, i) => takeEvents(store, i % 2 === 0 ? '/k/' : '/k/even/', 0, i % 2 === 0 ? 40 : 20));
    for (let i = 0; i < 40; i++) await store.create(i % 2 === 0 ? `/k/even/${i}` : `/k/odd/${i}`, pod(`p${i}`));
    const results: StoreEvent[][] = await Promise.all(watchers);
    for (const events of results) {
      const revisions = events.map((event) => event.revision);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    }
    expect(results[1]?.every((event) => event.key.startsWith('/k/even/'))).toBe(true);
  });
});
