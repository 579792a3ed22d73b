import type { V1Secret } from '@kubernetes/client-node';
import type { SyncContext } from './context.js';
import { cloneJson, hostObjectMeta, virtualRefOf } from './metadata.js';

export const SECRET_OWNED_PATHS: string[][] = [['data']];

const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
/** The host's token controller would act on these (and delete a Secret whose SA it cannot find). */
const HOST_TOKEN_CONTROLLER_ANNOTATIONS = ['kubernetes.io/service-account.name', 'kubernetes.io/service-account.uid'];

/**
 * The host Secret for a virtual one. A virtual service-account token Secret becomes Opaque on
 * the host: its token is the virtual cluster's, and the host must not manage or revoke it.
 */
export function secretToHost(virtualSecret: V1Secret, context: SyncContext): V1Secret {
  const virtualRef = virtualRefOf(virtualSecret);
  const isToken = virtualSecret.type === SERVICE_ACCOUNT_TOKEN_TYPE;
  const virtualMeta = { ...virtualSecret.metadata };
  if (isToken && virtualMeta.annotations) {
    virtualMeta.annotations = { ...virtualMeta.annotations };
    for (const key of HOST_TOKEN_CONTROLLER_ANNOTATIONS) delete virtualMeta.annotations[key];
  }
  const metadata = hostObjectMeta(virtualMeta, 'Secret', context.mappers.secrets.virtualToHost(virtualRef), context);
  const hostSecret: V1Secret = { apiVersion: 'v1', kind: 'Secret', metadata };
  if (isToken) hostSecret.type = 'Opaque';
  else if (virtualSecret.type !== undefined) hostSecret.type = virtualSecret.type;
  // stringData is write-only and already folded into data by the virtual API server.
  if (virtualSecret.data !== undefined) hostSecret.data = cloneJson(virtualSecret.data);
  if (virtualSecret.immutable !== undefined) hostSecret.immutable = virtualSecret.immutable;
  return hostSecret;
}
