/**
 * In-process workload controllers over a real LevelDB store, registry and a FakeClock: tests
 * create objects through the registry, play the kubelet/syncer by writing pod status, and wait
 * for the controllers to converge.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ServiceAddressAllocator } from '../../src/registry/builtin/service-ips.js';
import { BuiltinStrategies } from '../../src/registry/builtin/strategies.js';
import { builtinPolicies } from '../../src/registry/builtin/policies.js';
import { ResourceCatalog, type ResourceInfo } from '../../src/registry/catalog.js';
import { FakeClock } from '../../src/registry/clock.js';
import { ApiError } from '../../src/registry/errors.js';
import { GenericRegistry } from '../../src/registry/generic/registry.js';
import { formatTime, type KubeObject } from '../../src/registry/object.js';
import { openLevelStore, type LevelStore } from '../../src/store/level-store.js';
import { buildWorkloadControllers, type WorkloadControllers } from '../../src/controllers/workloads.js';
import { workloadResources, type WorkloadResources } from '../../src/controllers/util/workload.js';
import { waitFor } from '../helpers/vkube-process.js';

export interface Harness {
  store: LevelStore;
  registry: GenericRegistry;
  clock: FakeClock;
  r: WorkloadResources;
  controllers: WorkloadControllers;
  ns: string;
  create(info: ResourceInfo, body: KubeObject): Promise<KubeObject>;
  get(info: ResourceInfo, name: string): Promise<KubeObject | undefined>;
  /** Read-modify-write as a client does it: retried on 409 Conflict. */
  update(info: ResourceInfo, name: string, fn: (current: KubeObject) => KubeObject, subresource?: string): Promise<void>;
  list(info: ResourceInfo): Promise<KubeObject[]>;
  /** Pods owned by `owner` (controller reference), sorted by name. */
  podsOf(owner: KubeObject): Promise<KubeObject[]>;
  setPodStatus(pod: KubeObject, status: Record<string, unknown>): Promise<void>;
  markReady(pod: KubeObject, ip?: string): Promise<void>;
  until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

let ipCounter = 10;

export async function startHarness(start = new Date('2026-03-01T10:00:30Z')): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'vkube-controllers-'));
  const store = await openLevelStore({ path: dir, compactIntervalMs: 0 });
  const clock = new FakeClock(start);
  const catalog = ResourceCatalog.builtin();
  const registry = new GenericRegistry({ store, clock, policies: builtinPolicies({ forKind: () => undefined }), strategies: new BuiltinStrategies(new ServiceAddressAllocator({ serviceCidr: '10.96.0.0/12', nodePortRange: [30000, 32767] })) });
  const ns = 'test';
  await registry.create(catalog.get('', 'v1', 'namespaces')!, undefined, { metadata: { name: ns } });
  const logger = pino({ level: process.env.VKUBE_LOG_LEVEL ?? 'warn' });
  const controllers = buildWorkloadControllers({ registry, catalog, clock, logger });
  for (const c of controllers.all) c.start();
  const r = workloadResources(catalog);
  const h: Harness = {
    store,
    registry,
    clock,
    r,
    controllers,
    ns,
    async create(info, body) {
      return (await registry.create(info, info.namespaced ? ns : undefined, body, { fieldManager: 'test' })).view;
    },
    async get(info, name) {
      return (await store.get<KubeObject>(`/registry/${info.storageGroup}/${info.resource}/${info.namespaced ? `${ns}/` : ''}${name}`))?.view;
    },
    async update(info, name, fn, subresource) {
      for (let attempt = 0; ; attempt++) {
        try {
          await registry.guaranteedUpdate(info, info.namespaced ? ns : undefined, name, (cur) => fn(cur!), { fieldManager: 'test', retryOnConflict: true, ...(subresource ? { subresource } : {}) });
          return;
        } catch (err) {
          // The registry's own retries re-read the committed index, which can trail a pending write.
          if (!(err instanceof ApiError && err.code === 409) || attempt > 50) throw err;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    },
    async list(info) {
      return (await store.list<KubeObject>(`/registry/${info.storageGroup}/${info.resource}/${info.namespaced ? `${ns}/` : ''}`)).items.map((e) => e.view);
    },
    async podsOf(owner) {
      return (await h.list(r.pods)).filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === owner.metadata.uid && o.controller));
    },
    async setPodStatus(pod, status) {
      await h.update(r.pods, pod.metadata.name!, (cur) => ({ ...cur, status: { ...(cur.status as object), ...status } }), 'status');
    },
    async markReady(pod, ip) {
      await h.setPodStatus(pod, {
        phase: 'Running',
        podIP: ip ?? `10.244.0.${ipCounter++ % 250}`,
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: formatTime(clock.now()) }],
      });
    },
    until: (what, probe, timeoutMs = 10_000) => waitFor(what, probe, timeoutMs, 10),
    async close() {
      await Promise.all(controllers.all.map((c) => c.stop()));
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export const podTemplate = (labels: Record<string, string>, image = 'nginx:1.27') => ({
  metadata: { labels },
  spec: { containers: [{ name: 'c', image }] },
});
