/** Store keys in kube-apiserver's etcd layout: /registry/<group|core>/<resource>/[<namespace>/]<name>. */
import type { ResourceInfo } from './catalog.js';

type KeyedResource = Pick<ResourceInfo, 'storageGroup' | 'resource' | 'namespaced'>;

export function objectKey(info: KeyedResource, namespace: string | undefined, name: string): string {
  return info.namespaced ? `/registry/${info.storageGroup}/${info.resource}/${namespace}/${name}` : `/registry/${info.storageGroup}/${info.resource}/${name}`;
}

/** Prefix of every object of a resource, or of one namespace's objects. */
export function resourcePrefix(info: KeyedResource, namespace?: string): string {
  const base = `/registry/${info.storageGroup}/${info.resource}/`;
  return info.namespaced && namespace ? `${base}${namespace}/` : base;
}
