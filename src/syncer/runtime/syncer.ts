/**
 * The syncer: informers on both sides feed one fair work queue of virtual keys; each key is
 * reconciled by its kind's reconciler from current state. On start it waits for both sides'
 * caches and queues every virtual object and every host object we own (a full resync), which
 * also removes host objects whose virtual object is gone (orphans carrying our label).
 */
import type { CoreV1Event, KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { SharedInformers, type ObjectCache } from '../../controllers/util/cache.js';
import type { ResourceCatalog, ResourceInfo } from '../../registry/catalog.js';
import type { Clock } from '../../registry/clock.js';
import { ApiError } from '../../registry/errors.js';
import type { GenericRegistry } from '../../registry/generic/registry.js';
import { resourcePrefix } from '../../registry/keys.js';
import { jsonEqual, type KubeObject } from '../../registry/object.js';
import { backPointer, OBJECT_KIND_ANNOTATION, SERVICE_ACCOUNT_TOKEN_KIND, SYNCED_FROM_HOST_ANNOTATION } from '../mappings/index.js';
import { createHostClient, HostError, type HostClient } from '../host/host-client.js';
import { HostInformers, type HostKindName } from '../host/host-informers.js';
import { DOWN_KINDS, downReconciler } from '../reconcilers/down.js';
import { VIRTUAL_KINDS, type KindReconciler, type ReconcileContext, type VirtualKind, type VirtualTokenMinter } from '../reconcilers/context.js';
import { namespaceReconciler } from '../reconcilers/namespaces.js';
import { eventHostObject, eventReconciler, eventTarget, nodeReconciler } from '../reconcilers/nodes-events.js';
import { podReconciler } from '../reconcilers/pods.js';
import { hostFirstService, serviceReconciler } from '../reconcilers/services.js';
import { ingressSecretNames } from '../translate/ingresses.js';
import { podReferences } from '../translate/pod-references.js';
import { createSyncContext, type SyncConfig } from '../translate/context.js';
import { EventsAwaitingObject } from './events-awaiting-object.js';
import { FairQueue, type SyncKey, type SyncResult } from './fair-queue.js';
import { SyncerMetrics } from './metrics.js';
import type { V1IngressSpec, V1PodSpec } from '@kubernetes/client-node';

export interface SyncerOptions {
  config: SyncConfig;
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  hostKubeConfig: KubeConfig;
  tokens: VirtualTokenMinter;
  virtualCaPem: string;
  clock: Clock;
  logger: Logger;
  workers?: number;
  /** Tests inject a host client that fails on purpose. */
  hostClient?: HostClient;
}

const VIRTUAL_RESOURCES: Record<VirtualKind, [string, string, string]> = {
  pods: ['', 'v1', 'pods'],
  services: ['', 'v1', 'services'],
  configmaps: ['', 'v1', 'configmaps'],
  secrets: ['', 'v1', 'secrets'],
  serviceaccounts: ['', 'v1', 'serviceaccounts'],
  endpoints: ['', 'v1', 'endpoints'],
  persistentvolumeclaims: ['', 'v1', 'persistentvolumeclaims'],
  ingresses: ['networking.k8s.io', 'v1', 'ingresses'],
  namespaces: ['', 'v1', 'namespaces'],
  nodes: ['', 'v1', 'nodes'],
  events: ['', 'v1', 'events'],
};

/** How long a host event waits for its object to reach our cache (see events-awaiting-object.ts). */
const EVENT_WAIT_MS = 60_000;
const EVENTS_AWAITING_CAPACITY = 10_000;

const RECONCILERS: KindReconciler[] = [podReconciler, serviceReconciler, namespaceReconciler, nodeReconciler, eventReconciler, ...Object.values(DOWN_KINDS).map(downReconciler)];

export class Syncer {
  readonly metrics = new SyncerMetrics();
  private readonly informers: SharedInformers;
  private readonly host: HostInformers;
  private readonly queue: FairQueue;
  private readonly ctx: ReconcileContext;
  private readonly reconcilers = new Map(RECONCILERS.map((r) => [r.kind, r]));
  private readonly eventsAwaitingObject = new EventsAwaitingObject(EVENT_WAIT_MS, EVENTS_AWAITING_CAPACITY);
  private readyResolve!: () => void;
  /** Resolves when the first full resync has been queued and drained. */
  readonly resynced = new Promise<void>((r) => (this.readyResolve = r));

  constructor(private readonly options: SyncerOptions) {
    const logger = options.logger.child({ component: 'syncer' });
    this.informers = new SharedInformers(options.registry.store, logger);
    const info = {} as Record<VirtualKind, ResourceInfo>;
    const caches = {} as Record<VirtualKind, ObjectCache>;
    for (const kind of VIRTUAL_KINDS) {
      const [group, version, resource] = VIRTUAL_RESOURCES[kind];
      const found = options.catalog.get(group, version, resource);
      if (!found) throw new Error(`syncer: ${group}/${version}/${resource} is not served`);
      info[kind] = found;
      caches[kind] = this.informers.cache(resourcePrefix(found));
    }
    this.host = new HostInformers(options.hostKubeConfig, options.config.virtualClusterName, logger, (kind, characters) => this.metrics.hostWatchLine(kind, characters));
    this.queue = new FairQueue({ workers: options.workers ?? 32, logger, handle: (key) => this.handle(key), hooks: this.metrics.queueHooks });
    this.ctx = {
      sync: createSyncContext(options.config),
      virtual: { registry: options.registry, catalog: options.catalog, info, caches },
      host: this.host,
      hostClient: options.hostClient ?? createHostClient(options.hostKubeConfig),
      enqueue: (key) => this.queue.add(key),
      ensuredHostNamespaces: new Set(),
      tokens: options.tokens,
      virtualCaPem: options.virtualCaPem,
      metrics: this.metrics,
      clock: options.clock,
      logger,
    };
  }

  /** Host-first Service create (design.md): called by the registry before a virtual Service is stored. */
  createHostService(virtualService: KubeObject): ReturnType<typeof hostFirstService> {
    return hostFirstService(this.ctx, virtualService);
  }

  async start(): Promise<void> {
    const started = Date.now();
    const { caches } = this.ctx.virtual;
    this.informers.start();
    await Promise.all(VIRTUAL_KINDS.map((k) => caches[k].synced));
    const virtualListedMs = Date.now() - started;
    if (this.options.config.mode === 'single') await this.host.watchNamespace(this.options.config.hostNamespace);
    else {
      await Promise.all(
        [...caches.namespaces.all()].map((ns) => this.host.watchNamespace(this.ctx.sync.mappers.namespaces.virtualToHost({ namespace: '', name: ns.metadata.name! }).name)),
      );
    }
    const hostListedMs = Date.now() - started - virtualListedMs;
    this.wireVirtual();
    this.host.onChange((kind, o, deleted) => this.onHostChange(kind, o, deleted));
    // Full resync: every virtual object, and every host object we own (orphans included).
    for (const kind of VIRTUAL_KINDS) {
      if (kind === 'events') continue;
      for (const o of caches[kind].all()) this.enqueueVirtual(kind, o);
    }
    for (const kind of ['pods', 'services', 'configmaps', 'secrets', 'serviceaccounts', 'endpoints', 'persistentvolumeclaims', 'ingresses'] as const) {
      for (const o of this.host.list(kind)) this.onHostChange(kind, o, false);
    }
    this.queue.start();
    void this.queue.idle().then(() => {
      this.ctx.logger.info({ ms: Date.now() - started, virtualListedMs, hostListedMs, hostNamespaces: this.host.namespaces().length }, 'syncer resync done');
      this.readyResolve();
    });
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    this.ctx.logger.debug('syncer queue stopped');
    await this.host.stop();
    this.ctx.logger.debug('syncer host informers stopped');
    await this.informers.stop();
    this.ctx.logger.debug('syncer stopped');
  }

  /**
   * Queues the object's key, and for a pod (unless `withReferences` is false) the ConfigMaps,
   * Secrets and PVCs it names, which are synced because pods use them; for an Ingress, its TLS
   * Secrets, likewise.
   */
  private enqueueVirtual(kind: VirtualKind, o: KubeObject, withReferences = true): void {
    const namespace = o.metadata.namespace ?? '';
    const name = o.metadata.name!;
    if (kind === 'nodes') {
      if (o.metadata.annotations?.[SYNCED_FROM_HOST_ANNOTATION]) this.queue.add({ kind, namespace: '', name });
      return;
    }
    this.queue.add({ kind, namespace, name });
    if (kind === 'services') this.queue.add({ kind: 'endpoints', namespace, name });
    if (kind === 'pods' && withReferences) {
      const refs = podReferences(o.spec as V1PodSpec | undefined);
      for (const n of refs.configMaps) this.queue.add({ kind: 'configmaps', namespace, name: n });
      for (const n of refs.secrets) this.queue.add({ kind: 'secrets', namespace, name: n });
      for (const n of refs.persistentVolumeClaims) this.queue.add({ kind: 'persistentvolumeclaims', namespace, name: n });
    }
    if (kind === 'ingresses') {
      for (const n of ingressSecretNames(o.spec as V1IngressSpec | undefined)) this.queue.add({ kind: 'secrets', namespace, name: n });
    }
  }

  private wireVirtual(): void {
    const { caches } = this.ctx.virtual;
    for (const kind of VIRTUAL_KINDS) {
      if (kind === 'events') continue;
      caches[kind].onChange((_key, object, old) => {
        // A pod's references change with its spec only (created, deleted, or a new incarnation):
        // its status updates, a few per pod, need not reconcile the kube-root-ca.crt it mounts.
        const referencesChanged = kind !== 'pods' || !object || !old || old.metadata.uid !== object.metadata.uid || !jsonEqual(old.spec, object.spec);
        if (object) this.enqueueVirtual(kind, object, referencesChanged);
        // The old references too: what a pod or an Ingress no longer names may leave the host.
        if (old && (!object || kind === 'pods' || kind === 'ingresses')) this.enqueueVirtual(kind, old, referencesChanged);
      });
    }
  }

  private onHostChange(kind: HostKindName, hostObject: KubernetesObject, deleted: boolean): void {
    if (kind === 'events') {
      if (!deleted) this.onHostEvent(hostObject as CoreV1Event);
      return;
    }
    if (!deleted) {
      const { namespace, name } = hostObject.metadata!;
      for (const held of this.eventsAwaitingObject.take({ kind, namespace: namespace!, name: name! })) {
        const event = this.ctx.host.get<CoreV1Event>('events', held.namespace, held.name);
        if (event) this.onHostEvent(event);
      }
    }
    const ref = backPointer(hostObject);
    if (!ref) return;
    if (kind === 'secrets' && hostObject.metadata?.annotations?.[OBJECT_KIND_ANNOTATION] === SERVICE_ACCOUNT_TOKEN_KIND) {
      this.queue.add({ kind: 'pods', ...ref });
      return;
    }
    this.queue.add({ kind, ...ref });
    if (kind === 'pods') {
      const nodeName = (hostObject as { spec?: { nodeName?: string } }).spec?.nodeName;
      if (nodeName) this.queue.add({ kind: 'nodes', namespace: '', name: nodeName });
    }
  }

  private onHostEvent(hostEvent: CoreV1Event): void {
    const target = eventTarget(this.ctx, hostEvent);
    const { namespace, name, resourceVersion } = hostEvent.metadata!;
    if (target) {
      this.queue.add({ kind: 'events', namespace: target.namespace, name: `${namespace}/${name}` });
      return;
    }
    const about = eventHostObject(hostEvent);
    const now = this.options.clock.now().getTime();
    const held = { namespace: namespace!, name: name!, resourceVersion };
    const released = about && !this.ctx.host.get(about.kind, about.namespace, about.name) ? this.eventsAwaitingObject.hold(about, held, now) : [held];
    // Not about an object of ours (or it never came): nothing will read these.
    for (const event of released) this.ctx.host.release('events', event.namespace, event.name, event.resourceVersion);
  }

  private async handle(key: SyncKey): Promise<SyncResult | void> {
    const reconciler = this.reconcilers.get(key.kind);
    if (!reconciler) return;
    try {
      return await reconciler.reconcile(key, this.ctx);
    } catch (err) {
      // Conflicts are a stale cache, not a failure: look again in a second (vcluster's rule).
      if ((err instanceof ApiError && err.code === 409) || (err instanceof HostError && err.conflict)) return { requeueAfterMs: 1000 };
      throw err;
    }
  }
}
