/**
 * What the host informers keep of a host object: everything a reconciler reads, minus what none
 * reads. managedFields are a third of a host pod (the scheduler, kwok/kubelet and we each own
 * fields) and a token Secret's data (the virtual token, CA and namespace) is only ever written:
 * the pod reconciler checks that the Secret exists for the right virtual pod uid, from its
 * annotations. At 10,000 pods that is ~100 MB of heap (bench/sync --heap-snapshot-dir).
 *
 * The objects are freshly decoded and ours, so they are trimmed in place.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { OBJECT_KIND_ANNOTATION, SERVICE_ACCOUNT_TOKEN_KIND } from '../mappings/index.js';

export function toCachedShape<T extends KubernetesObject>(hostObject: T): T {
  const metadata = hostObject.metadata;
  if (!metadata) return hostObject;
  delete metadata.managedFields;
  if (hostObject.kind === 'Secret' && metadata.annotations?.[OBJECT_KIND_ANNOTATION] === SERVICE_ACCOUNT_TOKEN_KIND) {
    delete (hostObject as { data?: unknown }).data;
  }
  return hostObject;
}
