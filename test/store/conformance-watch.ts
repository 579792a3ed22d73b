/** Conformance: watch replay, live events, prefix filtering, delete events, abort, Expired. */
import { describe, expect, it } from 'vitest';
import type { StoreEvent } from '../../src/store/types.js';
import { expectStoreError, pod, takeEvents, type SuiteContext } from './conformance.js';

function summary(events: readonly StoreEvent[]): [string, string, number][] {
  return events.map((event) => [event.type, event.key, event.revision]);
}

export function watchSuite({ open, hooks }: SuiteContext): void {
  describe('watch', () => {
    it('replays events after fromRevision, then streams live ones, in order', async () => {
      const store = await open();
      const a = await store.create('/w/a', pod('a'));
      const b = await store.create('/w/b', pod('b'));
      const a2 = await store.update('/w/a', pod('a', { spec: { nodeName: 'n2' } }));
      const watching = takeEvents(store, '/w/', a.revision, 4);
      const deleted = await store.delete('/w/b');
      expect(deleted.raw).toBe(b.raw);
      const c = await store.create('/w/c', pod('c'));
      const events = await watching;
      expect(summary(events)).toEqual([
        ['put', '/w/b', b.revision],
        ['put', '/w/a', a2.revision],
        ['delete', '/w/b', a2.revision + 1],
        ['put', '/w/c', c.revision],
      ]);
      expect(events[0]?.entry.raw).toBe(b.raw);
      expect(events[0]?.prev).toBeUndefined();
      expect(events[1]?.prev?.raw).toBe(a.raw);
      expect(events[1]?.entry.raw).toBe(a2.raw);
    });

    it('delivers deletes with the last state stamped with the delete revision and the previous entry', async () => {
      const store = await open();
      const created = await store.create('/w/x', pod('x'));
      const watching = takeEvents(store, '/w/', created.revision, 1);
      await store.delete('/w/x', created.revision);
      const [event] = await watching;
      expect(event?.type).toBe('delete');
      expect(event?.revision).toBe(created.revision + 1);
      expect(event?.entry.revision).toBe(created.revision + 1);
      expect(event?.entry.createRevision).toBe(created.revision);
      expect(event?.entry.view.metadata?.resourceVersion).toBe(String(created.revision + 1));
      expect(JSON.parse(event!.entry.raw)).toEqual(event?.entry.view);
      expect(event?.entry.view.spec).toEqual(created.view.spec);
      expect(event?.prev?.raw).toBe(created.raw);
      expect(event?.prev?.revision).toBe(created.revision);
    });

    it('filters by prefix, in replay and live', async () => {
      const store = await open();
      const start = store.currentRevision();
      await store.create('/w/ab/1', pod('1'));
      await store.create('/w/a/1', pod('2'));
      const watching = takeEvents(store, '/w/a/', start, 2);
      await store.create('/w/ab/2', pod('3'));
      await store.create('/w/b/2', pod('4'));
      await store.create('/w/a/2', pod('5'));
      expect(summary(await watching).map(([, key]) => key)).toEqual(['/w/a/1', '/w/a/2']);
    });

    it('sees every write exactly once when the watch starts while writes are in flight', async () => {
      const store = await open();
      const start = store.currentRevision();
      const writes = Array.from({ length: 200 }, (_, i) => store.create(`/w/${i}`, pod(`p${i}`)));
      await writes[50];
      const events = await takeEvents(store, '/w/', start, 200);
      await Promise.all(writes);
      expect(events.map((event) => event.revision)).toEqual(Array.from({ length: 200 }, (_, i) => start + 1 + i));
    });

    it('ends the iterable when the signal aborts', async () => {
      const store = await open();
      await store.create('/w/a', pod('a'));
      const controller = new AbortController();
      const seen: StoreEvent[] = [];
      const iterating = (async () => {
        for await (const event of store.watch('/w/', { fromRevision: 0, signal: controller.signal })) {
          seen.push(event);
          if (seen.length === 1) controller.abort();
        }
      })();
      await iterating;
      expect(seen).toHaveLength(1);
      const idle = new AbortController();
      const waiting = (async () => {
        const events: StoreEvent[] = [];
        for await (const event of store.watch('/w/', { fromRevision: store.currentRevision(), signal: idle.signal })) events.push(event);
        return events;
      })();
      idle.abort();
      expect(await waiting).toEqual([]);
    });

    it('ends watches when the store closes', async () => {
      const store = await open();
      const controller = new AbortController();
      const watching = (async () => {
        const events: StoreEvent[] = [];
        for await (const event of store.watch('/w/', { fromRevision: store.currentRevision(), signal: controller.signal })) events.push(event);
        return events;
      })();
      await store.create('/w/a', pod('a'));
      await store.close();
      const events = await watching;
      expect(events.map((event) => event.key)).toEqual(['/w/a']);
      controller.abort();
    });

    if (hooks.compactThrough === undefined) return;
    it('throws Expired at once for a fromRevision older than the retained window', async () => {
      const store = await open();
      const a = await store.create('/w/a', pod('a'));
      await store.create('/w/b', pod('b'));
      await store.create('/w/c', pod('c'));
      await hooks.compactThrough!(store, a.revision + 1);
      const oldest = store.oldestRetainedRevision();
      expect(oldest).toBe(a.revision + 1);
      const signal = new AbortController().signal;
      await expectStoreError(() => store.watch('/w/', { fromRevision: a.revision, signal }), 'Expired');
      const replay = await takeEvents(store, '/w/', oldest, 1);
      expect(replay[0]?.key).toBe('/w/c');
    });
  });
}
