/**
 * Pods, both ways. Down: the host pod (translated by translate/pods.ts) after everything it
 * references (ConfigMaps, Secrets, PVCs, its token Secret) is on the host; only updatable fields
 * are patched later. Up: the virtual pod is bound to the host pod's node and gets its status.
 * Deletion: a virtual pod being deleted deletes the host pod with the same grace and is removed
 * once the host pod is gone; a host pod deleted behind our back deletes the virtual pod, so its
 * controller makes a new one. A pod breaking the Pod Security level is never synced.
 */
import type { KubernetesObject, V1Pod, V1PodSpec, V1Secret } from '@kubernetes/client-node';
import { cloneJson, formatTime, jsonEqual, type KubeObject } from '../../registry/object.js';
import { POD_SECURITY_CONDITION_TYPE, POD_SECURITY_EVENT_REASON, checkPod, podSecurityCondition } from '../pod-security/index.js';
import { HostError } from '../host/host-client.js';
import type { SyncKey, SyncResult } from '../runtime/fair-queue.js';
import { podHostUpdatePatch, podUpdatableView } from '../translate/diff.js';
import { podReferences } from '../translate/pod-references.js';
import { requiredServiceAccountTokens } from '../translate/pod-runtime.js';
import { podStatusToVirtual, podToHost, tokenSecretRef } from '../translate/pods.js';
import { serviceAccountTokenSecret } from '../translate/service-account-tokens.js';
import { asHost, asVirtual, cachedVirtual, type KindReconciler, type ReconcileContext } from './context.js';
import { DOWN_KINDS, hostUidOf, syncDown } from './down.js';
import { ensureHostNamespace } from './namespaces.js';
import { bindVirtualPod, deleteVirtualPodNow, recordVirtualEvent } from './virtual-writes.js';

const POD_REF = { apiVersion: 'v1', kind: 'Pod' };
const SECRET_REF = { apiVersion: 'v1', kind: 'Secret' };

function isTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function nodeNameOf(pod: KubernetesObject | KubeObject | undefined): string | undefined {
  return (pod as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName || undefined;
}

async function deleteTokenSecret(ctx: ReconcileContext, key: SyncKey): Promise<void> {
  const ref = tokenSecretRef({ namespace: key.namespace, name: key.name }, ctx.sync);
  if (ctx.host.get('secrets', ref.namespace, ref.name) && (await ctx.hostClient.delete({ ...SECRET_REF, ...ref }))) ctx.metrics.hostWrite('Secret', 'delete');
}

/** The host Secret carrying the pod's virtual token(s) (translate/service-account-tokens.ts). */
async function ensureTokenSecret(ctx: ReconcileContext, virtualPod: KubeObject): Promise<void> {
  const { namespace, name, uid } = virtualPod.metadata;
  const spec = virtualPod.spec as V1PodSpec;
  const ref = tokenSecretRef({ namespace: namespace!, name: name! }, ctx.sync);
  const existing = ctx.host.get<V1Secret>('secrets', ref.namespace, ref.name);
  if (existing && hostUidOf(existing) === uid) return;
  if (existing) await ctx.hostClient.delete({ ...SECRET_REF, ...ref });
  const serviceAccountName = spec.serviceAccountName ?? 'default';
  const tokens: Record<string, string> = {};
  for (const required of requiredServiceAccountTokens(spec)) {
    const token = await ctx.tokens({ namespace: namespace!, serviceAccountName, pod: { name: name!, uid: uid! }, audience: required.audience, expirationSeconds: required.expirationSeconds });
    tokens[required.key] = token ?? '';
  }
  try {
    await ctx.hostClient.create(serviceAccountTokenSecret(asHost<V1Pod>(virtualPod), tokens, ctx.virtualCaPem, ctx.sync));
    ctx.metrics.hostWrite('Secret', 'create');
  } catch (err) {
    if (!(err instanceof HostError && err.alreadyExists)) throw err;
  }
}

/** Everything the host pod names must exist on the host before it (or the kubelet would wait). */
async function ensureReferences(ctx: ReconcileContext, virtualPod: KubeObject): Promise<void> {
  const namespace = virtualPod.metadata.namespace!;
  const refs = podReferences(virtualPod.spec as V1PodSpec);
  const jobs: Promise<unknown>[] = [];
  for (const [kind, names] of [['configmaps', refs.configMaps], ['secrets', refs.secrets], ['persistentvolumeclaims', refs.persistentVolumeClaims]] as const) {
    for (const name of names) {
      if (!cachedVirtual(ctx, kind, namespace, name)) continue; // the kubelet would wait for it; so will the host's
      jobs.push(syncDown(DOWN_KINDS[kind]!, { kind, namespace, name }, ctx));
    }
  }
  const sa = (virtualPod.spec as V1PodSpec).serviceAccountName ?? 'default';
  if (!ctx.sync.hostServiceAccountName && cachedVirtual(ctx, 'serviceaccounts', namespace, sa)) {
    jobs.push(syncDown(DOWN_KINDS.serviceaccounts!, { kind: 'serviceaccounts', namespace, name: sa }, ctx));
  }
  await Promise.all(jobs);
  await ensureTokenSecret(ctx, virtualPod);
}

/** Pod Security: refused pods get a condition and one event, and are never created on the host. */
async function refuseIfInsecure(ctx: ReconcileContext, virtualPod: KubeObject): Promise<boolean> {
  const result = checkPod(ctx.sync.podSecurityLevel, asHost<V1Pod>(virtualPod));
  if (result.allowed) return false;
  const status = (virtualPod.status ?? {}) as { conditions?: Array<{ type: string; message?: string }> };
  const existing = status.conditions?.find((c) => c.type === POD_SECURITY_CONDITION_TYPE);
  if (existing?.message === result.message) return true;
  const condition = { ...podSecurityCondition(result), lastTransitionTime: formatTime(ctx.clock.now()) };
  const conditions = [...(status.conditions ?? []).filter((c) => c.type !== POD_SECURITY_CONDITION_TYPE), condition];
  await ctx.virtual.registry.update(ctx.virtual.info.pods, virtualPod.metadata.namespace, virtualPod.metadata.name!, { ...virtualPod, status: { ...status, conditions } }, { subresource: 'status', fieldManager: 'vkube-syncer' });
  await recordVirtualEvent(ctx, { involved: virtualPod, type: 'Warning', reason: POD_SECURITY_EVENT_REASON, message: `pod not synced to the host: ${result.message}` });
  ctx.logger.info({ virtualNamespace: virtualPod.metadata.namespace, virtualName: virtualPod.metadata.name, violations: result.message }, 'pod refused by Pod Security');
  return true;
}

/**
 * What the pod reconciler compares of the translated host pod, per cached virtual pod. Cached
 * objects are replaced, never changed, so it is kept for as long as that object is the current
 * one: most passes come from host events (status, binding), which leave the virtual pod as it
 * was. Only the updatable view is kept (the full translation is made again for a create).
 */
const translatedPods = new WeakMap<KubeObject, { sync: ReconcileContext['sync']; view: V1Pod }>();

function desiredHostPodView(ctx: ReconcileContext, virtualPod: KubeObject): V1Pod {
  const cached = translatedPods.get(virtualPod);
  if (cached && cached.sync === ctx.sync) return cached.view;
  const view = podUpdatableView(podToHost(asHost<V1Pod>(virtualPod), ctx.sync));
  translatedPods.set(virtualPod, { sync: ctx.sync, view });
  return view;
}

/**
 * Brings a running host pod's updatable fields in line. The cached host pod is a view without
 * the containers' other fields, and a merge patch replaces the containers list whole: so when
 * something differs, the patch is made from the complete host pod, read fresh (a rare pass).
 */
async function updateHostPod(ctx: ReconcileContext, ref: typeof POD_REF & { namespace: string; name: string }, cachedHostPod: V1Pod, desired: V1Pod): Promise<void> {
  if (!podHostUpdatePatch(cachedHostPod, desired)) return;
  const current = await ctx.hostClient.read<V1Pod>(ref);
  if (!current || current.metadata?.uid !== cachedHostPod.metadata?.uid || current.metadata?.deletionTimestamp) return;
  const patch = podHostUpdatePatch(current, desired);
  if (!patch) return;
  await ctx.hostClient.mergePatch(ref, patch);
  ctx.metrics.hostWrite('Pod', 'patch');
}

async function reconcilePod(key: SyncKey, ctx: ReconcileContext): Promise<SyncResult | void> {
  const virtualPod = cachedVirtual(ctx, 'pods', key.namespace, key.name);
  const hostRef = ctx.sync.mappers.pods.virtualToHost({ namespace: key.namespace, name: key.name });
  const ref = { ...POD_REF, ...hostRef };
  const hostPod = ctx.host.get<V1Pod>('pods', hostRef.namespace, hostRef.name);
  const log = ctx.logger.child({ kind: 'Pod', virtualNamespace: key.namespace, virtualName: key.name, hostNamespace: hostRef.namespace, hostName: hostRef.name });

  // Gone from the virtual side, or a copy of an earlier pod of the same name: remove it.
  if (hostPod && (!virtualPod || hostUidOf(hostPod) !== virtualPod.metadata.uid)) {
    if (!hostPod.metadata?.deletionTimestamp || !virtualPod) {
      if (await ctx.hostClient.delete(ref, { uid: hostPod.metadata?.uid, gracePeriodSeconds: virtualPod ? 0 : undefined })) ctx.metrics.hostWrite('Pod', 'delete');
      log.debug('deleted host pod');
    }
    if (!virtualPod) await deleteTokenSecret(ctx, key);
    return virtualPod ? { requeueAfterMs: 500 } : undefined;
  }
  if (!virtualPod) {
    await deleteTokenSecret(ctx, key);
    return;
  }
  if (virtualPod.metadata.deletionTimestamp) {
    if (hostPod) {
      if (!hostPod.metadata?.deletionTimestamp) {
        await ctx.hostClient.delete(ref, { uid: hostPod.metadata?.uid, gracePeriodSeconds: virtualPod.metadata.deletionGracePeriodSeconds ?? undefined });
        ctx.metrics.hostWrite('Pod', 'delete');
      }
      return;
    }
    await deleteVirtualPodNow(ctx, virtualPod);
    await deleteTokenSecret(ctx, key);
    return;
  }
  if (!hostPod) {
    if (nodeNameOf(virtualPod)) {
      // It ran on the host and the host copy vanished: the pod is lost, its controller replaces it.
      log.info('host pod deleted behind our back; deleting the virtual pod');
      await deleteVirtualPodNow(ctx, virtualPod);
      return;
    }
    if (isTerminal(virtualPod) || (await refuseIfInsecure(ctx, virtualPod))) return;
    await ensureHostNamespace(ctx, key.namespace);
    await ensureReferences(ctx, virtualPod);
    try {
      await ctx.hostClient.create(podToHost(asHost<V1Pod>(virtualPod), ctx.sync));
      ctx.metrics.hostWrite('Pod', 'create');
      log.debug('created host pod');
    } catch (err) {
      if (err instanceof HostError && err.alreadyExists) return { requeueAfterMs: 1000 };
      throw err;
    }
    return;
  }

  // Both exist: spec down (only what a pod update can carry), node and status up.
  if (!hostPod.metadata?.deletionTimestamp) await updateHostPod(ctx, ref, hostPod, desiredHostPodView(ctx, virtualPod));
  const hostNode = nodeNameOf(hostPod);
  if (hostNode && !nodeNameOf(virtualPod)) {
    await bindVirtualPod(ctx, virtualPod, hostNode);
    // The status goes up on the next pass, from the bound object.
    return { requeueAfterMs: 0 };
  }
  const status = podStatusToVirtual(asHost<V1Pod>(virtualPod), hostPod);
  if (!jsonEqual(cloneJson(status), virtualPod.status ?? {})) {
    await ctx.virtual.registry.update(ctx.virtual.info.pods, key.namespace, key.name, { ...virtualPod, status: asVirtual(status as KubernetesObject) as unknown as KubeObject['status'] }, { subresource: 'status', fieldManager: 'vkube-syncer' });
  }
}

export const podReconciler: KindReconciler = { kind: 'pods', reconcile: reconcilePod };
