/**
 * Strategy-time fill-ins that are not v1 defaulting but that real clusters apply before
 * validation (pkg/registry/batch/job/strategy.go generateSelector, pkg/registry/core/service/
 * storage normalizeClusterIPs + patchAllocatedValues). The owning registry strategies call these.
 */
import { semanticEqual } from '../validation/json.js';
import { child, existing, items, type JsonObject } from './util.js';

/**
 * Job PrepareForCreate when `spec.manualSelector` is not true: adds the job-name and
 * controller-uid labels (legacy and batch.kubernetes.io/) to the pod template unless present,
 * and selects on `batch.kubernetes.io/controller-uid`. Needs `metadata.uid` already set.
 */
export function generateJobSelector(job: JsonObject): void {
  const spec = child(job, 'spec');
  if (spec['manualSelector'] === true) return;
  const meta = child(job, 'metadata');
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const uid = typeof meta['uid'] === 'string' ? meta['uid'] : '';
  const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) if (!(key in labels)) labels[key] = name;
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!(key in labels)) labels[key] = uid;
  const matchLabels = child(child(spec, 'selector'), 'matchLabels');
  if (!('batch.kubernetes.io/controller-uid' in matchLabels)) matchLabels['batch.kubernetes.io/controller-uid'] = uid;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function sameList(a: unknown, b: unknown): boolean {
  const x = stringList(a);
  const y = stringList(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Service create: a given clusterIP is mirrored into clusterIPs. */
export function prepareServiceForCreate(svc: JsonObject): void {
  const spec = child(svc, 'spec');
  const clusterIP = typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '';
  if (clusterIP !== '' && stringList(spec['clusterIPs']).length === 0) spec['clusterIPs'] = [clusterIP];
}

function needsNodePort(spec: JsonObject): boolean {
  return spec['type'] === 'NodePort' || (spec['type'] === 'LoadBalancer' && spec['allocateLoadBalancerNodePorts'] !== false);
}

/**
 * Service update: values the client did not send (cluster IPs, node ports, health-check node
 * port) are carried over from the stored object, then clusterIP/clusterIPs are kept in sync, so
 * that `kubectl apply` and `helm upgrade` of a manifest without them keep their allocations.
 */
export function prepareServiceForUpdate(svc: JsonObject, oldSvc: JsonObject): void {
  const spec = child(svc, 'spec');
  const oldSpec = existing(oldSvc, 'spec') ?? {};
  const str = (o: JsonObject, k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
  if (spec['type'] !== 'ExternalName' && oldSpec['type'] !== 'ExternalName') {
    if (str(spec, 'clusterIP') === '' && str(oldSpec, 'clusterIP') !== '') spec['clusterIP'] = oldSpec['clusterIP'];
    if (stringList(spec['clusterIPs']).length === 0 && stringList(oldSpec['clusterIPs']).length > 0) spec['clusterIPs'] = [...stringList(oldSpec['clusterIPs'])];
  }
  if (needsNodePort(spec) && needsNodePort(oldSpec)) {
    const newPorts = items(spec, 'ports');
    const oldPorts = items(oldSpec, 'ports');
    const usedInBoth = new Set(oldPorts.map((p) => p['nodePort']).filter((n) => newPorts.some((p) => p['nodePort'] === n && n)));
    const byName = new Map(oldPorts.map((p) => [typeof p['name'] === 'string' ? p['name'] : '', p['nodePort']]));
    for (const port of newPorts) {
      if (port['nodePort'] !== undefined && port['nodePort'] !== null && port['nodePort'] !== 0) continue;
      const previous = byName.get(typeof port['name'] === 'string' ? port['name'] : '');
      if (typeof previous === 'number' && previous !== 0 && !usedInBoth.has(previous)) port['nodePort'] = previous;
    }
  }
  const hcNodePort = (s: JsonObject): boolean => s['type'] === 'LoadBalancer' && s['externalTrafficPolicy'] === 'Local';
  if (hcNodePort(spec) && hcNodePort(oldSpec) && !spec['healthCheckNodePort']) spec['healthCheckNodePort'] = oldSpec['healthCheckNodePort'];

  // normalizeClusterIPs for updates.
  if (stringList(oldSpec['clusterIPs']).length > 0 && stringList(spec['clusterIPs']).length === 0 && str(oldSpec, 'clusterIP') === str(spec, 'clusterIP')) {
    spec['clusterIPs'] = [...stringList(oldSpec['clusterIPs'])];
  }
  if (str(oldSpec, 'clusterIP') !== str(spec, 'clusterIP') && sameList(oldSpec['clusterIPs'], spec['clusterIPs'])) {
    if (str(oldSpec, 'clusterIP') !== '' && str(spec, 'clusterIP') === '') delete spec['clusterIPs'];
    else spec['clusterIPs'] = [str(spec, 'clusterIP')];
  }
}

const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';

function templateGeneration(ds: JsonObject): number {
  const annotations = existing(child(ds, 'metadata'), 'annotations');
  const value = annotations ? Number.parseInt(String(annotations[templateGenerationAnnotation] ?? ''), 10) : Number.NaN;
  return Number.isNaN(value) ? 0 : value;
}

function setTemplateGeneration(ds: JsonObject, generation: number): void {
  child(child(ds, 'metadata'), 'annotations')[templateGenerationAnnotation] = String(generation);
}

/** DaemonSet PrepareForCreate: template generation starts at 1 (shown as the deprecated annotation). */
export function prepareDaemonSetForCreate(ds: JsonObject): void {
  setTemplateGeneration(ds, Math.max(1, templateGeneration(ds)));
}

/** DaemonSet PrepareForUpdate: the generation is the stored one, plus one when the template changed. */
export function prepareDaemonSetForUpdate(ds: JsonObject, oldDs: JsonObject): void {
  const previous = templateGeneration(oldDs);
  const changed = !semanticEqual(existing(child(ds, 'spec'), 'template'), existing(child(oldDs, 'spec'), 'template'));
  setTemplateGeneration(ds, changed ? previous + 1 : previous);
}
