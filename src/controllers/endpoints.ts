/**
 * Endpoints and EndpointSlice (discovery.k8s.io/v1) controller for Services with a selector: the
 * selected pods' IPs (status.podIP, written by the syncer), ready or not, with the Service's ports
 * resolved against each pod's named container ports (upstream pkg/controller/endpoint and
 * endpointslice). Pods with the same resolved ports share a subset / slice.
 */
import type { KubeObject } from '../registry/object.js';
import { jsonEqual } from '../registry/object.js';
import type { ReconcileResult } from './work-queue.js';
import { QueueController, isNotFound, type WorkloadControllerDeps } from './util/base.js';
import { BY_CONTROLLER, BY_NAMESPACE, type ObjectCache } from './util/cache.js';
import { canonicalJson, isPodReady, list, obj, prefixOf, specOf, statusOf, type JsonObject } from './util/workload.js';

const SLICE_MANAGER_LABEL = 'endpointslice.kubernetes.io/managed-by';
const SLICE_MANAGER = 'endpointslice-controller.k8s.io';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';
const MAX_ENDPOINTS_PER_SLICE = 100;

export interface PodEndpoint {
  pod: KubeObject;
  ip: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  hostname?: string;
  ports: { name?: string; port: number; protocol: string }[];
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export function serviceSelector(service: KubeObject): Record<string, string> | undefined {
  const sel = obj(specOf(service).selector) as Record<string, string>;
  return Object.keys(sel).length ? sel : undefined;
}

function isHeadless(service: KubeObject): boolean {
  return specOf(service).clusterIP === 'None';
}

/** A service port's target on one pod: a number, or a named container port (FindPort). */
export function resolveTargetPort(servicePort: JsonObject, pod: KubeObject): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (typeof target === 'string' && /^\d+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? 'TCP';
  for (const c of list(specOf(pod).containers).map(obj)) {
    for (const p of list(c.ports).map(obj)) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort as number;
    }
  }
  return undefined;
}

/** The endpoints of a Service from the pods in its namespace (ShouldPodBeInEndpoints + ports). */
export function serviceEndpoints(service: KubeObject, pods: KubeObject[]): PodEndpoint[] {
  const selector = serviceSelector(service);
  if (!selector) return [];
  const publishNotReady = specOf(service).publishNotReadyAddresses === true;
  const out: PodEndpoint[] = [];
  for (const pod of pods) {
    if (!selectorMatches(selector, pod.metadata.labels)) continue;
    const phase = statusOf(pod).phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const ip = statusOf(pod).podIP;
    if (typeof ip !== 'string' || !ip) continue;
    const terminating = !!pod.metadata.deletionTimestamp;
    const ready = publishNotReady || (isPodReady(pod) && !terminating);
    const ports: PodEndpoint['ports'] = [];
    for (const sp of list(specOf(service).ports).map(obj)) {
      const port = resolveTargetPort(sp, pod);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: String(sp.name) } : {}), port, protocol: String(sp.protocol ?? 'TCP') });
    }
    if (!ports.length && list(specOf(service).ports).length && !isHeadless(service)) continue;
    const ps = specOf(pod);
    const hostname = typeof ps.hostname === 'string' && ps.subdomain === service.metadata.name ? ps.hostname : undefined;
    out.push({ pod, ip, ready, serving: publishNotReady || isPodReady(pod), terminating, ...(hostname ? { hostname } : {}), ports });
  }
  return out.sort((a, b) => a.ip.localeCompare(b.ip) || (a.pod.metadata.name ?? '').localeCompare(b.pod.metadata.name ?? ''));
}

function groupByPorts(endpoints: PodEndpoint[]): Map<string, PodEndpoint[]> {
  const groups = new Map<string, PodEndpoint[]>();
  for (const e of endpoints) {
    const key = canonicalJson([...e.ports].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port));
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return groups;
}

const targetRef = (pod: KubeObject): JsonObject => ({ kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid });

