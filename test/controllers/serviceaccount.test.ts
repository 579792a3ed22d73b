/** The ServiceAccount controller in-process: default ServiceAccount and kube-root-ca.crt per namespace, restored when removed or changed. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceAccountController } from '../../src/controllers/serviceaccount.js';
import { ServiceAddressAllocator } from '../../src/registry/builtin/service-ips.js';
import { BuiltinStrategies } from '../../src/registry/builtin/strategies.js';
import { builtinPolicies } from '../../src/registry/builtin/policies.js';
import { ResourceCatalog } from '../../src/registry/catalog.js';
import { FakeClock } from '../../src/registry/clock.js';
import { GenericRegistry } from '../../src/registry/generic/registry.js';
import type { KubeObject } from '../../src/registry/object.js';
import { openLevelStore, type LevelStore } from '../../src/store/level-store.js';
import { waitFor } from '../helpers/vkube-process.js';

const CA = '-----BEGIN CERTIFICATE-----\nTEST\n-----END CERTIFICATE-----\n';
let store: LevelStore;
let registry: GenericRegistry;
let controller: ServiceAccountController;
const catalog = ResourceCatalog.builtin();
const cm = catalog.get('', 'v1', 'configmaps')!;
const sa = catalog.get('', 'v1', 'serviceaccounts')!;

beforeAll(async () => {
  store = await openLevelStore({ path: await mkdtemp(join(tmpdir(), 'vkube-sa-')), compactIntervalMs: 0 });
  registry = new GenericRegistry({
    store,
    clock: new FakeClock(new Date('2026-03-01T10:00:00Z')),
    policies: builtinPolicies({ forKind: () => undefined }),
    strategies: new BuiltinStrategies(new ServiceAddressAllocator({ serviceCidr: '10.96.0.0/12', nodePortRange: [30000, 32767] })),
  });
  await registry.create(catalog.get('', 'v1', 'namespaces')!, undefined, { metadata: { name: 'before-start' } });
  controller = new ServiceAccountController({ registry, catalog, logger: pino({ level: 'warn' }), caCertPem: CA });
  controller.start();
});
afterAll(async () => {
  await controller.stop();
  await store.close();
});

const get = async (resource: string, ns: string, name: string) => (await store.get<KubeObject>(`/registry/core/${resource}/${ns}/${name}`))?.view;

describe('ServiceAccountController', () => {
  it('fills namespaces that existed before it started and new ones', async () => {
    await registry.create(catalog.get('', 'v1', 'namespaces')!, undefined, { metadata: { name: 'later' } });
    for (const ns of ['before-start', 'later']) {
      await waitFor(`default sa in ${ns}`, async () => !!(await get('serviceaccounts', ns, 'default')));
      const root = await waitFor(`root ca in ${ns}`, async () => get('configmaps', ns, 'kube-root-ca.crt'));
      expect(root.data).toEqual({ 'ca.crt': CA });
      expect(root.metadata.annotations?.['kubernetes.io/description']).toContain('kube-apiserver');
    }
  });

  it('restores what is deleted or changed', async () => {
    await registry.delete(sa, 'later', 'default');
    await registry.guaranteedUpdate(cm, 'later', 'kube-root-ca.crt', (o) => ({ ...o!, data: { 'ca.crt': 'tampered' } }), { retryOnConflict: true });
    await waitFor('sa back', async () => !!(await get('serviceaccounts', 'later', 'default')));
    await waitFor('data restored', async () => ((await get('configmaps', 'later', 'kube-root-ca.crt'))?.data as Record<string, string> | undefined)?.['ca.crt'] === CA);
  });
});
