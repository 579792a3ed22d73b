/**
 * Reconcilers over a real LevelDB registry (the virtual side) and an in-memory host whose cache
 * is always current (a perfect informer), so tests state "virtual + host before" and compare the
 * host and virtual states after one reconcile, vcluster-style.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import pino from 'pino';
import { SharedInformers, type ObjectCache } from '../../../src/controllers/util/cache.js';
import { ServiceAddressAllocator } from '../../../src/registry/builtin/service-ips.js';
import { BuiltinStrategies } from '../../../src/registry/builtin/strategies.js';
import { builtinPolicies } from '../../../src/registry/builtin/policies.js';
import { ResourceCatalog, type ResourceInfo } from '../../../src/registry/catalog.js';
import { FakeClock } from '../../../src/registry/clock.js';
import { GenericRegistry } from '../../../src/registry/generic/registry.js';
import { backPointer } from '../../../src/syncer/mappings/index.js';
import { resourcePrefix } from '../../../src/registry/keys.js';
import type { KubeObject } from '../../../src/registry/object.js';
import { openLevelStore } from '../../../src/store/level-store.js';
import { HostError, type HostClient, type HostDeleteOptions, type HostObjectRef } from '../../../src/syncer/host/host-client.js';
import { HOST_KINDS, type HostCache, type HostKindName, type NodeUsage } from '../../../src/syncer/host/host-informers.js';
import { VIRTUAL_KINDS, type ReconcileContext, type VirtualKind } from '../../../src/syncer/reconcilers/context.js';
import type { SyncKey } from '../../../src/syncer/runtime/fair-queue.js';
import { SyncerMetrics } from '../../../src/syncer/runtime/metrics.js';
import { createSyncContext } from '../../../src/syncer/translate/context.js';

const KIND_BY_NAME = new Map<string, HostKindName>(Object.values(HOST_KINDS).map((k) => [k.kind, k.name as HostKindName]));

/** The host: objects by kind/namespace/name, writes recorded. */
export class FakeHost implements HostClient, HostCache {
  readonly objects = new Map<string, KubernetesObject>();
  readonly writes: string[] = [];
  private uid = 0;
  readonly kubeConfig = undefined as never;
  failNext: HostError | undefined;

  private id(kind: string, namespace: string | undefined, name: string): string {
    return `${kind}/${namespace ?? ''}/${name}`;
  }

  put(o: KubernetesObject): void {
    const kind = KIND_BY_NAME.get(o.kind!)!;
    o.metadata!.uid ??= `host-${++this.uid}`;
    this.objects.set(this.id(kind, o.metadata!.namespace, o.metadata!.name!), o);
  }

  get<T extends KubernetesObject>(kind: HostKindName, namespace: string, name: string): T | undefined {
    return this.objects.get(this.id(kind, namespace, name)) as T | undefined;
  }

  list<T extends KubernetesObject>(kind: HostKindName): T[] {
    return [...this.objects.entries()].filter(([k]) => k.startsWith(`${kind}/`)).map(([, o]) => o as T);
  }

  nodeUsage(nodeName: string): NodeUsage {
    const pods = this.list<V1Pod>('pods').filter((p) => p.spec?.nodeName === nodeName && backPointer(p));
    const hostIP = pods.find((p) => p.status?.hostIP)?.status?.hostIP;
    return { pods: pods.length, ...(hostIP ? { hostIP } : {}) };
  }

  namespaces(): string[] {
    return ['host-ns'];
  }

  /** Released watch-only objects, as `kind/namespace/name@resourceVersion`. */
  readonly released: string[] = [];

  release(kind: HostKindName, namespace: string, name: string, resourceVersion: string | undefined): void {
    this.released.push(`${kind}/${namespace}/${name}@${resourceVersion}`);
  }

  async watchNamespace(): Promise<void> {}
  async unwatchNamespace(): Promise<void> {}

  names(kind: HostKindName): string[] {
    return this.list(kind).map((o) => o.metadata!.name!).sort();
  }

  private check(): void {
    const err = this.failNext;
    this.failNext = undefined;
    if (err) throw err;
  }

  async read<T extends KubernetesObject>(ref: HostObjectRef): Promise<T | undefined> {
    return this.get<T>(KIND_BY_NAME.get(ref.kind)!, ref.namespace ?? '', ref.name);
  }

  async create<T extends KubernetesObject>(object: T): Promise<T> {
    this.check();
    const kind = KIND_BY_NAME.get(object.kind!)!;
    if (this.get(kind, object.metadata!.namespace!, object.metadata!.name!)) throw new HostError(409, 'AlreadyExists', 'exists', { cause: undefined });
    const stored = JSON.parse(JSON.stringify(object)) as T;
    this.put(stored);
    this.writes.push(`create ${object.kind} ${object.metadata!.name}`);
    return stored;
  }

