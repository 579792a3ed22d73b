/**
 * Up only. Nodes: a virtual Node for every host node that runs one of our pods, removed when none
 * does. Its status is copied from the host Node when our host credentials may read nodes (an
 * optional ClusterRole); with the namespaced Role alone it is built from what our pods show
 * (node name, host IP, Ready). Events: host events about our objects, renamed to virtual names.
 */
import type { CoreV1Event, KubernetesObject, V1Node } from '@kubernetes/client-node';
import { cloneJson, jsonEqual, type KubeObject } from '../../registry/object.js';
import { backPointer, SYNCED_FROM_HOST_ANNOTATION } from '../mappings/index.js';
import { HostError } from '../host/host-client.js';
import type { HostKindName } from '../host/host-informers.js';
import type { SyncKey, SyncResult } from '../runtime/fair-queue.js';
import { cachedVirtual, type KindReconciler, type ReconcileContext } from './context.js';

const NODE_REFRESH_MS = 60_000;

/** Host nodes cannot be read with the namespaced Role alone; remember it per syncer, and stop asking. */
const nodesUnreadable = new WeakSet<ReconcileContext>();

/**
 * Host Nodes read in the last few seconds. A node is queued on every event of every pod on it;
 * its status changes on the kubelet's heartbeat, not that often, and is refreshed every minute.
 */
const HOST_NODE_TTL_MS = 10_000;
const recentHostNodes = new WeakMap<ReconcileContext, Map<string, { node: V1Node | undefined; readAt: number }>>();

async function hostNode(ctx: ReconcileContext, name: string): Promise<V1Node | undefined> {
  if (nodesUnreadable.has(ctx)) return undefined;
  let recent = recentHostNodes.get(ctx);
  if (!recent) recentHostNodes.set(ctx, (recent = new Map()));
  const cached = recent.get(name);
  const now = ctx.clock.now().getTime();
  if (cached && now - cached.readAt < HOST_NODE_TTL_MS) return cached.node;
  try {
    const node = await ctx.hostClient.read<V1Node>({ apiVersion: 'v1', kind: 'Node', name });
    recent.set(name, { node, readAt: now });
    return node;
  } catch (err) {
    if (err instanceof HostError && err.code === 403) {
      nodesUnreadable.add(ctx);
      ctx.logger.info('host nodes are not readable with our credentials; virtual nodes are built from pod data');
      return undefined;
    }
    throw err;
  }
}

function desiredNode(name: string, host: V1Node | undefined, hostIp: string | undefined, now: string): KubeObject {
  const metadata = { name, labels: { ...(host?.metadata?.labels ?? { 'kubernetes.io/hostname': name }) }, annotations: { [SYNCED_FROM_HOST_ANNOTATION]: 'true' } };
  const status = host?.status
    ? cloneJson(host.status)
    : {
        addresses: [...(hostIp ? [{ type: 'InternalIP', address: hostIp }] : []), { type: 'Hostname', address: name }],
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'synced from host pods', lastHeartbeatTime: now, lastTransitionTime: now }],
      };
  const spec = host?.spec ? { ...(host.spec.taints ? { taints: host.spec.taints } : {}), ...(host.spec.unschedulable ? { unschedulable: true } : {}) } : {};
  return { apiVersion: 'v1', kind: 'Node', metadata, spec, status: status as KubeObject['status'] };
}

