import type { V1ObjectMeta, V1Pod } from '@kubernetes/client-node';
import { MANAGED_ANNOTATIONS_ANNOTATION, MANAGED_LABELS_ANNOTATION } from '../mappings/index.js';

/** A JSON merge patch (RFC 7386): null deletes a key, arrays replace whole. */
export type MergePatch = { [key: string]: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain deep equality for JSON values (Dates compare by time). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return new Date(a as Date).getTime() === new Date(b as Date).getTime();
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const otherKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === otherKeys.length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * Whether `current` already carries every value in `desired`. Fields only `current` has are the
 * host's defaults and allocations (clusterIP, nodePort, terminationMessagePath, ...) and do not
 * count as a change; arrays must match item by item.
 */
export function isSubset(desired: unknown, current: unknown): boolean {
  if (desired === undefined) return true;
  if (Array.isArray(desired)) {
    return Array.isArray(current) && desired.length === current.length && desired.every((item, i) => isSubset(item, current[i]));
  }
  if (isPlainObject(desired)) {
    return isPlainObject(current) && Object.keys(desired).every((key) => isSubset(desired[key], current[key]));
  }
  return deepEqual(desired, current);
}

function pathKey(path: string[]): string {
  return path.join('\u0000');
}

/**
 * The merge patch that brings `current` to carry `desired`. Only fields that differ are sent.
 * Under `ownedPaths` (maps the virtual side owns entirely: ConfigMap data, a Service selector)
 * keys missing from `desired` are deleted too. Returns undefined when nothing changed.
 */
export function subsetMergePatch(
  current: unknown,
  desired: unknown,
  ownedPaths: string[][] = [],
  path: string[] = [],
): MergePatch | undefined {
  if (!isPlainObject(desired)) return undefined;
  const currentObject = isPlainObject(current) ? current : {};
  const owned = new Set(ownedPaths.map(pathKey));
  const patch: MergePatch = {};
  for (const [key, desiredValue] of Object.entries(desired)) {
    if (desiredValue === undefined) continue;
    const childPath = [...path, key];
    const currentValue = currentObject[key];
    if (isPlainObject(desiredValue) && isPlainObject(currentValue)) {
      const child = subsetMergePatch(currentValue, desiredValue, ownedPaths, childPath);
      if (child !== undefined) patch[key] = child;
    } else if (!isSubset(desiredValue, currentValue) || (owned.has(pathKey(childPath)) && !deepEqual(desiredValue, currentValue))) {
      patch[key] = desiredValue;
    }
  }
  if (owned.has(pathKey(path))) {
    for (const key of Object.keys(currentObject)) {
      if (desired[key] === undefined && currentObject[key] !== undefined) patch[key] = null;
    }
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function managedKeys(meta: V1ObjectMeta | undefined, annotation: string): string[] {
  const list = meta?.annotations?.[annotation];
  return list ? list.split(',').filter((key) => key !== '') : [];
}

function mapPatch(
  current: Record<string, string> | undefined,
  desired: Record<string, string> | undefined,
  previouslyManaged: string[],
): MergePatch | undefined {
  const patch: MergePatch = {};
  for (const [key, value] of Object.entries(desired ?? {})) if (current?.[key] !== value) patch[key] = value;
  // Keys vkube set before and the tenant has since removed; keys added on the host stay.
  for (const key of previouslyManaged) if (desired?.[key] === undefined && current?.[key] !== undefined) patch[key] = null;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** Labels and annotations: vkube's keys follow the desired object; keys added on the host survive. */
export function metadataPatch(current: V1ObjectMeta | undefined, desired: V1ObjectMeta): MergePatch | undefined {
  const patch: MergePatch = {};
  const labels = mapPatch(current?.labels, desired.labels, managedKeys(current, MANAGED_LABELS_ANNOTATION));
  const annotations = mapPatch(current?.annotations, desired.annotations, managedKeys(current, MANAGED_ANNOTATIONS_ANNOTATION));
  if (labels) patch['labels'] = labels;
  if (annotations) patch['annotations'] = annotations;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export interface HostObject {
  metadata?: V1ObjectMeta;
}

/**
 * What to send to bring a host object in line with its desired (translated) form: the
 * virtual side wins for spec and data; status is never sent. Undefined: nothing to do.
 */
export function hostUpdatePatch<T extends HostObject>(current: T, desired: T, ownedPaths: string[][] = []): MergePatch | undefined {
  const { metadata: currentMeta, status: _currentStatus, ...currentBody } = current as HostObject & Record<string, unknown>;
  const { metadata: desiredMeta, status: _desiredStatus, ...desiredBody } = desired as HostObject & Record<string, unknown>;
  const patch: MergePatch = { ...subsetMergePatch(currentBody, desiredBody, ownedPaths) };
  const meta = metadataPatch(currentMeta, desiredMeta ?? {});
  if (meta) patch['metadata'] = meta;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export function updateNeeded<T extends HostObject>(current: T, desired: T, ownedPaths: string[][] = []): boolean {
  return hostUpdatePatch(current, desired, ownedPaths) !== undefined;
}

/**
 * A running pod accepts few spec changes: container images, activeDeadlineSeconds, added
 * tolerations, removed scheduling gates. Only those (and labels/annotations) are sent; a merge
 * patch replaces the containers list whole, so `current` must be the complete host pod when the
 * images differ (`podUpdatableView` of it says whether anything does).
 */
export function podHostUpdatePatch(current: V1Pod, desired: V1Pod): MergePatch | undefined {
  const patch: MergePatch = {};
  const spec: MergePatch = {};
  for (const key of ['containers', 'initContainers'] as const) {
    const currentContainers = current.spec?.[key] ?? [];
    const desiredImages = new Map((desired.spec?.[key] ?? []).map((c) => [c.name, c.image]));
    if (currentContainers.some((c) => desiredImages.has(c.name) && desiredImages.get(c.name) !== c.image)) {
      spec[key] = currentContainers.map((c) => (desiredImages.has(c.name) ? { ...c, image: desiredImages.get(c.name) } : c));
    }
  }
  const desiredDeadline = desired.spec?.activeDeadlineSeconds;
  if (desiredDeadline !== undefined && desiredDeadline !== current.spec?.activeDeadlineSeconds) {
    spec['activeDeadlineSeconds'] = desiredDeadline;
  }
  // The host adds its own tolerations (DefaultTolerationSeconds) and only accepts additions.
  const currentTolerations = current.spec?.tolerations ?? [];
  const missingTolerations = (desired.spec?.tolerations ?? []).filter(
    (toleration) => !currentTolerations.some((existing) => isSubset(toleration, existing)),
  );
  if (missingTolerations.length > 0) spec['tolerations'] = [...currentTolerations, ...missingTolerations];
  // Scheduling gates can only be removed.
  const currentGates = current.spec?.schedulingGates ?? [];
  const desiredGateNames = new Set((desired.spec?.schedulingGates ?? []).map((gate) => gate.name));
  if (currentGates.some((gate) => !desiredGateNames.has(gate.name))) {
    const remaining = currentGates.filter((gate) => desiredGateNames.has(gate.name));
    spec['schedulingGates'] = remaining.length > 0 ? remaining : null;
  }
  if (Object.keys(spec).length > 0) patch['spec'] = spec;
  const meta = metadataPatch(current.metadata, desired.metadata ?? {});
  if (meta) patch['metadata'] = meta;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

type ContainerImage = { name: string; image?: string };

/**
 * The part of a pod that `podHostUpdatePatch` compares, plus what the pod reconciler reads of a
 * host pod (its node, its back-pointer annotations, its status): the syncer keeps this of every
 * host pod and of every translated virtual pod. Env, volumes and the rest of the spec are half of
 * a translated pod and no pass reads them; at 10,000 pods that is ~80 MB of heap.
 * `podHostUpdatePatch(view(a), view(b))` is undefined exactly when it is for `a` and `b`.
 */
export function podUpdatableView(pod: V1Pod): V1Pod {
  const spec = pod.spec;
  if (!spec) return pod;
  const images = (containers: ContainerImage[] | undefined) => containers?.map(({ name, image }) => (image === undefined ? { name } : { name, image }));
  const view: Record<string, unknown> = { containers: images(spec.containers) };
  if (spec.initContainers) view['initContainers'] = images(spec.initContainers);
  if (spec.nodeName !== undefined) view['nodeName'] = spec.nodeName;
  if (spec.activeDeadlineSeconds !== undefined) view['activeDeadlineSeconds'] = spec.activeDeadlineSeconds;
  if (spec.tolerations) view['tolerations'] = spec.tolerations;
  if (spec.schedulingGates) view['schedulingGates'] = spec.schedulingGates;
  return { ...pod, spec: view as unknown as V1Pod['spec'] };
}
