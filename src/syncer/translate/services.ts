import type { V1Service, V1ServicePort, V1ServiceStatus } from '@kubernetes/client-node';
import { MANAGED_BY_LABEL, NAMESPACE_LABEL } from '../mappings/index.js';
import type { SyncContext } from './context.js';
import { cloneJson, hostObjectMeta, virtualRefOf } from './metadata.js';

/** The selector is the virtual side's alone; its removal must reach the host. */
export const SERVICE_OWNED_PATHS: string[][] = [['spec', 'selector']];

/**
 * The host Service for a virtual one. Host pods keep their virtual labels, so the selector is
 * narrowed with vkube's labels to the pods of this virtual namespace. clusterIP(s) and
 * nodePorts are kept when set: they came from the host in the first place (host-first create),
 * and asking for them again keeps both sides equal when the host copy is recreated.
 */
export function serviceToHost(virtualService: V1Service, context: SyncContext): V1Service {
  const virtualRef = virtualRefOf(virtualService);
  const hostRef = context.mappers.services.virtualToHost(virtualRef);
  const spec = cloneJson(virtualService.spec) ?? {};
  if (spec.selector && Object.keys(spec.selector).length > 0) {
    spec.selector = { ...spec.selector, [MANAGED_BY_LABEL]: context.virtualClusterName, [NAMESPACE_LABEL]: virtualRef.namespace };
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: hostObjectMeta(virtualService.metadata ?? {}, 'Service', hostRef, context),
    spec,
  };
}

function samePort(a: V1ServicePort, b: V1ServicePort): boolean {
  if (a.name && b.name) return a.name === b.name;
  return a.port === b.port && (a.protocol ?? 'TCP') === (b.protocol ?? 'TCP');
}

export function serviceStatusToVirtual(hostService: V1Service): V1ServiceStatus {
  return cloneJson(hostService.status) ?? {};
}

/**
 * The virtual Service carrying what the host allocated: clusterIP(s), IP families, nodePorts,
 * healthCheckNodePort, and the host status (load balancer ingress). Everything else stays virtual.
 */
export function serviceToVirtual(virtualService: V1Service, hostService: V1Service): V1Service {
  const updated = cloneJson(virtualService);
  const spec = { ...updated.spec };
  const hostSpec = hostService.spec ?? {};
  if (hostSpec.clusterIP !== undefined) spec.clusterIP = hostSpec.clusterIP;
  if (hostSpec.clusterIPs !== undefined) spec.clusterIPs = [...hostSpec.clusterIPs];
  if (hostSpec.ipFamilies !== undefined) spec.ipFamilies = [...hostSpec.ipFamilies];
  if (hostSpec.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = hostSpec.ipFamilyPolicy;
  if (hostSpec.healthCheckNodePort !== undefined) spec.healthCheckNodePort = hostSpec.healthCheckNodePort;
  if (spec.ports) {
    spec.ports = spec.ports.map((port) => {
      const hostPort = hostSpec.ports?.find((candidate) => samePort(port, candidate));
      return hostPort?.nodePort !== undefined ? { ...port, nodePort: hostPort.nodePort } : port;
    });
  }
  updated.spec = spec;
  updated.status = serviceStatusToVirtual(hostService);
  return updated;
}
