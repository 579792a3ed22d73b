import type { CoreV1Event } from '@kubernetes/client-node';
import { OBJECT_UID_ANNOTATION, type HostObjectLike, type NameMapper } from '../mappings/index.js';
import type { SyncContext } from './context.js';

/** Kinds whose host events the tenant sees (the kinds vkube syncs down). */
export function eventMapperFor(kind: string | undefined, context: SyncContext): NameMapper | undefined {
  const { mappers } = context;
  switch (kind) {
    case 'Pod': return mappers.pods;
    case 'Service': return mappers.services;
    case 'ConfigMap': return mappers.configMaps;
    case 'Secret': return mappers.secrets;
    case 'ServiceAccount': return mappers.serviceAccounts;
    case 'Endpoints': return mappers.endpoints;
    case 'PersistentVolumeClaim': return mappers.persistentVolumeClaims;
    case 'Ingress': return mappers.ingresses;
    default: return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Host names in an event message, rewritten to virtual ones: `ns/name` (scheduler, controllers),
 * `name_ns(uid)` (kubelet), then the bare host name and uid.
 */
export function rewriteEventMessage(
  message: string,
  host: { namespace: string; name: string; uid?: string },
  virtual: { namespace: string; name: string; uid?: string },
): string {
  let rewritten = message
    .replaceAll(`${host.namespace}/${host.name}`, `${virtual.namespace}/${virtual.name}`)
    .replaceAll(`${host.name}_${host.namespace}`, `${virtual.name}_${virtual.namespace}`);
  if (host.name !== virtual.name) {
    // Whole-name matches only, so "web" inside "web-x-..." style prefixes is not touched twice.
    rewritten = rewritten.replace(new RegExp(`(?<![A-Za-z0-9.-])${escapeRegExp(host.name)}(?![A-Za-z0-9-])`, 'g'), virtual.name);
  }
  if (host.uid && virtual.uid) rewritten = rewritten.replaceAll(host.uid, virtual.uid);
  return rewritten;
}

/**
 * The virtual Event for a host Event about an object vkube synced, or undefined when the
 * object is not ours (or not a synced kind). `hostInvolvedObject` is the host object the event
 * is about, as the reconciler found it; its back-pointer annotations give the virtual names.
 */
export function eventToVirtual(
  hostEvent: CoreV1Event,
  hostInvolvedObject: HostObjectLike & { metadata?: { uid?: string } },
  context: SyncContext,
): CoreV1Event | undefined {
  const involved = hostEvent.involvedObject;
  const mapper = eventMapperFor(involved.kind, context);
  if (mapper === undefined || !mapper.isManaged(hostInvolvedObject)) return undefined;
  if (hostInvolvedObject.metadata?.name !== involved.name) return undefined;
  const virtualRef = mapper.hostToVirtual(hostInvolvedObject);
  if (virtualRef === undefined) return undefined;
  const virtualUid = hostInvolvedObject.metadata?.annotations?.[OBJECT_UID_ANNOTATION];
  const hostNames = { namespace: involved.namespace ?? '', name: involved.name ?? '', uid: involved.uid };
  const virtualNames = { namespace: virtualRef.namespace, name: virtualRef.name, uid: virtualUid };

  const hostEventName = hostEvent.metadata?.name ?? '';
  const name = hostEventName.startsWith(`${hostNames.name}.`)
    ? `${virtualRef.name}${hostEventName.slice(hostNames.name.length)}`
    : hostEventName;
  const { uid: _uid, resourceVersion: _rv, ...involvedRest } = involved;
  const virtualEvent: CoreV1Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: virtualRef.namespace },
    involvedObject: { ...involvedRest, name: virtualRef.name, namespace: virtualRef.namespace, ...(virtualUid && { uid: virtualUid }) },
  };
  const copied = [
    'reason', 'type', 'count', 'source', 'firstTimestamp', 'lastTimestamp', 'eventTime',
    'series', 'action', 'reportingComponent', 'reportingInstance',
  ] as const;
  for (const key of copied) {
    if (hostEvent[key] !== undefined) Object.assign(virtualEvent, { [key]: hostEvent[key] });
  }
  if (hostEvent.message !== undefined) virtualEvent.message = rewriteEventMessage(hostEvent.message, hostNames, virtualNames);
  return virtualEvent;
}
