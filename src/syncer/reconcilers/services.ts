/**
 * Services. The host copy is made first, on create, so the virtual Service is stored with the
 * host's ClusterIP and NodePorts (hostFirstService, called from the registry hook); afterwards the
 * reconciler keeps the host spec in line with the virtual one and copies status (load balancer) up.
 */
import type { V1Service } from '@kubernetes/client-node';
import { cloneJson, jsonEqual, type KubeObject } from '../../registry/object.js';
import { OBJECT_UID_ANNOTATION } from '../mappings/index.js';
import { HostError } from '../host/host-client.js';
import type { SyncKey, SyncResult } from '../runtime/fair-queue.js';
import { hostUpdatePatch } from '../translate/diff.js';
import { SERVICE_OWNED_PATHS, serviceStatusToVirtual, serviceToHost, serviceToVirtual } from '../translate/services.js';
import { asHost, cachedVirtual, type KindReconciler, type ReconcileContext } from './context.js';
import { hostUidOf } from './down.js';
import { ensureHostNamespace } from './namespaces.js';

const SERVICE_REF = { apiVersion: 'v1', kind: 'Service' };

function isVirtualOnly(namespace: string, name: string): boolean {
  return namespace === 'default' && name === 'kubernetes';
}

/**
 * Host-first create: makes the host Service for a virtual Service about to be stored (its uid is
 * already set) and returns the virtual object carrying the host's addresses. `undo` deletes the
 * host copy when storing the virtual one fails.
 */
export async function hostFirstService(
  ctx: ReconcileContext,
  virtualService: KubeObject,
): Promise<{ virtual: KubeObject; undo: () => Promise<void>; adopt: (uid: string) => Promise<void> }> {
  const { namespace, name } = virtualService.metadata;
  if (isVirtualOnly(namespace!, name!)) return { virtual: virtualService, undo: async () => undefined, adopt: async () => undefined };
  await ensureHostNamespace(ctx, namespace!);
  const desired = serviceToHost(asHost<V1Service>(virtualService), ctx.sync);
  let host: V1Service;
  try {
    host = await ctx.hostClient.create(desired);
  } catch (err) {
    // A copy left by an earlier incarnation of this name: replace it.
    if (!(err instanceof HostError && err.alreadyExists)) throw err;
    const ref = { ...SERVICE_REF, namespace: desired.metadata!.namespace!, name: desired.metadata!.name! };
    await ctx.hostClient.delete(ref);
    host = await ctx.hostClient.create(desired);
  }
  ctx.metrics.hostWrite('Service', 'create');
  const ref = { ...SERVICE_REF, namespace: host.metadata!.namespace!, name: host.metadata!.name! };
  const virtual = serviceToVirtual(asHost<V1Service>(virtualService), host) as unknown as KubeObject;
  return {
    virtual,
    undo: async () => void (await ctx.hostClient.delete(ref, { uid: host.metadata?.uid })),
    adopt: async (uid) => void (await ctx.hostClient.mergePatch(ref, { metadata: { annotations: { [OBJECT_UID_ANNOTATION]: uid } } })),
  };
}

async function reconcileService(key: SyncKey, ctx: ReconcileContext): Promise<SyncResult | void> {
  if (isVirtualOnly(key.namespace, key.name)) return;
  const virtual = cachedVirtual(ctx, 'services', key.namespace, key.name);
  const hostRef = ctx.sync.mappers.services.virtualToHost({ namespace: key.namespace, name: key.name });
  const ref = { ...SERVICE_REF, ...hostRef };
  const host = ctx.host.get<V1Service>('services', hostRef.namespace, hostRef.name);
  if (host && (!virtual || virtual.metadata.deletionTimestamp || hostUidOf(host) !== virtual.metadata.uid)) {
    // A host copy made by hostFirstService for a virtual create still in flight has no virtual
    // object yet; it is removed here only once it is older than any create could take.
    const age = Date.now() - new Date(host.metadata?.creationTimestamp ?? 0).getTime();
    if (!hostUidOf(host) && age < 10_000) return { requeueAfterMs: 10_000 - age };
    if (await ctx.hostClient.delete(ref, { uid: host.metadata?.uid })) ctx.metrics.hostWrite('Service', 'delete');
    return virtual && !virtual.metadata.deletionTimestamp ? { requeueAfterMs: 200 } : undefined;
  }
  if (!virtual || virtual.metadata.deletionTimestamp) return;
  const desired = serviceToHost(asHost<V1Service>(virtual), ctx.sync);
  if (!host) {
    // Created before the syncer ran, or deleted on the host: ask for the same addresses again.
    await ensureHostNamespace(ctx, key.namespace);
    try {
      await ctx.hostClient.create(desired);
      ctx.metrics.hostWrite('Service', 'create');
    } catch (err) {
      if (err instanceof HostError && err.alreadyExists) return { requeueAfterMs: 1000 };
      throw err;
    }
    return;
  }
  const patch = hostUpdatePatch(host, desired, SERVICE_OWNED_PATHS);
  if (patch) {
    await ctx.hostClient.mergePatch(ref, patch);
    ctx.metrics.hostWrite('Service', 'patch');
  }
  const status = serviceStatusToVirtual(host);
  if (!jsonEqual(cloneJson(status), virtual.status ?? {})) {
    await ctx.virtual.registry.update(ctx.virtual.info.services, key.namespace, key.name, { ...virtual, status: status as KubeObject['status'] }, { subresource: 'status', fieldManager: 'vkube-syncer' });
  }
}

export const serviceReconciler: KindReconciler = { kind: 'services', reconcile: reconcileService };
