import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLevelStore } from '../../src/store/level-store.js';
import { printsTextOnDemand, textLength } from '../../src/store/text-on-demand.js';
import { wholeObject, type StoredObject } from '../../src/store/types.js';

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((path) => rm(path, { recursive: true, force: true })));
});

async function openStore(path?: string) {
  const dir = path ?? (await mkdtemp(join(tmpdir(), 'vkube-text-on-demand-')));
  if (!path) directories.push(dir);
  return { dir, store: await openLevelStore({ path: dir, compactIntervalMs: 0, textOnDemand: (key) => key.startsWith('/registry/core/events/') }) };
}

/** An event as the syncer mirrors one: managedFields between other metadata members, awkward text. */
function event(name: string, awkward = true): StoredObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name,
      namespace: 'ns-1',
      uid: `uid-${name}`,
      managedFields: [{ manager: 'vkube-syncer', operation: 'Update', apiVersion: 'v1', time: '2026-12-02T15:21:42Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:count': {}, 'f:message': {}, 'f:reason': {} } }],
      creationTimestamp: '2026-12-02T15:21:42Z',
      // JSON.parse makes __proto__ a member (a literal would set the prototype).
      labels: awkward ? (JSON.parse('{"__proto__": "a member, not a prototype", "ünïcødé": "\\"quoted\\" \\u2028 \\ud800"}') as Record<string, string>) : { app: 'web' },
    },
    count: 1.5e300,
    message: `Successfully assigned ns-1/${name} to node-0`,
    involvedObject: { kind: 'Pod', name, namespace: 'ns-1' },
  } as unknown as StoredObject;
}

describe('entries that print their text on demand', () => {
  it('print exactly the persisted text again, before and after a reopen, and keep managedFields out of the view', async () => {
    const { dir, store } = await openStore();
    const persisted = JSON.stringify({ ...event('e1'), metadata: { ...event('e1').metadata, resourceVersion: '1' } });
    const created = await store.create('/registry/core/events/ns-1/e1', event('e1'));
    expect(printsTextOnDemand(created)).toBe(true);
    // What `raw` prints once the entry has left the recently printed texts.
    expect(JSON.stringify(wholeObject(created))).toBe(persisted);
    expect(Object.keys(created.view.metadata!.labels as object)).toContain('__proto__');
    expect(created.raw).toBe(persisted);
    expect(textLength(created)).toBe(persisted.length);
    expect(created.view.metadata).not.toHaveProperty('managedFields');
    expect(wholeObject(created)).toEqual(JSON.parse(persisted));
    expect(Object.keys(wholeObject(created).metadata!)).toEqual(Object.keys((JSON.parse(persisted) as StoredObject).metadata!));
    const adopted = await store.create('/registry/core/events/ns-1/e2', event('e2'), { adopt: true });
    expect(adopted.raw).toBe(JSON.stringify(wholeObject(adopted)));
    // Trees no other object shares (a pod's name its volumes) are kept as text: same result.
    const unique = (name: string): StoredObject => ({ ...event(name), metadata: { ...event(name).metadata, managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': { [`k:{"name":"${name}"}`]: {} } } }] } });
    for (const name of ['u1', 'u2']) {
      const entry = await store.create(`/registry/core/events/ns-1/${name}`, unique(name));
      expect(JSON.stringify(wholeObject(entry))).toBe(JSON.stringify({ ...unique(name), metadata: { ...unique(name).metadata, resourceVersion: String(entry.revision) } }));
    }
    // Keys outside the prefix keep their text.
    expect(printsTextOnDemand(await store.create('/registry/core/pods/ns-1/p', event('p')))).toBe(false);
    await store.close();
    const reopened = (await openStore(dir)).store;
    const again = (await reopened.get('/registry/core/events/ns-1/e1'))!;
    expect(printsTextOnDemand(again)).toBe(true);
    expect(again.raw).toBe(persisted);
    expect(JSON.stringify(wholeObject(again))).toBe(persisted);
    await reopened.close();
  });

  it('share one frozen fieldsV1 tree among objects that own the same fields, from the second on', async () => {
    const { store } = await openStore();
    const trees: unknown[] = [];
    // Fields no other test's objects own, so that the first is the first sighting.
    const owning = (name: string): StoredObject => {
      const object = event(name, false);
      const [managed] = object.metadata!.managedFields as Array<{ fieldsV1: Record<string, unknown> }>;
      managed!.fieldsV1 = { 'f:note': {}, 'f:series': {} };
      return object;
    };
    for (const name of ['s1', 's2', 's3']) {
      const entry = await store.create(`/registry/core/events/ns-1/${name}`, owning(name), { adopt: true });
      trees.push((wholeObject(entry).metadata!.managedFields as Array<{ fieldsV1: unknown }>)[0]!.fieldsV1);
    }
    expect(Object.isFrozen(trees[0])).toBe(false);
    expect(Object.isFrozen(trees[1])).toBe(true);
    expect(trees[2]).toBe(trees[1]);
    await store.close();
  });

  it('print the text again once it has left the recently printed ones', async () => {
    const { store } = await openStore();
    const first = await store.create('/registry/core/events/ns-1/first', event('first'));
    const text = first.raw;
    // Over 4 MB of other texts written after it.
    const big = { ...event('big'), message: 'm'.repeat(100_000) };
    for (let i = 0; i < 45; i++) await store.create(`/registry/core/events/ns-1/big-${i}`, { ...big, metadata: { ...big.metadata, name: `big-${i}` } });
    const again = (await store.get('/registry/core/events/ns-1/first'))!;
    expect(again).toBe(first);
    expect(again.raw).toBe(text);
    expect(JSON.parse(again.raw)).toEqual(wholeObject(first));
    await store.close();
  });

  it('hold less than their text: 5,000 mirrored events', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = (): number => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const measure = async (textOnDemand: boolean): Promise<{ bytes: number; text: number }> => {
      const dir = await mkdtemp(join(tmpdir(), 'vkube-text-on-demand-'));
      directories.push(dir);
      const store = await openLevelStore({ path: dir, compactIntervalMs: 0, watchWindow: 1, textOnDemand: () => textOnDemand });
      const before = heap();
      let text = 0;
      const created = await Promise.all(Array.from({ length: 5000 }, (_, i) => store.create(`/registry/core/events/ns-1/e${i}`, event(`e${i}`, false))));
      for (const entry of created) text += entry.raw.length;
      created.length = 0;
      const bytes = heap() - before;
      await store.close();
      return { bytes, text };
    };
    const kept = await measure(false);
    const printed = await measure(true);
    expect(kept.text).toBeGreaterThan(5000 * 400);
    // The text costs at least its length; what replaces it (shared fieldsV1, interned strings) far less.
    expect(kept.bytes - printed.bytes).toBeGreaterThan(kept.text * 0.6);
  });
});
