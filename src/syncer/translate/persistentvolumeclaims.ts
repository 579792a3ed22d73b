import type { V1PersistentVolumeClaim, V1PersistentVolumeClaimStatus, V1TypedLocalObjectReference } from '@kubernetes/client-node';
import type { SyncContext } from './context.js';
import { cloneJson, hostObjectMeta, virtualRefOf } from './metadata.js';

/**
 * The host PVC for a virtual one. volumeName is dropped: virtual PersistentVolumes are not
 * synced, the host binds the claim itself. A PVC data source (cloning) names the host copy.
 */
export function persistentVolumeClaimToHost(virtualClaim: V1PersistentVolumeClaim, context: SyncContext): V1PersistentVolumeClaim {
  const virtualRef = virtualRefOf(virtualClaim);
  const mapper = context.mappers.persistentVolumeClaims;
  const renameSource = <T extends V1TypedLocalObjectReference>(source: T | undefined): T | undefined =>
    source && source.kind === 'PersistentVolumeClaim' && !source.apiGroup
      ? { ...source, name: mapper.virtualToHost({ namespace: virtualRef.namespace, name: source.name }).name }
      : source;
  const spec = cloneJson(virtualClaim.spec) ?? {};
  delete spec.volumeName;
  if (spec.dataSource) spec.dataSource = renameSource(spec.dataSource);
  if (spec.dataSourceRef) spec.dataSourceRef = renameSource(spec.dataSourceRef);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: hostObjectMeta(virtualClaim.metadata ?? {}, 'PersistentVolumeClaim', mapper.virtualToHost(virtualRef), context),
    spec,
  };
}

/** Phase, capacity, access modes and conditions come from the host claim. */
export function persistentVolumeClaimStatusToVirtual(hostClaim: V1PersistentVolumeClaim): V1PersistentVolumeClaimStatus {
  return cloneJson(hostClaim.status) ?? {};
}
