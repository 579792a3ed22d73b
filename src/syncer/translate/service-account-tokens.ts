import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import {
  MANAGED_BY_LABEL,
  NAMESPACE_LABEL,
  OBJECT_KIND_ANNOTATION,
  OBJECT_NAME_ANNOTATION,
  OBJECT_NAMESPACE_ANNOTATION,
  OBJECT_UID_ANNOTATION,
  SERVICE_ACCOUNT_TOKEN_KIND,
} from '../mappings/index.js';
import type { SyncContext } from './context.js';
import { virtualRefOf } from './metadata.js';
import { CA_KEY, NAMESPACE_KEY, needsTokenVolume } from './pod-runtime.js';

/**
 * The host Secret that carries a virtual pod's service-account tokens into the host pod.
 * `tokens` maps each key from `requiredServiceAccountTokens` to a token the reconciler minted
 * through the virtual cluster's TokenRequest API (bound to the virtual pod). The virtual
 * cluster's CA (PEM) and the virtual namespace are added only for our own token volume
 * (`needsTokenVolume`): a pod's `kube-api-access-*` volume reads them from the synced
 * kube-root-ca.crt and the downward API. It is written once and never updated, so it carries the
 * pod's identity (back-pointers and ownership) and nothing of the pod's own labels and annotations.
 */
export function serviceAccountTokenSecret(
  virtualPod: V1Pod,
  tokens: Record<string, string>,
  caCertificate: string,
  context: SyncContext,
): V1Secret {
  const virtualRef = virtualRefOf(virtualPod);
  const hostRef = context.mappers.serviceAccountTokens.virtualToHost(virtualRef);
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const data: Record<string, string> = {};
  for (const [key, token] of Object.entries(tokens)) data[key] = base64(token);
  if (needsTokenVolume(virtualPod.spec)) {
    data[CA_KEY] = base64(caCertificate);
    data[NAMESPACE_KEY] = base64(virtualRef.namespace);
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: hostRef.name,
      namespace: hostRef.namespace,
      labels: { [MANAGED_BY_LABEL]: context.virtualClusterName, [NAMESPACE_LABEL]: virtualRef.namespace },
      annotations: {
        [OBJECT_NAME_ANNOTATION]: virtualRef.name,
        [OBJECT_NAMESPACE_ANNOTATION]: virtualRef.namespace,
        [OBJECT_UID_ANNOTATION]: virtualPod.metadata?.uid ?? '',
        [OBJECT_KIND_ANNOTATION]: SERVICE_ACCOUNT_TOKEN_KIND,
      },
    },
    data,
  };
}
