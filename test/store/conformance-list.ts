/** Conformance: list by prefix, paging with continue, lists at past revisions. */
import { describe, expect, it } from 'vitest';
import type { ListResult, Store } from '../../src/store/types.js';
import { expectStoreError, pod, type SuiteContext } from './conformance.js';

async function fill(store: Store, prefix: string, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, i) => store.create(`${prefix}${String(i).padStart(4, '0')}`, pod(`p${i}`))));
}

async function listAllPages(store: Store, prefix: string, limit: number, between?: (page: number) => Promise<void>): Promise<ListResult[]> {
  const pages: ListResult[] = [];
  let token: string | undefined;
  do {
    const page = await store.list(prefix, { limit, continue: token });
    pages.push(page);
    token = page.continue;
    if (token !== undefined && between !== undefined) await between(pages.length);
  } while (token !== undefined);
  return pages;
}

export function listSuite({ open, hooks }: SuiteContext): void {
  describe('list', () => {
    it('lists only keys under the prefix, sorted, at the current revision', async () => {
      const store = await open();
      await store.create('/registry/core/pods/ab/x', pod('x'));
      await store.create('/registry/core/pods/a/z', pod('z'));
      await store.create('/registry/core/pods/a/y', pod('y'));
      await store.create('/registry/core/pods/a', pod('not-under-prefix'));
      await store.create('/registry/core/podsx/a/w', pod('w'));
      const result = await store.list('/registry/core/pods/a/');
      expect(result.items.map((item) => item.key)).toEqual(['/registry/core/pods/a/y', '/registry/core/pods/a/z']);
      expect(result.revision).toBe(store.currentRevision());
      expect(result.continue).toBeUndefined();
      const all = await store.list('/registry/core/pods/');
      expect(all.items).toHaveLength(4);
      expect((await store.list('/registry/core/none/')).items).toEqual([]);
    });

    it('pages with limit and continue and counts what remains', async () => {
      const store = await open();
      await fill(store, '/p/', 25);
      const first = await store.list('/p/', { limit: 10 });
      expect(first.items).toHaveLength(10);
      expect(first.remainingItemCount).toBe(15);
      expect(first.continue).toBeDefined();
      const pages = await listAllPages(store, '/p/', 10);
      expect(pages.map((page) => page.items.length)).toEqual([10, 10, 5]);
      const keys = pages.flatMap((page) => page.items.map((item) => item.key));
      expect(keys).toEqual(Array.from({ length: 25 }, (_, i) => `/p/${String(i).padStart(4, '0')}`));
      expect(pages[2]?.continue).toBeUndefined();
    });

    it('serves every page at the first page revision while writes happen in between', async () => {
      const store = await open();
      await fill(store, '/p/', 30);
      const before = await store.list('/p/');
      let counter = 0;
      const pages = await listAllPages(store, '/p/', 7, async (page) => {
        // Writes on both sides of the cursor: new keys, updates, deletes.
        await Promise.all([
          store.create(`/p/0000-new-${page}`, pod(`new${page}`)),
          store.create(`/p/9999-new-${page}`, pod(`late${page}`)),
          store.update(`/p/${String(29 - page).padStart(4, '0')}`, pod('changed', { spec: { n: counter++ } })),
          store.delete(`/p/${String(page * 3).padStart(4, '0')}`),
        ]);
      });
      expect(new Set(pages.map((page) => page.revision))).toEqual(new Set([before.revision]));
      const served = pages.flatMap((page) => page.items.map((item) => item.raw));
      expect(served).toEqual(before.items.map((item) => item.raw));
      expect(store.currentRevision()).toBeGreaterThan(before.revision);
    });

    it('lists the state at a past revision', async () => {
      const store = await open();
      const snapshots: { revision: number; raws: string[] }[] = [];
      const record = async (): Promise<void> => {
        const now = await store.list('/s/');
        snapshots.push({ revision: now.revision, raws: now.items.map((item) => item.raw) });
      };
      await store.create('/s/a', pod('a'));
      await store.create('/s/b', pod('b'));
      await store.create('/other/x', pod('x'));
      await record();
      await store.update('/s/a', pod('a', { spec: { nodeName: 'n2' } }));
      await record();
      await store.delete('/s/b');
      await record();
      await store.create('/s/b', pod('b2'));
      await store.create('/s/c', pod('c'));
      await record();
      await store.delete('/s/a');
      for (const snapshot of snapshots) {
        const past = await store.list('/s/', { revision: snapshot.revision });
        expect(past.revision).toBe(snapshot.revision);
        expect(past.items.map((item) => item.raw)).toEqual(snapshot.raws);
      }
      const paged = await store.list('/s/', { revision: snapshots[0]!.revision, limit: 1 });
      expect(paged.items.map((item) => item.key)).toEqual(['/s/a']);
      const rest = await store.list('/s/', { continue: paged.continue });
      expect(rest.items.map((item) => item.raw)).toEqual(snapshots[0]!.raws.slice(1));
    });

    it('rejects a garbled continue token with InvalidContinue', async () => {
      const store = await open();
      await fill(store, '/p/', 3);
      await expectStoreError(store.list('/p/', { continue: 'not-a-token!!' }), 'InvalidContinue');
      await expectStoreError(store.list('/p/', { continue: Buffer.from('{"v":1}').toString('base64url') }), 'InvalidContinue');
      const page = await store.list('/q/', { limit: 1 });
      expect(page.continue).toBeUndefined();
      const token = (await store.list('/p/', { limit: 1 })).continue!;
      await expectStoreError(store.list('/other/', { continue: token }), 'InvalidContinue');
    });

    // Registered only when the engine can be told to compact (the level engine always can).
    if (hooks.compactThrough === undefined) return;
    it('answers Expired for a revision older than the retained window', async () => {
      const store = await open();
      await fill(store, '/p/', 5);
      const token = (await store.list('/p/', { limit: 2 })).continue!;
      const old = store.currentRevision();
      await store.update('/p/0001', pod('changed'));
      await store.create('/p/new', pod('new'));
      await hooks.compactThrough!(store, old + 1);
      expect(store.oldestRetainedRevision()).toBeGreaterThan(old);
      await expectStoreError(store.list('/p/', { revision: old }), 'Expired');
      await expectStoreError(store.list('/p/', { continue: token }), 'Expired');
      const current = await store.list('/p/', { revision: store.oldestRetainedRevision() });
      expect(current.items).toHaveLength(5);
    });
  });
}
