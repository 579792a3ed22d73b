/**
 * What the host informers keep of a host object: everything a reconciler reads, minus what none
 * reads. managedFields are a third of a host pod (the scheduler, kwok/kubelet and we each own
 * fields) and a token Secret's data (the virtual token, CA and namespace) is only ever written:
 * the pod reconciler checks that the Secret exists for the right virtual pod uid, from its
 * annotations. At 10,000 pods that is ~100 MB of heap (bench/sync --heap-snapshot-dir).
 * Of a pod's spec only its updatable view is kept (translate/diff.ts `podUpdatableView`): the
 * pod reconciler reads the complete host pod again in the rare pass that patches it.
 *
 * The objects are freshly decoded and ours, so they are trimmed in place. managedFields are
 * usually cut from the text already (host-http.ts `decodeHostJson`); text it could not follow
 * is decoded whole, so they are dropped here too.
 */
import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { OBJECT_KIND_ANNOTATION, SERVICE_ACCOUNT_TOKEN_KIND } from '../mappings/index.js';
import { internStrings } from '../../store/interned-strings.js';
import { podUpdatableView } from '../translate/diff.js';

/** `kind` is the informer's: items of a list response carry none of their own. */
export function toCachedShape<T extends KubernetesObject>(hostObject: T, kind: string): T {
  const metadata = hostObject.metadata;
  if (!metadata) return hostObject;
  delete metadata.managedFields;
  if (kind === 'Secret' && metadata.annotations?.[OBJECT_KIND_ANNOTATION] === SERVICE_ACCOUNT_TOKEN_KIND) {
    delete (hostObject as { data?: unknown }).data;
  }
  if (kind === 'Pod') {
    const pod = hostObject as V1Pod;
    if (pod.spec) pod.spec = podUpdatableView(pod).spec;
  }
  // Host pods repeat their namespace, node, image, condition types and our annotations' values.
  internStrings(hostObject);
  return hostObject;
}
