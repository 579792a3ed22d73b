import type { V1EndpointAddress, V1Endpoints } from '@kubernetes/client-node';
import type { SyncContext } from './context.js';
import { cloneJson, hostObjectMeta, virtualRefOf } from './metadata.js';

/** Only Endpoints of selector-less Services are synced; the host controller derives the rest. */
export function endpointsNeedSync(virtualServiceSelector: Record<string, string> | undefined): boolean {
  return virtualServiceSelector === undefined || Object.keys(virtualServiceSelector).length === 0;
}

function translateAddress(address: V1EndpointAddress, virtualNamespace: string, context: SyncContext): V1EndpointAddress {
  const targetRef = address.targetRef;
  if (targetRef?.kind !== 'Pod' || !targetRef.name) return address;
  const hostPod = context.mappers.pods.virtualToHost({ namespace: targetRef.namespace ?? virtualNamespace, name: targetRef.name });
  return { ...address, targetRef: { kind: 'Pod', name: hostPod.name, namespace: hostPod.namespace } };
}

/** The host Endpoints, named like the host Service so it serves them; pod targets point at host pods. */
export function endpointsToHost(virtualEndpoints: V1Endpoints, context: SyncContext): V1Endpoints {
  const virtualRef = virtualRefOf(virtualEndpoints);
  const hostEndpoints: V1Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: hostObjectMeta(
      virtualEndpoints.metadata ?? {},
      'Endpoints',
      context.mappers.endpoints.virtualToHost(virtualRef),
      context,
    ),
  };
  if (virtualEndpoints.subsets) {
    hostEndpoints.subsets = cloneJson(virtualEndpoints.subsets).map((subset) => ({
      ...subset,
      ...(subset.addresses && { addresses: subset.addresses.map((a) => translateAddress(a, virtualRef.namespace, context)) }),
      ...(subset.notReadyAddresses && {
        notReadyAddresses: subset.notReadyAddresses.map((a) => translateAddress(a, virtualRef.namespace, context)),
      }),
    }));
  }
  return hostEndpoints;
}
