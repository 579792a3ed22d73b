import type { V1ObjectMeta } from '@kubernetes/client-node';
import {
  MANAGED_ANNOTATIONS_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_LABELS_ANNOTATION,
  NAMESPACE_LABEL,
  OBJECT_KIND_ANNOTATION,
  OBJECT_NAME_ANNOTATION,
  OBJECT_NAMESPACE_ANNOTATION,
  OBJECT_UID_ANNOTATION,
  type ObjectRef,
} from '../mappings/index.js';
import type { SyncContext } from './context.js';

/** Annotations that describe the virtual object's history and mean nothing on the host. */
const DROPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export interface VirtualObjectLike {
  metadata?: V1ObjectMeta;
}

/** Namespace and name of a namespaced virtual object; both must be set. */
export function virtualRefOf(virtualObject: VirtualObjectLike): ObjectRef {
  const name = virtualObject.metadata?.name;
  const namespace = virtualObject.metadata?.namespace;
  if (!name || !namespace) {
    throw new TypeError(`virtual object needs metadata.name and metadata.namespace (got ${namespace}/${name})`);
  }
  return { namespace, name };
}

export interface HostMetadataExtras {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * Host metadata for a virtual object: the host name and namespace, the virtual labels and
 * annotations plus vkube's ownership label and back-pointer annotations. uid, resourceVersion,
 * ownerReferences, finalizers, managedFields and timestamps are never carried over.
 */
export function hostObjectMeta(
  virtualMeta: V1ObjectMeta,
  kind: string,
  hostRef: ObjectRef,
  context: SyncContext,
  extras: HostMetadataExtras = {},
): V1ObjectMeta {
  const virtualNamespace = virtualMeta.namespace ?? '';
  const labels: Record<string, string> = {
    ...virtualMeta.labels,
    ...extras.labels,
    [MANAGED_BY_LABEL]: context.virtualClusterName,
  };
  if (virtualNamespace !== '') labels[NAMESPACE_LABEL] = virtualNamespace;
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(virtualMeta.annotations ?? {})) {
    if (!DROPPED_ANNOTATIONS.has(key)) annotations[key] = value;
  }
  Object.assign(annotations, extras.annotations, {
    [OBJECT_NAME_ANNOTATION]: virtualMeta.name ?? '',
    [OBJECT_NAMESPACE_ANNOTATION]: virtualNamespace,
    [OBJECT_UID_ANNOTATION]: virtualMeta.uid ?? '',
    [OBJECT_KIND_ANNOTATION]: kind,
  });
  delete annotations[MANAGED_LABELS_ANNOTATION];
  delete annotations[MANAGED_ANNOTATIONS_ANNOTATION];
  const managedAnnotations = Object.keys(annotations).sort().join(',');
  annotations[MANAGED_LABELS_ANNOTATION] = Object.keys(labels).sort().join(',');
  annotations[MANAGED_ANNOTATIONS_ANNOTATION] = managedAnnotations;
  const hostMeta: V1ObjectMeta = { name: hostRef.name, labels, annotations };
  if (hostRef.namespace !== '') hostMeta.namespace = hostRef.namespace;
  return hostMeta;
}

/**
 * Deep copy of plain JSON data, so translators never alias the caller's objects: the store's copy
 * (the result of a JSON round trip, without printing and parsing the text).
 */
export { cloneJson } from '../../store/json-clone.js';
