/**
 * The garbage collector in-process over a real LevelDB store and registry: a three-level foreground
 * chain goes bottom-up, and dependents orphaned while the collector was down are collected once it
 * starts.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { GarbageCollector } from '../../src/controllers/garbage-collector.js';
import { ServiceAddressAllocator } from '../../src/registry/builtin/service-ips.js';
import { BuiltinStrategies } from '../../src/registry/builtin/strategies.js';
import { builtinPolicies } from '../../src/registry/builtin/policies.js';
import { ResourceCatalog } from '../../src/registry/catalog.js';
import { FakeClock } from '../../src/registry/clock.js';
import { GenericRegistry } from '../../src/registry/generic/registry.js';
import type { KubeObject } from '../../src/registry/object.js';
import { openLevelStore, type LevelStore } from '../../src/store/level-store.js';
import { waitFor } from '../helpers/vkube-process.js';

const ns = 'gc';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const store: LevelStore = await openLevelStore({ path: await mkdtemp(join(tmpdir(), 'vkube-gc-')), compactIntervalMs: 0 });
  const catalog = ResourceCatalog.builtin();
  let gc: GarbageCollector | undefined;
  const registry = new GenericRegistry({
    store,
    clock: new FakeClock(new Date('2026-03-01T10:00:00Z')),
    policies: builtinPolicies({ forKind: () => undefined }),
    strategies: new BuiltinStrategies(new ServiceAddressAllocator({ serviceCidr: '10.96.0.0/12', nodePortRange: [30000, 32767] })),
    garbageCollectorEnabled: () => gc?.running ?? false,
  });
  await registry.create(catalog.get('', 'v1', 'namespaces')!, undefined, { metadata: { name: ns } });
  const cm = catalog.get('', 'v1', 'configmaps')!;
  const startGc = () => {
    gc = new GarbageCollector({ registry, catalog, logger: pino({ level: 'warn' }) });
    gc.start();
    cleanup.push(() => gc!.stop());
  };
  cleanup.push(() => store.close());
  const create = async (name: string, owner?: KubeObject, extra: { block?: boolean; finalizers?: string[] } = {}): Promise<KubeObject> => {
    const metadata: KubeObject['metadata'] = { name };
    if (owner) metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name!, uid: owner.metadata.uid!, blockOwnerDeletion: extra.block ?? false }];
    if (extra.finalizers) metadata.finalizers = extra.finalizers;
    return (await registry.create(cm, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata })).view;
  };
  const get = async (name: string) => (await store.get<KubeObject>(`/registry/core/configmaps/${ns}/${name}`))?.view;
  return { registry, cm, create, get, startGc, store };
}

describe('GarbageCollector', () => {
  it('deletes a foreground chain from the bottom up', async () => {
    const { registry, cm, create, get, startGc, store } = await setup();
    startGc();
    const top = await create('top');
    const middle = await create('middle', top, { block: true });
    await create('bottom', middle, { block: true, finalizers: ['test/hold'] });
    const order: string[] = [];
    const abort = new AbortController();
    const watching = (async () => {
      try {
        for await (const e of store.watch<KubeObject>(`/registry/core/configmaps/${ns}/`, { fromRevision: (await store.list('/registry/core/configmaps/')).revision, signal: abort.signal })) {
          if (e.type === 'delete') order.push(e.key.split('/').pop()!);
        }
      } catch {
        // aborted
      }
    })();
    await registry.delete(cm, ns, 'top', { propagationPolicy: 'Foreground' });
    // bottom holds its own finalizer: everything above it waits, marked.
    await waitFor('bottom marked', async () => !!(await get('bottom'))?.metadata.deletionTimestamp);
    await waitFor('middle waits in foreground', async () => (await get('middle'))?.metadata.finalizers?.includes('foregroundDeletion'));
    expect((await get('top'))?.metadata.finalizers).toEqual(['foregroundDeletion']);
    await registry.guaranteedUpdate(cm, ns, 'bottom', (o) => ({ ...o!, metadata: { ...o!.metadata, finalizers: [] } }), { retryOnConflict: true });
    await waitFor('top gone', async () => !(await get('top')));
    abort.abort();
    await watching;
    expect(order).toEqual(['bottom', 'middle', 'top']);
  });

  it('collects dependents orphaned while it was not running', async () => {
    const { registry, cm, create, get, startGc } = await setup();
    const owner = await create('owner');
    await create('child', owner);
    await create('unrelated');
    await registry.delete(cm, ns, 'owner');
    expect(await get('child')).toBeDefined();
    startGc();
    await waitFor('child collected', async () => !(await get('child')));
    expect(await get('unrelated')).toBeDefined();
  });
});
