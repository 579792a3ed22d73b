/**
 * The GenericRegistry's mechanics over a real LevelDB store: server-owned metadata, CAS updates,
 * no-op updates, generation, status subresource, finalizers, graceful deletion, namespace rules,
 * consistent paging and watch transitions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceAddressAllocator } from '../../../src/registry/builtin/service-ips.js';
import { BuiltinStrategies } from '../../../src/registry/builtin/strategies.js';
import { ResourceCatalog } from '../../../src/registry/catalog.js';
import { FakeClock } from '../../../src/registry/clock.js';
import { ApiError } from '../../../src/registry/errors.js';
import { Lister, toWatchEvent } from '../../../src/registry/generic/list-watch.js';
import { GenericRegistry } from '../../../src/registry/generic/registry.js';
import type { KubeObject } from '../../../src/registry/object.js';
import { FieldIndex } from '../../../src/registry/selectors/field-index.js';
import { parseFieldSelector } from '../../../src/registry/selectors/fields.js';
import { parseLabelSelector } from '../../../src/registry/selectors/labels.js';
import { builtinPolicies } from '../../../src/registry/builtin/policies.js';
import { openLevelStore, type LevelStore } from '../../../src/store/level-store.js';
import { wholeObject } from '../../../src/store/types.js';

const catalog = ResourceCatalog.builtin();
const info = (group: string, resource: string) => catalog.get(group, group === '' ? 'v1' : 'v1', resource)!;
const cm = info('', 'configmaps');
const pods = info('', 'pods');
const namespaces = info('', 'namespaces');
const deployments = info('apps', 'deployments');
const services = info('', 'services');
const deploymentSpec = (replicas: number) => ({
  replicas,
  selector: { matchLabels: { app: 'd' } },
  template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
});

let dir: string;
let store: LevelStore;
let registry: GenericRegistry;
let lister: Lister;
let clock: FakeClock;

async function expectApiError(p: Promise<unknown>, code: number, message?: RegExp): Promise<ApiError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).code).toBe(code);
  if (message) expect((err as ApiError).message).toMatch(message);
  return err as ApiError;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vkube-registry-'));
  store = await openLevelStore({ path: dir, compactIntervalMs: 0 });
  clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
  registry = new GenericRegistry({ store, clock, policies: builtinPolicies({ forKind: () => undefined }), strategies: new BuiltinStrategies(new ServiceAddressAllocator({ serviceCidr: '10.96.0.0/12', nodePortRange: [30000, 32767] })) });
  lister = new Lister(store, new FieldIndex());
  await registry.create(namespaces, undefined, { metadata: { name: 'ns' } });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('create', () => {
  it('sets server-owned metadata and ignores client-set ones', async () => {
    const e = await registry.create(cm, 'ns', { metadata: { name: 'a', uid: 'mine', resourceVersion: '999', generation: 7 }, data: { k: 'v' } });
    expect(e.view).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns', creationTimestamp: '2026-01-01T00:00:00Z' } });
    expect(e.view.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.view.metadata.resourceVersion).toBe(String(e.revision));
    expect(e.view.metadata.generation).toBeUndefined();
    expect(JSON.parse(e.raw)).toEqual(wholeObject(e));
    expect(e.view.metadata.managedFields).toBeUndefined();
  });

  it('generates names and refuses duplicates, missing and terminating namespaces', async () => {
    const g = await registry.create(cm, 'ns', { metadata: { generateName: 'gen-' } });
    expect(g.view.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    await registry.create(cm, 'ns', { metadata: { name: 'a' } });
    await expectApiError(registry.create(cm, 'ns', { metadata: { name: 'a' } }), 409, /configmaps "a" already exists/);
    await expectApiError(registry.create(cm, 'nope', { metadata: { name: 'a' } }), 404, /namespaces "nope" not found/);
    await expectApiError(registry.create(cm, 'ns', { metadata: { name: 'b', namespace: 'other' } }), 400, /does not match the namespace/);
    await registry.delete(namespaces, undefined, 'ns');
    const err = await expectApiError(registry.create(cm, 'ns', { metadata: { name: 'c' } }), 403, /being terminated/);
    expect(err.details?.causes?.[0]?.reason).toBe('NamespaceTerminating');
  });

  it('starts generation at 1 and clears status for kinds with a status subresource', async () => {
    const d = await registry.create(deployments, 'ns', { metadata: { name: 'd' }, spec: deploymentSpec(1), status: { replicas: 5 } });
    expect(d.view.metadata.generation).toBe(1);
    expect(d.view.status).not.toHaveProperty('replicas', 5);
  });

  it('does not persist dry runs', async () => {
    const e = await registry.create(cm, 'ns', { metadata: { name: 'dry' } }, { dryRun: true });
    expect(e.view.metadata.uid).toBeDefined();
    expect(await store.get('/registry/core/configmaps/ns/dry')).toBeUndefined();
  });
});

describe('update', () => {
  it('is compare-and-swap on resourceVersion and unconditional without one', async () => {
    const a = await registry.create(cm, 'ns', { metadata: { name: 'a' }, data: { v: '1' } });
    const b = await registry.update(cm, 'ns', 'a', { metadata: { name: 'a', resourceVersion: a.view.metadata.resourceVersion }, data: { v: '2' } });
    expect(b.entry.revision).toBeGreaterThan(a.revision);
    await expectApiError(registry.update(cm, 'ns', 'a', { metadata: { name: 'a', resourceVersion: a.view.metadata.resourceVersion }, data: { v: '3' } }), 409, /the object has been modified/);
    const c = await registry.update(cm, 'ns', 'a', { metadata: { name: 'a' }, data: { v: '4' } });
    expect(c.entry.view.data).toEqual({ v: '4' });
    expect(c.entry.view.metadata.uid).toBe(a.view.metadata.uid);
    expect(c.entry.view.metadata.creationTimestamp).toBe(a.view.metadata.creationTimestamp);
    await expectApiError(registry.update(cm, 'ns', 'missing', { metadata: { name: 'missing' } }), 404);
    await expectApiError(registry.update(cm, 'ns', 'a', { metadata: { name: 'b' } }), 400, /does not match the name on the URL/);
  });

  it('skips writes that change nothing', async () => {
    const a = await registry.create(cm, 'ns', { metadata: { name: 'a' }, data: { v: '1' } });
    const same = await registry.update(cm, 'ns', 'a', { metadata: { name: 'a' }, data: { v: '1' } });
    expect(same.entry.revision).toBe(a.revision);
  });

  it('bumps generation on spec changes only, and keeps status out of main-resource writes', async () => {
    const created = await registry.create(deployments, 'ns', { metadata: { name: 'd' }, spec: deploymentSpec(1) });
    const labelled = await registry.update(deployments, 'ns', 'd', { metadata: { name: 'd', labels: { a: 'b' } }, spec: deploymentSpec(1) });
    expect(labelled.entry.view.metadata.generation).toBe(1);
    const scaled = await registry.update(deployments, 'ns', 'd', { metadata: { name: 'd', labels: { a: 'b' } }, spec: deploymentSpec(2), status: { replicas: 9 } });
    expect(scaled.entry.view.metadata.generation).toBe(2);
    expect(scaled.entry.view.status).toEqual(created.view.status);
    const status = await registry.update(deployments, 'ns', 'd', { metadata: { name: 'd' }, spec: deploymentSpec(100), status: { replicas: 2 } }, { subresource: 'status' });
    expect(status.entry.view.status).toMatchObject({ replicas: 2 });
    expect((status.entry.view.spec as { replicas: number }).replicas).toBe(2);
    expect(status.entry.view.metadata.generation).toBe(2);
  });
});

describe('delete', () => {
  it('removes at once, or marks while finalizers remain, then removes when they go', async () => {
    await registry.create(cm, 'ns', { metadata: { name: 'plain' } });
    expect((await registry.delete(cm, 'ns', 'plain')).deleted).toBe(true);
    await expectApiError(registry.delete(cm, 'ns', 'plain'), 404);

    await registry.create(cm, 'ns', { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    clock.advance(5000);
    const marked = await registry.delete(cm, 'ns', 'held');
    expect(marked.deleted).toBe(false);
    expect(marked.entry.view.metadata.deletionTimestamp).toBe('2026-01-01T00:00:05Z');
    await expectApiError(registry.update(cm, 'ns', 'held', { metadata: { name: 'held', finalizers: ['example.com/hold', 'another'] } }), 422);
    const released = await registry.update(cm, 'ns', 'held', { metadata: { name: 'held', finalizers: [] } });
    expect(released.entry.view.metadata.deletionTimestamp).toBe('2026-01-01T00:00:05Z');
    expect(await store.get('/registry/core/configmaps/ns/held')).toBeUndefined();
  });

  it('checks preconditions', async () => {
    const a = await registry.create(cm, 'ns', { metadata: { name: 'a' } });
    await expectApiError(registry.delete(cm, 'ns', 'a', { preconditions: { uid: 'other' } }), 409, /Precondition failed: UID in precondition: other/);
    await expectApiError(registry.delete(cm, 'ns', 'a', { preconditions: { resourceVersion: '1' } }), 409, /ResourceVersion in precondition/);
    expect((await registry.delete(cm, 'ns', 'a', { preconditions: { uid: a.view.metadata.uid } })).deleted).toBe(true);
  });

  it('deletes unscheduled pods at once and scheduled ones gracefully', async () => {
    await registry.create(pods, 'ns', { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    expect((await registry.delete(pods, 'ns', 'p1')).deleted).toBe(true);
    await registry.create(pods, 'ns', { metadata: { name: 'p2' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] } });
    const graceful = await registry.delete(pods, 'ns', 'p2');
    expect(graceful.deleted).toBe(false);
    expect(graceful.entry.view.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(graceful.entry.view.metadata.deletionTimestamp).toBe('2026-01-01T00:00:30Z');
    const shorter = await registry.delete(pods, 'ns', 'p2', { gracePeriodSeconds: 5 });
    expect(shorter.entry.view.metadata.deletionGracePeriodSeconds).toBe(5);
    expect((await registry.delete(pods, 'ns', 'p2', { gracePeriodSeconds: 0 })).deleted).toBe(true);
  });

  it('marks a namespace Terminating and removes it once finalized', async () => {
    const marked = await registry.delete(namespaces, undefined, 'ns');
    expect(marked.deleted).toBe(false);
    expect(marked.entry.view.status).toEqual({ phase: 'Terminating' });
    await registry.guaranteedUpdate(namespaces, undefined, 'ns', (c) => ({ ...c!, spec: { finalizers: [] } }), { subresource: 'finalize' });
    expect(await store.get('/registry/core/namespaces/ns')).toBeUndefined();
  });
});

describe('services', () => {
  it('allocates distinct ClusterIPs and refuses taken ones', async () => {
    const a = await registry.create(services, 'ns', { metadata: { name: 'a' }, spec: { ports: [{ port: 80 }] } });
    const b = await registry.create(services, 'ns', { metadata: { name: 'b' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } });
    const ipA = (a.view.spec as { clusterIP: string }).clusterIP;
    expect(ipA).toMatch(/^10\.(9[6-9]|1[01]\d)\./);
    expect((b.view.spec as { clusterIP: string }).clusterIP).not.toBe(ipA);
    expect((b.view.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
    await expectApiError(registry.create(services, 'ns', { metadata: { name: 'c' }, spec: { clusterIP: ipA, ports: [{ port: 80 }] } }), 422, /provided IP is already allocated/);
    await registry.delete(services, 'ns', 'a');
    const c = await registry.create(services, 'ns', { metadata: { name: 'c' }, spec: { clusterIP: ipA, ports: [{ port: 80 }] } });
    expect((c.view.spec as { clusterIP: string }).clusterIP).toBe(ipA);
  });
});

describe('list and watch', () => {
  const all = { labelSelector: parseLabelSelector(''), fieldSelector: parseFieldSelector('') };

  it('pages consistently at one revision while writes continue', async () => {
    for (let i = 0; i < 10; i++) await registry.create(cm, 'ns', { metadata: { name: `cm-${i}`, labels: { even: String(i % 2 === 0) } } });
    const first = await lister.list(cm, 'ns', { ...all, limit: 4 });
    expect(first.items.map((e) => e.view.metadata.name)).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3']);
    expect(first.remainingItemCount).toBe(6);
    await registry.create(cm, 'ns', { metadata: { name: 'cm-00' } });
    await registry.delete(cm, 'ns', 'cm-9');
    const second = await lister.list(cm, 'ns', { ...all, limit: 4, continue: first.continue });
    const third = await lister.list(cm, 'ns', { ...all, limit: 4, continue: second.continue });
    expect([...second.items, ...third.items].map((e) => e.view.metadata.name)).toEqual(['cm-4', 'cm-5', 'cm-6', 'cm-7', 'cm-8', 'cm-9']);
    expect(third.continue).toBeUndefined();
    expect(second.resourceVersion).toBe(first.resourceVersion);
    const even = await lister.list(cm, 'ns', { labelSelector: parseLabelSelector('even=true'), fieldSelector: parseFieldSelector(''), limit: 2 });
    expect(even.items.map((e) => e.view.metadata.name)).toEqual(['cm-0', 'cm-2']);
    expect(even.remainingItemCount).toBeUndefined();
  });

  it('rejects unsupported field selectors and garbled continue tokens', async () => {
    await expectApiError(lister.list(cm, 'ns', { labelSelector: parseLabelSelector(''), fieldSelector: parseFieldSelector('spec.nodeName=x') }), 400, /field label not supported: spec.nodeName/);
    await expectApiError(lister.list(cm, 'ns', { ...all, continue: 'garbage' }), 400, /continue key is not valid/);
    expect((await lister.list(pods, 'ns', { labelSelector: parseLabelSelector(''), fieldSelector: parseFieldSelector('spec.nodeName=x') })).items).toEqual([]);
  });

  it('turns selector transitions into ADDED/DELETED watch events', async () => {
    const selection = { labelSelector: parseLabelSelector('app=web'), fieldSelector: parseFieldSelector('') };
    const from = store.currentRevision();
    await registry.create(cm, 'ns', { metadata: { name: 'w', labels: { app: 'db' } } });
    await registry.update(cm, 'ns', 'w', { metadata: { name: 'w', labels: { app: 'web' } } });
    await registry.update(cm, 'ns', 'w', { metadata: { name: 'w', labels: { app: 'web' } }, data: { a: 'b' } });
    await registry.update(cm, 'ns', 'w', { metadata: { name: 'w', labels: { app: 'db' } } });
    await registry.delete(cm, 'ns', 'w');
    const abort = new AbortController();
    const seen: string[] = [];
    for await (const event of store.watch<KubeObject>('/registry/core/configmaps/ns/', { fromRevision: from, signal: abort.signal })) {
      const out = toWatchEvent(lister, cm, event, selection);
      if (out) seen.push(out.type);
      if (event.type === 'delete') abort.abort();
    }
    expect(seen).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });
});
