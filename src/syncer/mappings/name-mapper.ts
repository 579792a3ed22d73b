import { safeConcatName } from './safe-concat-name.js';
import {
  MANAGED_BY_LABEL,
  OBJECT_KIND_ANNOTATION,
  OBJECT_NAME_ANNOTATION,
  OBJECT_NAMESPACE_ANNOTATION,
} from './keys.js';

export type SyncMode = 'single' | 'namespaces';

/** What name mapping depends on; nothing global, passed down from the CLI config. */
export interface MappingConfig {
  virtualClusterName: string;
  /** The one host namespace (single mode); unused for placement in namespaces mode. */
  hostNamespace: string;
  mode: SyncMode;
}

export interface ObjectRef {
  namespace: string;
  name: string;
}

/** The metadata a host object needs for the reverse mapping. */
export interface HostObjectLike {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/** One per kind, after vcluster's Mapper (VirtualToHost, HostToVirtual, IsManaged). */
export interface NameMapper {
  readonly kind: string;
  virtualToHost(virtual: ObjectRef): ObjectRef;
  /** The virtual object a host object stands for, from its back-pointer annotations. */
  hostToVirtual(hostObject: HostObjectLike): ObjectRef | undefined;
  isManaged(hostObject: HostObjectLike): boolean;
}

/** Host namespace that holds the objects of a virtual namespace. */
export function hostNamespaceFor(config: MappingConfig, virtualNamespace: string): string {
  return config.mode === 'single'
    ? config.hostNamespace
    : safeConcatName(config.virtualClusterName, virtualNamespace);
}

/** Host name of a namespaced object: `<name>-x-<namespace>-x-<vc>` in single mode, unchanged otherwise. */
export function hostNameFor(config: MappingConfig, virtual: ObjectRef): string {
  return config.mode === 'single'
    ? safeConcatName(virtual.name, 'x', virtual.namespace, 'x', config.virtualClusterName)
    : virtual.name;
}

export function isManagedBy(config: MappingConfig, kind: string, hostObject: HostObjectLike): boolean {
  const metadata = hostObject.metadata;
  return (
    metadata?.labels?.[MANAGED_BY_LABEL] === config.virtualClusterName &&
    metadata.annotations?.[OBJECT_KIND_ANNOTATION] === kind
  );
}

export function backPointer(hostObject: HostObjectLike): ObjectRef | undefined {
  const annotations = hostObject.metadata?.annotations;
  const name = annotations?.[OBJECT_NAME_ANNOTATION];
  const namespace = annotations?.[OBJECT_NAMESPACE_ANNOTATION];
  if (name === undefined || namespace === undefined) return undefined;
  return { namespace, name };
}

/** The generic mapper every namespaced kind uses unless a special case wraps it. */
export function createNamespacedMapper(config: MappingConfig, kind: string): NameMapper {
  return {
    kind,
    virtualToHost: (virtual) => ({
      namespace: hostNamespaceFor(config, virtual.namespace),
      name: hostNameFor(config, virtual),
    }),
    hostToVirtual: (hostObject) =>
      isManagedBy(config, kind, hostObject) ? backPointer(hostObject) : undefined,
    isManaged: (hostObject) => isManagedBy(config, kind, hostObject),
  };
}
