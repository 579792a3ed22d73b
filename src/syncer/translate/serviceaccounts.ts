import type { V1ServiceAccount } from '@kubernetes/client-node';
import type { SyncContext } from './context.js';
import { hostObjectMeta, virtualRefOf } from './metadata.js';

/**
 * The host ServiceAccount for a virtual one (pods may run as it, for host-side identity such
 * as IAM bindings). Its host token is never mounted, so automount is off.
 */
export function serviceAccountToHost(virtualServiceAccount: V1ServiceAccount, context: SyncContext): V1ServiceAccount {
  const virtualRef = virtualRefOf(virtualServiceAccount);
  const secretName = (name: string) => context.mappers.secrets.virtualToHost({ namespace: virtualRef.namespace, name }).name;
  const hostServiceAccount: V1ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: hostObjectMeta(
      virtualServiceAccount.metadata ?? {},
      'ServiceAccount',
      context.mappers.serviceAccounts.virtualToHost(virtualRef),
      context,
    ),
    automountServiceAccountToken: false,
  };
  if (virtualServiceAccount.imagePullSecrets) {
    hostServiceAccount.imagePullSecrets = virtualServiceAccount.imagePullSecrets.map((ref) =>
      ref.name ? { name: secretName(ref.name) } : ref,
    );
  }
  if (virtualServiceAccount.secrets) {
    hostServiceAccount.secrets = virtualServiceAccount.secrets.map((ref) =>
      ref.name ? { name: secretName(ref.name) } : {},
    );
  }
  return hostServiceAccount;
}