/** core/v1 Endpoints subsets (terminating pods only with publishNotReadyAddresses). */
export function endpointsSubsets(endpoints: PodEndpoint[]): JsonObject[] {
  const subsets: JsonObject[] = [];
  for (const group of groupByPorts(endpoints.filter((e) => !e.terminating || e.ready)).values()) {
    const address = (e: PodEndpoint): JsonObject => {
      const a: JsonObject = { ip: e.ip };
      if (e.hostname) a.hostname = e.hostname;
      const node = specOf(e.pod).nodeName;
      if (node) a.nodeName = node;
      a.targetRef = targetRef(e.pod);
      return a;
    };
    const subset: JsonObject = {};
    const ready = group.filter((e) => e.ready).map(address);
    const notReady = group.filter((e) => !e.ready).map(address);
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    const ports = group[0]!.ports;
    if (ports.length) subset.ports = ports;
    subsets.push(subset);
  }
  return subsets;
}

/** EndpointSlice bodies (endpoints + ports), at most 100 endpoints each; none: one placeholder. */
export function sliceBodies(endpoints: PodEndpoint[]): JsonObject[] {
  const bodies: JsonObject[] = [];
  for (const group of groupByPorts(endpoints).values()) {
    const ports = group[0]!.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol }));
    for (let i = 0; i < group.length; i += MAX_ENDPOINTS_PER_SLICE) {
      const chunk = group.slice(i, i + MAX_ENDPOINTS_PER_SLICE);
      bodies.push({
        addressType: chunk[0]!.ip.includes(':') ? 'IPv6' : 'IPv4',
        endpoints: chunk.map((e) => {
          const ep: JsonObject = { addresses: [e.ip], conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating } };
          if (e.hostname) ep.hostname = e.hostname;
          ep.targetRef = targetRef(e.pod);
          const node = specOf(e.pod).nodeName;
          if (node) ep.nodeName = node;
          return ep;
        }),
        ports,
      });
    }
  }
  return bodies.length ? bodies : [{ addressType: 'IPv4', endpoints: null, ports: null }];
}

export class EndpointsController extends QueueController {
  private readonly services: ObjectCache;
  private readonly pods: ObjectCache;
  private readonly slices: ObjectCache;
  private readonly endpoints: ObjectCache;

  constructor(deps: WorkloadControllerDeps) {
    super(deps, 'endpoints');
    this.services = deps.informers.cache(prefixOf(deps.resources.services));
    this.pods = deps.informers.cache(prefixOf(deps.resources.pods));
    this.slices = deps.informers.cache(prefixOf(deps.resources.endpointSlices));
    this.endpoints = deps.informers.cache(prefixOf(deps.resources.endpoints));
    this.services.onChange((key) => this.queue.add(key.slice(this.services.prefix.length)));
    this.pods.onChange((_k, pod, old) => {
      const ns = (pod ?? old)!.metadata.namespace!;
      for (const svc of this.services.byIndex(BY_NAMESPACE, ns)) {
        const sel = serviceSelector(svc);
        if (sel && ((pod && selectorMatches(sel, pod.metadata.labels)) || (old && selectorMatches(sel, old.metadata.labels)))) this.queue.add(`${ns}/${svc.metadata.name}`);
      }
    });
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const service = this.services.get(`${this.services.prefix}${key}`);
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const name = key.slice(slash + 1);
    if (!service || service.metadata.deletionTimestamp) return this.removeAll(ns, name);
    if (!serviceSelector(service)) return;
    const eps = serviceEndpoints(service, this.pods.byIndex(BY_NAMESPACE, ns));
    await this.syncEndpoints(service, eps);
    await this.syncSlices(service, eps);
  }

  private labelsFor(service: KubeObject): Record<string, string> {
    const labels: Record<string, string> = { ...(service.metadata.labels ?? {}) };
    if (isHeadless(service)) labels[HEADLESS_LABEL] = '';
    return labels;
  }

