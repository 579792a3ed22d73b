/**
 * `namespaces` mode: each virtual namespace has its own host namespace `<vc>-<ns>`, created with
 * it (with its labels and annotations) and deleted with it, which removes every host object in
 * it. In `single` mode all virtual namespaces share the one host namespace and nothing happens here.
 */
import type { V1Namespace } from '@kubernetes/client-node';
import { HostError } from '../host/host-client.js';
import type { SyncKey, SyncResult } from '../runtime/fair-queue.js';
import { hostUpdatePatch } from '../translate/diff.js';
import { namespaceToHost } from '../translate/namespaces.js';
import { asHost, cachedVirtual, type KindReconciler, type ReconcileContext } from './context.js';

const NAMESPACE_REF = { apiVersion: 'v1', kind: 'Namespace' };

/** Makes sure the host namespace for a virtual namespace exists and is watched (namespaces mode). */
export async function ensureHostNamespace(ctx: ReconcileContext, virtualNamespace: string): Promise<void> {
  if (ctx.sync.mode !== 'namespaces' || virtualNamespace === '') return;
  const hostName = ctx.sync.mappers.namespaces.virtualToHost({ namespace: '', name: virtualNamespace }).name;
  if (ctx.ensuredHostNamespaces.has(hostName)) return;
  // A Service created right after its namespace (host-first create) may outrun our cache.
  const virtual = cachedVirtual(ctx, 'namespaces', '', virtualNamespace) ?? (await ctx.virtual.registry.get(ctx.virtual.info.namespaces, undefined, virtualNamespace)).view;
  try {
    await ctx.hostClient.create(namespaceToHost(asHost<V1Namespace>(virtual), ctx.sync));
    ctx.metrics.hostWrite('Namespace', 'create');
  } catch (err) {
    if (!(err instanceof HostError && err.alreadyExists)) throw err;
  }
  ctx.ensuredHostNamespaces.add(hostName);
  await ctx.host.watchNamespace(hostName);
}

async function reconcileNamespace(key: SyncKey, ctx: ReconcileContext): Promise<SyncResult | void> {
  if (ctx.sync.mode !== 'namespaces') return;
  const virtual = cachedVirtual(ctx, 'namespaces', '', key.name);
  const hostName = ctx.sync.mappers.namespaces.virtualToHost({ namespace: '', name: key.name }).name;
  const ref = { ...NAMESPACE_REF, name: hostName };
  if (!virtual || virtual.metadata.deletionTimestamp) {
    ctx.ensuredHostNamespaces.delete(hostName);
    await ctx.host.unwatchNamespace(hostName);
    const host = await ctx.hostClient.read<V1Namespace>(ref);
    if (host && ctx.sync.mappers.namespaces.isManaged(host) && !host.metadata?.deletionTimestamp) {
      await ctx.hostClient.delete(ref);
      ctx.metrics.hostWrite('Namespace', 'delete');
      ctx.logger.info({ virtualNamespace: key.name, hostNamespace: hostName }, 'deleted host namespace');
    }
    return;
  }
  await ensureHostNamespace(ctx, key.name);
  const host = await ctx.hostClient.read<V1Namespace>(ref);
  if (!host) return { requeueAfterMs: 1000 };
  const patch = hostUpdatePatch(host, namespaceToHost(asHost<V1Namespace>(virtual), ctx.sync));
  if (patch?.metadata) {
    await ctx.hostClient.mergePatch(ref, { metadata: patch.metadata });
    ctx.metrics.hostWrite('Namespace', 'patch');
  }
}

export const namespaceReconciler: KindReconciler = { kind: 'namespaces', reconcile: reconcileNamespace };
