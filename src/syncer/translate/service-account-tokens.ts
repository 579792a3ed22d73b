import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { SERVICE_ACCOUNT_TOKEN_KIND, TOKEN_FOR_POD_ANNOTATION } from '../mappings/index.js';
import type { SyncContext } from './context.js';
import { hostObjectMeta, virtualRefOf } from './metadata.js';
import { CA_KEY, NAMESPACE_KEY } from './pod-runtime.js';

/**
 * The host Secret that carries a virtual pod's service-account tokens into the host pod.
 * `tokens` maps each key from `requiredServiceAccountTokens` to a token the reconciler minted
 * through the virtual cluster's TokenRequest API (bound to the virtual pod); `caCertificate` is
 * the virtual cluster's CA (PEM), so in-cluster clients trust vkube and nothing else.
 */
export function serviceAccountTokenSecret(
  virtualPod: V1Pod,
  tokens: Record<string, string>,
  caCertificate: string,
  context: SyncContext,
): V1Secret {
  const virtualRef = virtualRefOf(virtualPod);
  const hostRef = context.mappers.serviceAccountTokens.virtualToHost(virtualRef);
  // Only the pod's identity: the pod's own labels and annotations belong on the pod.
  const podIdentity = { name: virtualRef.name, namespace: virtualRef.namespace, uid: virtualPod.metadata?.uid };
  const metadata = hostObjectMeta(podIdentity, SERVICE_ACCOUNT_TOKEN_KIND, hostRef, context, {
    annotations: { [TOKEN_FOR_POD_ANNOTATION]: virtualRef.name },
  });
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const data: Record<string, string> = {};
  for (const [key, token] of Object.entries(tokens)) data[key] = base64(token);
  data[CA_KEY] = base64(caCertificate);
  data[NAMESPACE_KEY] = base64(virtualRef.namespace);
  return { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata, data };
}
