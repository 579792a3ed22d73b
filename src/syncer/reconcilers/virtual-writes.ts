/**
 * Writes to the virtual side that are the syncer's alone: binding a pod to the node its host copy
 * runs on (upstream's pods/binding: a storage-level update, because spec.nodeName is immutable to
 * ordinary updates), finishing a graceful deletion, and recording events.
 */
import { randomBytes } from 'node:crypto';
import { apiErrors } from '../../registry/errors.js';
import { objectKey } from '../../registry/keys.js';
import { formatTime, type KubeObject } from '../../registry/object.js';
import { StoreError, wholeObject } from '../../store/types.js';
import type { ReconcileContext } from './context.js';

export async function bindVirtualPod(ctx: ReconcileContext, virtualPod: KubeObject, nodeName: string): Promise<void> {
  const info = ctx.virtual.info.pods;
  const { namespace, name, uid } = virtualPod.metadata;
  const key = objectKey(info, namespace, name!);
  const current = await ctx.virtual.registry.store.get<KubeObject>(key);
  if (!current || current.view.metadata.uid !== uid) return;
  // The whole object: a write straight to the store from the view would drop managedFields.
  const pod = wholeObject(current);
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (spec.nodeName) {
    if (spec.nodeName === nodeName) return;
    throw apiErrors.conflict({ group: '', resource: 'pods' }, name!, `pod ${name} is already assigned to node "${spec.nodeName}"`);
  }
  const status = (pod.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: formatTime(ctx.clock.now()) });
  const next: KubeObject = { ...pod, spec: { ...spec, nodeName }, status: { ...status, conditions } };
  try {
    // `next` is the stored pod (decoded afresh, or the view, which never changes) with fresh spec
    // and status copies: the store may keep it as it is (PutOptions.adopt).
    await ctx.virtual.registry.store.update(key, next, current.revision, { adopt: true });
  } catch (err) {
    if (err instanceof StoreError && (err.code === 'Conflict' || err.code === 'NotFound')) throw apiErrors.conflict({ group: '', resource: 'pods' }, name!, 'binding raced an update');
    throw err;
  }
}

/** Deletes a virtual pod now (grace 0), only this incarnation. */
export async function deleteVirtualPodNow(ctx: ReconcileContext, virtualPod: KubeObject): Promise<void> {
  try {
    await ctx.virtual.registry.delete(ctx.virtual.info.pods, virtualPod.metadata.namespace, virtualPod.metadata.name!, {
      gracePeriodSeconds: 0,
      preconditions: { uid: virtualPod.metadata.uid! },
    });
  } catch (err) {
    if (err instanceof Error && 'code' in err && ((err as { code: number }).code === 404 || (err as { code: number }).code === 409)) return;
    throw err;
  }
}

export interface VirtualEventInput {
  involved: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** Records a core/v1 Event about a virtual object, from the syncer. */
export async function recordVirtualEvent(ctx: ReconcileContext, input: VirtualEventInput): Promise<void> {
  const meta = input.involved.metadata;
  const now = formatTime(ctx.clock.now());
  await ctx.virtual.registry.create(ctx.virtual.info.events, meta.namespace, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${meta.name}.${randomBytes(8).toString('hex')}`, namespace: meta.namespace },
    involvedObject: { apiVersion: input.involved.apiVersion ?? 'v1', kind: input.involved.kind ?? 'Pod', name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion },
    type: input.type,
    reason: input.reason,
    message: input.message,
    source: { component: 'vkube-syncer' },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  });
}