async function reconcileNode(key: SyncKey, ctx: ReconcileContext): Promise<SyncResult | void> {
  const info = ctx.virtual.info.nodes;
  const virtual = cachedVirtual(ctx, 'nodes', '', key.name);
  const usage = ctx.host.nodeUsage(key.name);
  if (usage.pods === 0) {
    if (virtual?.metadata.annotations?.[SYNCED_FROM_HOST_ANNOTATION]) {
      await ctx.virtual.registry.delete(info, undefined, key.name).catch((err: unknown) => {
        if (!(err instanceof Error && 'code' in err && (err as { code: number }).code === 404)) throw err;
      });
    }
    return;
  }
  const host = await hostNode(ctx, key.name);
  const now = new Date(ctx.clock.now().getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const desired = desiredNode(key.name, host, usage.hostIP, now);
  if (!virtual) {
    // Create drops status (it is a subresource), so it is written right after.
    const created = await ctx.virtual.registry.create(info, undefined, desired, { fieldManager: 'vkube-syncer' });
    await ctx.virtual.registry.update(info, undefined, key.name, { ...created.view, status: desired.status }, { subresource: 'status', fieldManager: 'vkube-syncer' });
    return { requeueAfterMs: NODE_REFRESH_MS };
  }
  if (!virtual.metadata.annotations?.[SYNCED_FROM_HOST_ANNOTATION]) return; // someone else's node
  const ignoreHeartbeat = (s: unknown): unknown => JSON.parse(JSON.stringify(s ?? {}, (k, v: unknown) => (k === 'lastHeartbeatTime' ? undefined : v)));
  if (!host && !jsonEqual(ignoreHeartbeat(desired.status), ignoreHeartbeat(virtual.status))) {
    await ctx.virtual.registry.update(info, undefined, key.name, { ...virtual, status: desired.status }, { subresource: 'status', fieldManager: 'vkube-syncer' });
  } else if (host && !jsonEqual(desired.status, virtual.status)) {
    await ctx.virtual.registry.update(info, undefined, key.name, { ...virtual, status: desired.status }, { subresource: 'status', fieldManager: 'vkube-syncer' });
  }
  return { requeueAfterMs: NODE_REFRESH_MS };
}

/** Host kinds whose events we mirror, by involvedObject.kind. */
const EVENT_KINDS: Record<string, HostKindName> = { Pod: 'pods', Service: 'services', PersistentVolumeClaim: 'persistentvolumeclaims', ConfigMap: 'configmaps', Secret: 'secrets', Ingress: 'ingresses' };

/** The host object a host event is about, when it is of a kind we sync; undefined otherwise. */
export function eventHostObject(hostEvent: CoreV1Event): { kind: HostKindName; namespace: string; name: string } | undefined {
  const involved = hostEvent.involvedObject;
  const kind = involved?.kind ? EVENT_KINDS[involved.kind] : undefined;
  if (!kind || !involved?.name || !involved.namespace) return undefined;
  return { kind, namespace: involved.namespace, name: involved.name };
}

/** The virtual namespace of a host event's object, for queueing; undefined when not ours (or not cached yet). */
export function eventTarget(ctx: ReconcileContext, hostEvent: CoreV1Event): { namespace: string; name: string } | undefined {
  const about = eventHostObject(hostEvent);
  const hostObject = about && ctx.host.get<KubernetesObject>(about.kind, about.namespace, about.name);
  return hostObject ? backPointer(hostObject) : undefined;
}

async function reconcileEvent(key: SyncKey, ctx: ReconcileContext): Promise<SyncResult | void> {
  const slash = key.name.indexOf('/');
  const hostNamespace = key.name.slice(0, slash);
  const hostName = key.name.slice(slash + 1);
  const hostEvent = ctx.host.get<CoreV1Event>('events', hostNamespace, hostName);
  if (!hostEvent) return; // events expire on the host; the virtual copy expires with its own TTL
  await mirrorEvent(ctx, hostEvent, hostName);
  // Mirrored, or not to be: nothing reads it again (a retry after a failure still finds it).
  ctx.host.release('events', hostNamespace, hostName, hostEvent.metadata?.resourceVersion);
}

async function mirrorEvent(ctx: ReconcileContext, hostEvent: CoreV1Event, hostName: string): Promise<void> {
  const involved = hostEvent.involvedObject;
  const kind = EVENT_KINDS[involved.kind ?? ''];
  const target = eventTarget(ctx, hostEvent);
  if (!kind || !target) return;
  const virtualObject = cachedVirtual(ctx, kind, target.namespace, target.name);
  if (!virtualObject) return;
  const virtualName = `${target.name}.${hostName.startsWith(`${involved.name}.`) ? hostName.slice(involved.name!.length + 1) : hostName}`;
  const message = (hostEvent.message ?? '').replaceAll(`${involved.namespace}/${involved.name}`, `${target.namespace}/${target.name}`).replaceAll(involved.name!, target.name);
  const existing = cachedVirtual(ctx, 'events', target.namespace, virtualName);
  const virtualEvent: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: virtualName, namespace: target.namespace },
    involvedObject: { apiVersion: involved.apiVersion ?? 'v1', kind: involved.kind, namespace: target.namespace, name: target.name, uid: virtualObject.metadata.uid, ...(involved.fieldPath ? { fieldPath: involved.fieldPath } : {}) },
    reason: hostEvent.reason,
    message,
    type: hostEvent.type,
    count: hostEvent.count ?? 1,
    source: hostEvent.source ?? {},
    firstTimestamp: hostEvent.firstTimestamp ?? hostEvent.eventTime,
    lastTimestamp: hostEvent.lastTimestamp ?? hostEvent.eventTime,
    reportingComponent: hostEvent.reportingComponent ?? '',
    reportingInstance: hostEvent.reportingInstance ?? '',
  };
  const info = ctx.virtual.info.events;
  if (!existing) {
    await ctx.virtual.registry.create(info, target.namespace, cloneJson(virtualEvent), { fieldManager: 'vkube-syncer' });
    return;
  }
  if (existing.count !== virtualEvent.count || existing.message !== virtualEvent.message) {
    await ctx.virtual.registry.update(info, target.namespace, virtualName, cloneJson({ ...existing, ...virtualEvent, metadata: existing.metadata }), { fieldManager: 'vkube-syncer' });
  }
}

export const nodeReconciler: KindReconciler = { kind: 'nodes', reconcile: reconcileNode };
export const eventReconciler: KindReconciler = { kind: 'events', reconcile: reconcileEvent };
