import { safeConcatName } from './safe-concat-name.js';
import {
  type MappingConfig,
  type NameMapper,
  backPointer,
  createNamespacedMapper,
  hostNameFor,
  hostNamespaceFor,
  isManagedBy,
} from './name-mapper.js';

export const KUBE_ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** Host stand-in for the virtual kube-root-ca.crt; the host namespace has its own copy by that name. */
export const HOST_KUBE_ROOT_CA_BASE_NAME = 'vkube-kube-root-ca.crt';
/** Pseudo-kind in `vkube.io/object-kind` of the host Secret holding a pod's virtual token. */
export const SERVICE_ACCOUNT_TOKEN_KIND = 'ServiceAccountToken';
const TOKEN_SECRET_PREFIX = 'vkube-token';

/**
 * Wraps a mapper so one virtual name maps to a fixed host base name. The host copy of
 * kube-root-ca.crt must not collide with the host's own kube-root-ca.crt (namespaces mode)
 * and must never be mistaken for it.
 */
export function withRenamedObject(
  config: MappingConfig,
  inner: NameMapper,
  virtualName: string,
  hostBaseName: string,
): NameMapper {
  return {
    kind: inner.kind,
    virtualToHost: (virtual) =>
      virtual.name === virtualName
        ? {
            namespace: hostNamespaceFor(config, virtual.namespace),
            name: hostNameFor(config, { namespace: virtual.namespace, name: hostBaseName }),
          }
        : inner.virtualToHost(virtual),
    hostToVirtual: (hostObject) => inner.hostToVirtual(hostObject),
    isManaged: (hostObject) => inner.isManaged(hostObject),
  };
}

/**
 * Maps a virtual pod to the host Secret that carries its service-account token (minted by the
 * virtual cluster's TokenRequest API, never a host token). The reverse mapping yields the pod.
 */
export function createServiceAccountTokenMapper(config: MappingConfig): NameMapper {
  return {
    kind: SERVICE_ACCOUNT_TOKEN_KIND,
    virtualToHost: (virtualPod) => ({
      namespace: hostNamespaceFor(config, virtualPod.namespace),
      name:
        config.mode === 'single'
          ? safeConcatName(TOKEN_SECRET_PREFIX, virtualPod.name, 'x', virtualPod.namespace, 'x', config.virtualClusterName)
          : safeConcatName(TOKEN_SECRET_PREFIX, virtualPod.name),
    }),
    hostToVirtual: (hostObject) =>
      isManagedBy(config, SERVICE_ACCOUNT_TOKEN_KIND, hostObject) ? backPointer(hostObject) : undefined,
    isManaged: (hostObject) => isManagedBy(config, SERVICE_ACCOUNT_TOKEN_KIND, hostObject),
  };
}

/** Namespaces mode: a virtual namespace (namespace "" and name = the namespace) → `<vc>-<ns>`. */
export function createNamespaceMapper(config: MappingConfig): NameMapper {
  return {
    kind: 'Namespace',
    virtualToHost: (virtual) => ({ namespace: '', name: hostNamespaceFor(config, virtual.name) }),
    hostToVirtual: (hostObject) => {
      if (!isManagedBy(config, 'Namespace', hostObject)) return undefined;
      const ref = backPointer(hostObject);
      return ref === undefined ? undefined : { namespace: '', name: ref.name };
    },
    isManaged: (hostObject) => isManagedBy(config, 'Namespace', hostObject),
  };
}

export function createConfigMapMapper(config: MappingConfig): NameMapper {
  return withRenamedObject(
    config,
    createNamespacedMapper(config, 'ConfigMap'),
    KUBE_ROOT_CA_CONFIGMAP,
    HOST_KUBE_ROOT_CA_BASE_NAME,
  );
}