  private async syncEndpoints(service: KubeObject, eps: PodEndpoint[]): Promise<void> {
    const ns = service.metadata.namespace!;
    const name = service.metadata.name!;
    const subsets = endpointsSubsets(eps);
    const labels = this.labelsFor(service);
    const current = this.endpoints.getNamespaced(ns, name);
    if (current && jsonEqual(current.subsets ?? [], subsets) && jsonEqual(current.metadata.labels ?? {}, labels)) return;
    await this.deps.registry.guaranteedUpdate(this.deps.resources.endpoints, ns, name, (cur) => {
      const next: KubeObject = cur ?? { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns } };
      next.metadata.labels = labels;
      if (subsets.length) next.subsets = subsets;
      else delete next.subsets;
      return next;
    }, { fieldManager: 'endpoint-controller', retryOnConflict: true });
  }

  private async syncSlices(service: KubeObject, eps: PodEndpoint[]): Promise<void> {
    const { registry, resources } = this.deps;
    const ns = service.metadata.namespace!;
    const labels = { ...this.labelsFor(service), [SERVICE_NAME_LABEL]: service.metadata.name!, [SLICE_MANAGER_LABEL]: SLICE_MANAGER };
    const existing = this.slices.byIndex(BY_CONTROLLER, service.metadata.uid!).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    const unused = [...existing];
    let revision = 0;
    for (const body of sliceBodies(eps)) {
      // Prefer a slice that already has this body, then one with the same ports.
      let slice = unused.find((s) => jsonEqual(s.endpoints ?? null, body.endpoints) && jsonEqual(s.ports ?? null, body.ports));
      slice ??= unused.find((s) => jsonEqual(s.ports ?? null, body.ports)) ?? unused[0];
      if (slice) {
        unused.splice(unused.indexOf(slice), 1);
        if (jsonEqual(slice.endpoints ?? null, body.endpoints) && jsonEqual(slice.ports ?? null, body.ports) && slice.addressType === body.addressType && jsonEqual(slice.metadata.labels ?? {}, labels)) continue;
        const uid = slice.metadata.uid;
        try {
          const r = await registry.guaranteedUpdate(resources.endpointSlices, ns, slice.metadata.name!, (cur) => {
            if (!cur || cur.metadata.uid !== uid) throw new Error('endpoint slice replaced while updating');
            const next: KubeObject = { ...cur, addressType: body.addressType, metadata: { ...cur.metadata, labels } };
            if (body.endpoints) next.endpoints = body.endpoints;
            else delete next.endpoints;
            if (body.ports) next.ports = body.ports;
            else delete next.ports;
            return next;
          }, { fieldManager: SLICE_MANAGER, retryOnConflict: true });
          revision = Math.max(revision, r.entry.revision);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        continue;
      }
      const created: KubeObject = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: `${service.metadata.name}-`,
          namespace: ns,
          labels,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: service.metadata.name!, uid: service.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        },
        addressType: body.addressType,
      };
      if (body.endpoints) created.endpoints = body.endpoints;
      if (body.ports) created.ports = body.ports;
      revision = Math.max(revision, (await registry.create(resources.endpointSlices, ns, created, { fieldManager: SLICE_MANAGER })).revision);
    }
    for (const s of unused) revision = Math.max(revision, await this.deleteSlice(s));
    if (revision) await this.slices.waitForRevision(revision);
  }

  private async deleteSlice(slice: KubeObject): Promise<number> {
    try {
      return (await this.deps.registry.delete(this.deps.resources.endpointSlices, slice.metadata.namespace, slice.metadata.name!, { preconditions: { uid: slice.metadata.uid } })).entry.revision;
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
  }

  /** The Service is gone: its Endpoints and our slices go too. */
  private async removeAll(ns: string, name: string): Promise<void> {
    const eps = this.endpoints.getNamespaced(ns, name);
    if (eps) {
      try {
        await this.deps.registry.delete(this.deps.resources.endpoints, ns, name, { preconditions: { uid: eps.metadata.uid } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    for (const s of this.slices.byIndex(BY_NAMESPACE, ns)) {
      if (s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[SLICE_MANAGER_LABEL] === SLICE_MANAGER) await this.deleteSlice(s);
    }
  }
}
