/**
 * Helpers every workload controller shares: owner references, pod readiness/availability, pods
 * from templates, template hashing and intstr percentages (upstream controller_utils.go,
 * podutil, intstr).
 */
import type { ResourceCatalog, ResourceInfo } from '../../registry/catalog.js';
import { isPlainObject, type KubeObject } from '../../registry/object.js';
import { labelSelectorFromObject, type LabelSelector, type LabelSelectorObject } from '../../registry/selectors/labels.js';

export type JsonObject = Record<string, unknown>;

export function obj(v: unknown): JsonObject {
  return isPlainObject(v) ? v : {};
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' ? v : fallback;
}

export function specOf(o: KubeObject): JsonObject {
  return obj(o.spec);
}

export function statusOf(o: KubeObject): JsonObject {
  return obj(o.status);
}

/** The ResourceInfos the controllers write, resolved once from the catalog. */
export interface WorkloadResources {
  pods: ResourceInfo;
  replicaSets: ResourceInfo;
  deployments: ResourceInfo;
  statefulSets: ResourceInfo;
  daemonSets: ResourceInfo;
  controllerRevisions: ResourceInfo;
  jobs: ResourceInfo;
  cronJobs: ResourceInfo;
  services: ResourceInfo;
  endpoints: ResourceInfo;
  endpointSlices: ResourceInfo;
  nodes: ResourceInfo;
  pvcs: ResourceInfo;
  replicationControllers: ResourceInfo;
}

export function workloadResources(catalog: ResourceCatalog): WorkloadResources {
  const get = (group: string, version: string, resource: string): ResourceInfo => {
    const info = catalog.get(group, version, resource);
    if (!info) throw new Error(`resource ${group}/${version}/${resource} is not in the catalog`);
    return info;
  };
  return {
    pods: get('', 'v1', 'pods'),
    replicaSets: get('apps', 'v1', 'replicasets'),
    deployments: get('apps', 'v1', 'deployments'),
    statefulSets: get('apps', 'v1', 'statefulsets'),
    daemonSets: get('apps', 'v1', 'daemonsets'),
    controllerRevisions: get('apps', 'v1', 'controllerrevisions'),
    jobs: get('batch', 'v1', 'jobs'),
    cronJobs: get('batch', 'v1', 'cronjobs'),
    services: get('', 'v1', 'services'),
    endpoints: get('', 'v1', 'endpoints'),
    endpointSlices: get('discovery.k8s.io', 'v1', 'endpointslices'),
    nodes: get('', 'v1', 'nodes'),
    pvcs: get('', 'v1', 'persistentvolumeclaims'),
    replicationControllers: get('', 'v1', 'replicationcontrollers'),
  };
}

/** The store prefix of a resource across namespaces (`/registry/<group>/<resource>/`). */
export function prefixOf(info: ResourceInfo): string {
  return `/registry/${info.storageGroup}/${info.resource}/`;
}

/** `namespace/name` from a store key under `prefix`. */
export function keyToName(prefix: string, key: string): string {
  return key.slice(prefix.length);
}

export function splitName(nsName: string): [string, string] {
  const slash = nsName.indexOf('/');
  return [nsName.slice(0, slash), nsName.slice(slash + 1)];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export function controllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function isControlledBy(o: KubeObject, owner: KubeObject): boolean {
  return (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
}

/** A workload's selector; an absent one selects nothing (upstream LabelSelectorAsSelector(nil)). */
export function selectorOf(o: KubeObject): LabelSelector | undefined {
  const sel = specOf(o).selector;
  if (!isPlainObject(sel)) return undefined;
  try {
    return labelSelectorFromObject(sel as LabelSelectorObject);
  } catch {
    return undefined;
  }
}

// ---- pods ----

export function podPhase(pod: KubeObject): string {
  return (statusOf(pod).phase as string | undefined) ?? 'Pending';
}

/** Not finished and not being deleted (upstream IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function podCondition(pod: KubeObject, type: string): JsonObject | undefined {
  return list(statusOf(pod).conditions).map(obj).find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * Ready for at least minReadySeconds at `now` (upstream IsPodAvailable). Returns the ms until it
 * becomes available when ready but not yet for long enough.
 */
export function podAvailability(pod: KubeObject, minReadySeconds: number, now: Date): { available: boolean; inMs?: number } {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return { available: false };
  if (minReadySeconds <= 0) return { available: true };
  const since = typeof ready.lastTransitionTime === 'string' ? Date.parse(ready.lastTransitionTime) : NaN;
  if (Number.isNaN(since)) return { available: false };
  const at = since + minReadySeconds * 1000;
  return at <= now.getTime() ? { available: true } : { available: false, inMs: at - now.getTime() };
}

/** A new pod for a controller from its pod template (upstream GetPodFromTemplate). */
export function podFromTemplate(template: JsonObject, owner: KubeObject, ref: OwnerReference): KubeObject {
  const meta = obj(template.metadata);
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: owner.metadata.namespace,
      labels: { ...(obj(meta.labels) as Record<string, string>) },
      ownerReferences: [ref],
    },
    spec: structuredClone(obj(template.spec)),
  };
  const annotations = obj(meta.annotations) as Record<string, string>;
  if (Object.keys(annotations).length) pod.metadata.annotations = { ...annotations };
  if (Array.isArray(meta.finalizers)) pod.metadata.finalizers = [...(meta.finalizers as string[])];
  return pod;
}

/** generateName prefix for a controller's pods: `<name>-`, shortened to keep names valid. */
export function podNamePrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return prefix.length > 58 ? `${prefix.slice(0, 57)}-` : prefix;
}

// ---- hashing ----

/** JSON with sorted keys: the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  const bytes = Buffer.from(text, 'utf8');
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The pod-template-hash / controller-revision-hash of a template (upstream ComputeHash: fnv32a of
 * the template, plus the collision count, rendered with rand.SafeEncodeString).
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(template);
  if (collisionCount !== undefined && collisionCount > 0) text += `#${collisionCount}`;
  const digits = String(fnv32a(text));
  let out = '';
  for (const d of digits) out += SAFE_ALPHABET[d.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

// ---- intstr ----

/** An int-or-percent against `total` (intstr.GetScaledValueFromIntOrPercent). */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const m = /^(\d+)%$/.exec(value);
    if (m) {
      const v = (Number(m[1]) * total) / 100;
      return roundUp ? Math.ceil(v) : Math.floor(v);
    }
    const n = Number(value);
    if (Number.isInteger(n)) return n;
  }
  return 0;
}

/**
 * Sets a condition as upstream's Set*Condition helpers do: an unchanged status+reason+message keeps
 * the existing entry; a changed one is moved to the end, keeping lastTransitionTime while the
 * status stays the same. `timeField` names the kind's second timestamp (Deployment conditions have
 * lastUpdateTime, Job conditions lastProbeTime).
 */
export function setCondition(conditions: JsonObject[], next: JsonObject, now: string, timeField?: 'lastUpdateTime' | 'lastProbeTime'): JsonObject[] {
  const existing = conditions.find((c) => c.type === next.type);
  if (existing && existing.status === next.status && existing.reason === next.reason && existing.message === next.message) return conditions;
  const merged: JsonObject = { type: next.type, status: next.status };
  if (timeField) merged[timeField] = now;
  merged.lastTransitionTime = existing && existing.status === next.status ? existing.lastTransitionTime : now;
  if (next.reason !== undefined) merged.reason = next.reason;
  if (next.message !== undefined) merged.message = next.message;
  return [...conditions.filter((c) => c !== existing), merged];
}
