/**
 * The generic virtual → host reconciler (vcluster's SyncToHost / Sync): the host copy exists
 * exactly while the virtual object wants it, carries the translated object (only changed fields
 * are sent, as a merge patch), and a stale copy of an earlier incarnation (uid mismatch) is
 * replaced. Kinds with a status the host owns (PVCs, ingresses) get it copied back up.
 */
import type { KubernetesObject, V1ConfigMap, V1Endpoints, V1Ingress, V1IngressSpec, V1PersistentVolumeClaim, V1PodSpec, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import { BY_NAMESPACE } from '../../controllers/util/cache.js';
import { jsonEqual, type KubeObject } from '../../registry/object.js';
import { OBJECT_UID_ANNOTATION, type NameMapper, type NameMappers } from '../mappings/index.js';
import type { SyncKey, SyncResult } from '../runtime/fair-queue.js';
import { CONFIGMAP_OWNED_PATHS, configMapToHost } from '../translate/configmaps.js';
import type { SyncContext } from '../translate/context.js';
import { hostUpdatePatch } from '../translate/diff.js';
import { endpointsNeedSync, endpointsToHost } from '../translate/endpoints.js';
import { ingressSecretNames, ingressStatusToVirtual, ingressToHost } from '../translate/ingresses.js';
import { persistentVolumeClaimStatusToVirtual, persistentVolumeClaimToHost } from '../translate/persistentvolumeclaims.js';
import { podReferences } from '../translate/pod-references.js';
import { SECRET_OWNED_PATHS, secretToHost } from '../translate/secrets.js';
import { serviceAccountToHost } from '../translate/serviceaccounts.js';
import { HostError } from '../host/host-client.js';
import type { HostKindName } from '../host/host-informers.js';
import { HOST_KINDS } from '../host/host-informers.js';
import { asHost, cachedVirtual, type KindReconciler, type ReconcileContext, type VirtualKind } from './context.js';
import { ensureHostNamespace } from './namespaces.js';

export interface DownKind {
  kind: VirtualKind & HostKindName;
  mapper(mappers: NameMappers): NameMapper;
  toHost(virtual: KubeObject, sync: SyncContext): KubernetesObject;
  ownedPaths?: string[][];
  /** Does this virtual object need a host copy (default: always)? */
  wanted?(virtual: KubeObject, ctx: ReconcileContext): boolean;
  /** The virtual status from the host copy, for kinds whose status the host owns. */
  statusUp?(host: KubernetesObject): unknown;
}

/** Virtual objects the API server itself serves: never copied to the host. */
function isVirtualOnly(virtual: KubeObject): boolean {
  return virtual.metadata.namespace === 'default' && virtual.metadata.name === 'kubernetes';
}

/** ConfigMaps and Secrets are synced only while a virtual pod uses them (vcluster's rule). */
function usedByPods(which: 'configMaps' | 'secrets' | 'persistentVolumeClaims') {
  return (virtual: KubeObject, ctx: ReconcileContext): boolean =>
    ctx.virtual.caches.pods
      .byIndex(BY_NAMESPACE, virtual.metadata.namespace!)
      .some((pod) => podReferences(pod.spec as V1PodSpec | undefined)[which].includes(virtual.metadata.name!));
}

const secretUsedByPods = usedByPods('secrets');

/** A Secret is also synced while an Ingress in its namespace names it as a TLS certificate. */
function secretWanted(virtual: KubeObject, ctx: ReconcileContext): boolean {
  if (secretUsedByPods(virtual, ctx)) return true;
  return ctx.virtual.caches.ingresses
    .byIndex(BY_NAMESPACE, virtual.metadata.namespace!)
    .some((ingress) => ingressSecretNames(ingress.spec as V1IngressSpec | undefined).includes(virtual.metadata.name!));
}

export const DOWN_KINDS: Record<string, DownKind> = {
  configmaps: { kind: 'configmaps', mapper: (m) => m.configMaps, toHost: (v, s) => configMapToHost(asHost<V1ConfigMap>(v), s), ownedPaths: CONFIGMAP_OWNED_PATHS, wanted: usedByPods('configMaps') },
  secrets: { kind: 'secrets', mapper: (m) => m.secrets, toHost: (v, s) => secretToHost(asHost<V1Secret>(v), s), ownedPaths: SECRET_OWNED_PATHS, wanted: secretWanted },
  serviceaccounts: { kind: 'serviceaccounts', mapper: (m) => m.serviceAccounts, toHost: (v, s) => serviceAccountToHost(asHost<V1ServiceAccount>(v), s) },
  endpoints: {
    kind: 'endpoints',
    mapper: (m) => m.endpoints,
    toHost: (v, s) => endpointsToHost(asHost<V1Endpoints>(v), s),
    wanted: (v, ctx) => {
      const service = cachedVirtual(ctx, 'services', v.metadata.namespace!, v.metadata.name!);
      const selector = (service?.spec as { selector?: Record<string, string> } | undefined)?.selector;
      return service !== undefined && endpointsNeedSync(selector);
    },
  },
  persistentvolumeclaims: {
    kind: 'persistentvolumeclaims',
    mapper: (m) => m.persistentVolumeClaims,
    toHost: (v, s) => persistentVolumeClaimToHost(asHost<V1PersistentVolumeClaim>(v), s),
    statusUp: (h) => persistentVolumeClaimStatusToVirtual(h as V1PersistentVolumeClaim),
  },
  ingresses: {
    kind: 'ingresses',
    mapper: (m) => m.ingresses,
    toHost: (v, s) => ingressToHost(asHost<V1Ingress>(v), s),
    statusUp: (h) => ingressStatusToVirtual(h as V1Ingress),
  },
};

export function hostUidOf(host: KubernetesObject): string | undefined {
  return host.metadata?.annotations?.[OBJECT_UID_ANNOTATION];
}

/** Brings one host object in line with its virtual object; returns the host object after the write. */
export async function syncDown(spec: DownKind, key: SyncKey, ctx: ReconcileContext): Promise<SyncResult | void> {
  const virtual = cachedVirtual(ctx, spec.kind, key.namespace, key.name);
  const hostRef = spec.mapper(ctx.sync.mappers).virtualToHost({ namespace: key.namespace, name: key.name });
  const info = HOST_KINDS[spec.kind];
  const ref = { apiVersion: info.apiVersion, kind: info.kind, namespace: hostRef.namespace, name: hostRef.name };
  const host = ctx.host.get(spec.kind, hostRef.namespace, hostRef.name);
  const log = ctx.logger.child({ kind: info.kind, virtualNamespace: key.namespace, virtualName: key.name, hostNamespace: hostRef.namespace, hostName: hostRef.name });
  const wanted = virtual !== undefined && !virtual.metadata.deletionTimestamp && !isVirtualOnly(virtual) && (spec.wanted?.(virtual, ctx) ?? true);
  if (host && (!wanted || hostUidOf(host) !== virtual?.metadata.uid)) {
    if (await ctx.hostClient.delete(ref, { uid: host.metadata?.uid })) {
      ctx.metrics.hostWrite(info.kind, 'delete');
      log.debug('deleted host copy');
    }
    // A stale incarnation is gone: create the current one on the next pass.
    return wanted ? { requeueAfterMs: 200 } : undefined;
  }
  if (!wanted) return;
  await ensureHostNamespace(ctx, key.namespace);
  const desired = spec.toHost(virtual, ctx.sync);
  if (!host) {
    try {
      await ctx.hostClient.create(desired);
      ctx.metrics.hostWrite(info.kind, 'create');
      log.debug('created host copy');
    } catch (err) {
      // Our cache has not seen it yet (or a concurrent pass made it): look again shortly.
      if (err instanceof HostError && err.alreadyExists) return { requeueAfterMs: 1000 };
      throw err;
    }
    return;
  }
  const patch = hostUpdatePatch(host as never, desired as never, spec.ownedPaths);
  if (patch) {
    await ctx.hostClient.mergePatch(ref, patch);
    ctx.metrics.hostWrite(info.kind, 'patch');
  }
  if (spec.statusUp) {
    const status = spec.statusUp(host);
    if (!jsonEqual(status, virtual.status ?? {})) {
      await ctx.virtual.registry.update(ctx.virtual.info[spec.kind], key.namespace, key.name, { ...virtual, status } as KubeObject, { subresource: 'status', fieldManager: 'vkube-syncer' });
    }
  }
}

export function downReconciler(spec: DownKind): KindReconciler {
  return { kind: spec.kind, reconcile: (key, ctx) => syncDown(spec, key, ctx) };
}