  async mergePatch<T extends KubernetesObject>(ref: HostObjectRef, patch: Record<string, unknown>): Promise<T> {
    this.check();
    const current = this.get<T>(KIND_BY_NAME.get(ref.kind)!, ref.namespace ?? '', ref.name);
    if (!current) throw new HostError(404, 'NotFound', 'missing', { cause: undefined });
    const merge = (target: Record<string, unknown>, p: Record<string, unknown>): void => {
      for (const [k, v] of Object.entries(p)) {
        if (v === null) delete target[k];
        else if (typeof v === 'object' && !Array.isArray(v) && typeof target[k] === 'object' && target[k] !== null) merge(target[k] as Record<string, unknown>, v as Record<string, unknown>);
        else target[k] = v;
      }
    };
    merge(current as unknown as Record<string, unknown>, patch);
    this.writes.push(`patch ${ref.kind} ${ref.name}`);
    return current;
  }

  async delete(ref: HostObjectRef, options: HostDeleteOptions = {}): Promise<boolean> {
    this.check();
    const id = this.id(KIND_BY_NAME.get(ref.kind)!, ref.namespace, ref.name);
    const current = this.objects.get(id);
    if (!current || (options.uid && current.metadata?.uid !== options.uid)) return false;
    this.objects.delete(id);
    this.writes.push(`delete ${ref.kind} ${ref.name}`);
    return true;
  }
}

export interface SyncHarness {
  ctx: ReconcileContext;
  host: FakeHost;
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  info: Record<VirtualKind, ResourceInfo>;
  queued: SyncKey[];
  create(kind: VirtualKind, namespace: string | undefined, body: KubeObject): Promise<KubeObject>;
  /** Waits until the syncer's virtual caches have seen every write so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startSyncHarness(): Promise<SyncHarness> {
  const store = await openLevelStore({ path: await mkdtemp(join(tmpdir(), 'vkube-syncer-')), compactIntervalMs: 0 });
  const clock = new FakeClock(new Date('2026-03-01T10:00:00Z'));
  const catalog = ResourceCatalog.builtin();
  const registry = new GenericRegistry({ store, clock, policies: builtinPolicies({ forKind: () => undefined }), strategies: new BuiltinStrategies(new ServiceAddressAllocator({ serviceCidr: '10.96.0.0/12', nodePortRange: [30000, 32767] })) });
  const logger = pino({ level: process.env.VKUBE_LOG_LEVEL ?? 'silent' });
  const informers = new SharedInformers(store, logger);
  const info = {} as Record<VirtualKind, ResourceInfo>;
  const caches = {} as Record<VirtualKind, ObjectCache>;
  const groups: Partial<Record<VirtualKind, string>> = { ingresses: 'networking.k8s.io' };
  for (const kind of VIRTUAL_KINDS) {
    info[kind] = catalog.get(groups[kind] ?? '', 'v1', kind)!;
    caches[kind] = informers.cache(resourcePrefix(info[kind]));
  }
  informers.start();
  const host = new FakeHost();
  const queued: SyncKey[] = [];
  const ctx: ReconcileContext = {
    sync: createSyncContext({
      virtualClusterName: 'vc',
      hostNamespace: 'host-ns',
      mode: 'single',
      apiServer: { host: '10.0.0.1', port: 443 },
      dns: { nameserver: '10.96.0.10', clusterDomain: 'cluster.local' },
      podSecurityLevel: 'baseline',
      hostServiceAccountName: 'default',
    }),
    virtual: { registry, catalog, info, caches },
    host,
    hostClient: host,
    enqueue: (k) => void queued.push(k),
    ensuredHostNamespaces: new Set(),
    tokens: async (req) => `token-for-${req.namespace}/${req.serviceAccountName}/${req.pod.name}`,
    virtualCaPem: 'CA',
    metrics: new SyncerMetrics(),
    clock,
    logger,
  };
  await registry.create(info.namespaces, undefined, { metadata: { name: 'team' } });
  /** Waits (condition, not time) until every cache holds exactly what the store holds. */
  const settle = async (): Promise<void> => {
    for (const kind of VIRTUAL_KINDS) {
      const cache = caches[kind];
      for (let attempt = 0; ; attempt++) {
        const listed = await store.list<KubeObject>(cache.prefix);
        const same = listed.items.length === cache.size && listed.items.every((e) => cache.get(e.key)?.metadata.resourceVersion === e.view.metadata.resourceVersion);
        if (same) break;
        if (attempt > 2000) throw new Error(`cache ${cache.prefix} never caught up`);
        await new Promise((r) => setImmediate(r));
      }
    }
  };
  return {
    ctx,
    host,
    registry,
    catalog,
    info,
    queued,
    async create(kind, namespace, body) {
      const created = (await registry.create(info[kind], namespace, body)).view;
      await settle();
      return created;
    },
    settle,
    async close() {
      await informers.stop();
      await store.close();
    },
  };
}
