import type { V1ConfigMap } from '@kubernetes/client-node';
import type { SyncContext } from './context.js';
import { cloneJson, hostObjectMeta, virtualRefOf } from './metadata.js';

/** Data maps belong to the virtual side: keys removed there are removed on the host. */
export const CONFIGMAP_OWNED_PATHS: string[][] = [['data'], ['binaryData']];

export function configMapToHost(virtualConfigMap: V1ConfigMap, context: SyncContext): V1ConfigMap {
  const virtualRef = virtualRefOf(virtualConfigMap);
  const hostConfigMap: V1ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: hostObjectMeta(
      virtualConfigMap.metadata ?? {},
      'ConfigMap',
      context.mappers.configMaps.virtualToHost(virtualRef),
      context,
    ),
  };
  if (virtualConfigMap.data !== undefined) hostConfigMap.data = cloneJson(virtualConfigMap.data);
  if (virtualConfigMap.binaryData !== undefined) hostConfigMap.binaryData = cloneJson(virtualConfigMap.binaryData);
  if (virtualConfigMap.immutable !== undefined) hostConfigMap.immutable = virtualConfigMap.immutable;
  return hostConfigMap;
}
