/**
 * What every reconciler gets: both sides' caches, the host client, the virtual registry, the pure
 * translation context, and how to queue other keys. Reconcilers read current state only (level
 * triggered): the key says which object, never what happened to it.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ObjectCache } from '../../controllers/util/cache.js';
import type { ResourceCatalog, ResourceInfo } from '../../registry/catalog.js';
import type { Clock } from '../../registry/clock.js';
import type { GenericRegistry } from '../../registry/generic/registry.js';
import type { KubeObject } from '../../registry/object.js';
import type { HostClient } from '../host/host-client.js';
import type { HostCache } from '../host/host-informers.js';
import type { SyncKey, SyncResult } from '../runtime/fair-queue.js';
import type { SyncerMetrics } from '../runtime/metrics.js';
import type { SyncContext } from '../translate/context.js';

/** The virtual resources the syncer watches, each with its store-backed cache. */
export const VIRTUAL_KINDS = ['pods', 'services', 'configmaps', 'secrets', 'serviceaccounts', 'endpoints', 'persistentvolumeclaims', 'ingresses', 'namespaces', 'nodes', 'events'] as const;
export type VirtualKind = (typeof VIRTUAL_KINDS)[number];

export interface VirtualSide {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  info: Record<VirtualKind, ResourceInfo>;
  caches: Record<VirtualKind, ObjectCache>;
}

/**
 * Mints a token for a virtual ServiceAccount, bound to a virtual pod, through the virtual cluster's
 * TokenRequest API. ADAPTER: until src/apiserver/handlers/token.ts exists, serve.ts passes one that
 * returns undefined and host pods get no token (see the report).
 */
export type VirtualTokenMinter = (request: {
  namespace: string;
  serviceAccountName: string;
  pod: { name: string; uid: string };
  audience?: string;
  expirationSeconds?: number;
}) => Promise<string | undefined>;

export interface ReconcileContext {
  sync: SyncContext;
  virtual: VirtualSide;
  host: HostCache;
  hostClient: HostClient;
  enqueue(key: SyncKey): void;
  /** namespaces mode: host namespaces known to exist (made or seen by us), so they are created once. */
  ensuredHostNamespaces: Set<string>;
  tokens: VirtualTokenMinter;
  /** PEM of the virtual cluster's CA, mounted into host pods as ca.crt. */
  virtualCaPem: string;
  metrics: SyncerMetrics;
  clock: Clock;
  logger: Logger;
}

export interface KindReconciler {
  readonly kind: string;
  reconcile(key: SyncKey, ctx: ReconcileContext): Promise<SyncResult | void>;
}

export function cachedVirtual(ctx: ReconcileContext, kind: VirtualKind, namespace: string, name: string): KubeObject | undefined {
  const cache = ctx.virtual.caches[kind];
  return cache.get(namespace ? `${cache.prefix}${namespace}/${name}` : `${cache.prefix}${name}`);
}

/** Host objects are client-node shaped; virtual ones registry shaped: the JSON is the same. */
export function asHost<T extends KubernetesObject>(o: KubeObject): T {
  return o as unknown as T;
}

export function asVirtual(o: KubernetesObject): KubeObject {
  return o as unknown as KubeObject;
}
