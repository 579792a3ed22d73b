/**
 * The scale subresource of a custom resource (apiextensions-apiserver registry/customresource
 * etcd.go scaleFromCustomResource): replicas and selector live at the paths the CRD declares.
 */
import { isPlainObject, type KubeObject } from '../object.js';
import type { CrdScale } from './types.js';

function segments(jsonPath: string): string[] {
  return jsonPath.replace(/^\./, '').split('.').filter((s) => s !== '');
}

function read(object: unknown, jsonPath: string): unknown {
  let v: unknown = object;
  for (const key of segments(jsonPath)) v = isPlainObject(v) ? v[key] : undefined;
  return v;
}

/** The autoscaling/v1 Scale view of a custom resource. */
export function customResourceScale(object: KubeObject, scale: CrdScale): KubeObject {
  const m = object.metadata;
  const metadata: KubeObject['metadata'] = { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  if (m.namespace) metadata.namespace = m.namespace;
  const specReplicas = read(object, scale.specReplicasPath);
  const statusReplicas = read(object, scale.statusReplicasPath);
  const selector = scale.labelSelectorPath ? read(object, scale.labelSelectorPath) : undefined;
  const status: Record<string, unknown> = { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0 };
  if (typeof selector === 'string' && selector !== '') status.selector = selector;
  return { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata, spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 }, status };
}

/** A copy of `object` with the spec replicas set at the declared path. */
export function withCustomResourceReplicas(object: KubeObject, scale: CrdScale, replicas: number): KubeObject {
  const next = structuredClone(object);
  const keys = segments(scale.specReplicasPath);
  let target: Record<string, unknown> = next;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(target[key])) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1]!] = replicas;
  return next;
}
