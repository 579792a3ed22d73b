import type { V1Namespace } from '@kubernetes/client-node';
import { NAMESPACE_LABEL } from '../mappings/index.js';
import type { SyncContext } from './context.js';
import { hostObjectMeta } from './metadata.js';

const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';
/** Set by the host API server from the namespace's own name. */
const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Namespaces mode: the host namespace `<vc>-<ns>` for a virtual namespace, with its labels
 * and annotations. The tenant's Pod Security labels are replaced by the configured level, so a
 * tenant cannot relax the host's enforcement by labelling a virtual namespace.
 */
export function namespaceToHost(virtualNamespace: V1Namespace, context: SyncContext): V1Namespace {
  const name = virtualNamespace.metadata?.name;
  if (!name) throw new TypeError('virtual namespace needs metadata.name');
  const labels = Object.fromEntries(
    Object.entries(virtualNamespace.metadata?.labels ?? {}).filter(
      ([key]) => !key.startsWith(POD_SECURITY_LABEL_PREFIX) && key !== METADATA_NAME_LABEL,
    ),
  );
  const hostRef = context.mappers.namespaces.virtualToHost({ namespace: '', name });
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: hostObjectMeta({ ...virtualNamespace.metadata, labels }, 'Namespace', hostRef, context, {
      labels: {
        [NAMESPACE_LABEL]: name,
        [`${POD_SECURITY_LABEL_PREFIX}enforce`]: context.podSecurityLevel,
      },
    }),
  };
}
