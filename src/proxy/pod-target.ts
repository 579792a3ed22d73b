/**
 * Resolves a tenant's pod reference to the host pod it may reach. The name is derived by the
 * syncer's mapping, and the host pod must prove it is this virtual pod's twin (managed-by label,
 * kind, name, namespace and uid back-pointers); anything else — a host-only pod, another virtual
 * cluster's pod, a stale twin of a deleted pod of the same name — is refused.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { ResourceInfo } from '../registry/catalog.js';
import { ApiError, apiErrors } from '../registry/errors.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { backPointer, OBJECT_UID_ANNOTATION, type NameMapper, type ObjectRef } from '../syncer/mappings/index.js';

/** DNS-1123 label (namespaces) and subdomain (pod names): anything else cannot name a pod. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface PodTarget {
  virtual: ObjectRef & { uid: string };
  host: ObjectRef;
}

/** The one host read the proxy needs (satisfied by the syncer's HostClient). */
export interface HostPodReader {
  readPod(ref: ObjectRef): Promise<V1Pod | undefined>;
}

export interface PodTargetDeps {
  registry: Pick<GenericRegistry, 'get'>;
  pods: ResourceInfo;
  mapper: NameMapper;
  host: HostPodReader;
}

const PODS = { group: '', resource: 'pods' };

export function isValidPodRef(namespace: string | undefined, name: string | undefined): boolean {
  return (
    namespace !== undefined && name !== undefined &&
    namespace.length <= 63 && DNS_LABEL.test(namespace) &&
    name.length <= 253 && DNS_SUBDOMAIN.test(name)
  );
}

export class PodTargetResolver {
  constructor(private readonly deps: PodTargetDeps) {}

  async resolve(namespace: string | undefined, name: string | undefined): Promise<PodTarget> {
    // Encoded slashes, dot segments and other path tricks decode to names no pod can have.
    if (!isValidPodRef(namespace, name)) throw apiErrors.notFound(PODS, name ?? '');
    const virtualRef = { namespace: namespace!, name: name! };
    const { view: virtualPod } = await this.deps.registry.get(this.deps.pods, virtualRef.namespace, virtualRef.name);
    const uid = virtualPod.metadata?.uid;
    if (!uid) throw apiErrors.notFound(PODS, virtualRef.name);
    const hostRef = this.deps.mapper.virtualToHost(virtualRef);
    let hostPod: V1Pod | undefined;
    try {
      hostPod = await this.deps.host.readPod(hostRef);
    } catch (err) {
      throw new ApiError(503, 'ServiceUnavailable', `the host cluster could not be reached for pod "${virtualRef.name}"`, undefined, { cause: err });
    }
    if (!hostPod) throw apiErrors.badRequest(`pod "${virtualRef.name}" is not running on the host yet`);
    if (!this.owns(hostPod, virtualRef, uid)) {
      throw apiErrors.forbidden(PODS, virtualRef.name, 'the host pod of this name does not belong to this pod of the virtual cluster');
    }
    return { virtual: { ...virtualRef, uid }, host: hostRef };
  }

  private owns(hostPod: V1Pod, virtualRef: ObjectRef, uid: string): boolean {
    if (!this.deps.mapper.isManaged(hostPod)) return false;
    const pointer = backPointer(hostPod);
    return pointer?.namespace === virtualRef.namespace && pointer.name === virtualRef.name && hostPod.metadata?.annotations?.[OBJECT_UID_ANNOTATION] === uid;
  }
}
