import type { V1Node, V1NodeStatus } from '@kubernetes/client-node';
import { SYNCED_FROM_HOST_ANNOTATION } from '../mappings/index.js';
import { cloneJson } from './metadata.js';

/**
 * The virtual Node for a host node that runs tenant pods: same name (pods' spec.nodeName must
 * resolve), labels, annotations, taints and status. Host identity (uid, resourceVersion, owner
 * references, finalizers, managedFields) is not carried over.
 */
export function nodeToVirtual(hostNode: V1Node): V1Node {
  const hostMeta = hostNode.metadata ?? {};
  if (!hostMeta.name) throw new TypeError('host node needs metadata.name');
  const hostSpec = hostNode.spec ?? {};
  const spec: V1Node['spec'] = {};
  if (hostSpec.taints !== undefined) spec.taints = cloneJson(hostSpec.taints);
  if (hostSpec.unschedulable !== undefined) spec.unschedulable = hostSpec.unschedulable;
  if (hostSpec.podCIDR !== undefined) spec.podCIDR = hostSpec.podCIDR;
  if (hostSpec.podCIDRs !== undefined) spec.podCIDRs = [...hostSpec.podCIDRs];
  if (hostSpec.providerID !== undefined) spec.providerID = hostSpec.providerID;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: hostMeta.name,
      labels: { ...hostMeta.labels },
      annotations: { ...hostMeta.annotations, [SYNCED_FROM_HOST_ANNOTATION]: 'true' },
    },
    spec,
    status: nodeStatusToVirtual(hostNode),
  };
}

export function nodeStatusToVirtual(hostNode: V1Node): V1NodeStatus {
  return cloneJson(hostNode.status) ?? {};
}

/** Host nodes that run at least one of the given host pods: the virtual cluster's node set. */
export function nodesInUse(hostPods: Array<{ spec?: { nodeName?: string } }>): Set<string> {
  const names = new Set<string>();
  for (const pod of hostPods) if (pod.spec?.nodeName) names.add(pod.spec.nodeName);
  return names;
}
