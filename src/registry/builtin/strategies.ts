/**
 * Strategies for the built-in kinds: only what differs from the generic behaviour lives here
 * (pods' graceful deletion, namespaces' lifecycle, services' address allocation, ...).
 */
import type { ResourceInfo } from '../catalog.js';
import { isPlainObject, jsonEqual, type KubeObject } from '../object.js';
import type { StrategyLookup } from '../generic/registry.js';
import type { Strategy } from '../strategy.js';
import type { FieldError } from '../validation/field-error.js';
import { generateJobSelector, prepareDaemonSetForCreate, prepareDaemonSetForUpdate, prepareServiceForUpdate } from '../defaults/index.js';
import type { ServiceAddressAllocator } from './service-ips.js';
import { admitPod } from '../admission/pod.js';

/** Kinds whose metadata.generation tracks spec changes although they have no status subresource. */
const GENERATION_WITHOUT_STATUS = new Set(['networking.k8s.io/networkpolicies', 'admissionregistration.k8s.io/validatingwebhookconfigurations', 'admissionregistration.k8s.io/mutatingwebhookconfigurations', 'scheduling.k8s.io/priorityclasses']);
/** Kinds with a status subresource whose generation upstream does not track. */
const NO_GENERATION = new Set(['/pods', '/nodes', '/namespaces', '/services', '/persistentvolumeclaims', '/persistentvolumes', '/resourcequotas', 'certificates.k8s.io/certificatesigningrequests']);

function tracksGeneration(info: ResourceInfo): boolean {
  const key = `${info.group}/${info.resource}`;
  if (GENERATION_WITHOUT_STATUS.has(key)) return true;
  return info.subresources.has('status') && !NO_GENERATION.has(key);
}

function base(info: ResourceInfo): Strategy {
  const clearStatus = info.subresources.has('status');
  return {
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    trackGeneration: tracksGeneration(info),
    // A new object starts with an empty status, as upstream's strategies reset it (`status: {}`).
    prepareForCreate: clearStatus ? (o) => void (o.status = {}) : undefined,
  };
}

function spec(o: KubeObject): Record<string, unknown> {
  return isPlainObject(o.spec) ? o.spec : {};
}

const podStrategy = (info: ResourceInfo): Strategy => ({
  ...base(info),
  prepareForCreate(pod) {
    // What upstream's admission chain (ServiceAccount, DefaultTolerationSeconds, Priority) adds.
    admitPod(pod);
    pod.status = { phase: 'Pending', qosClass: qosClass(pod) };
  },
  deleteDecision(pod, requested) {
    const phase = isPlainObject(pod.status) ? pod.status.phase : undefined;
    // Unscheduled or finished pods have no kubelet to wait for (upstream CheckGracefulDelete).
    if (!spec(pod).nodeName || phase === 'Succeeded' || phase === 'Failed') return { graceful: false };
    const fromSpec = spec(pod).terminationGracePeriodSeconds;
    const grace = requested ?? (typeof fromSpec === 'number' ? fromSpec : 30);
    return grace > 0 ? { graceful: true, gracePeriodSeconds: grace } : { graceful: false };
  },
});

/** The pod's QoS class from its containers' requests and limits (upstream GetPodQOS, simplified to cpu/memory). */
function qosClass(pod: KubeObject): string {
  const containers = [...arr(spec(pod).containers), ...arr(spec(pod).initContainers)];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const resources = isPlainObject(c) && isPlainObject(c.resources) ? c.resources : {};
    const requests = isPlainObject(resources.requests) ? resources.requests : {};
    const limits = isPlainObject(resources.limits) ? resources.limits : {};
    for (const r of ['cpu', 'memory']) {
      if (requests[r] !== undefined || limits[r] !== undefined) anySet = true;
      if (limits[r] === undefined || (requests[r] !== undefined && requests[r] !== limits[r])) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

const namespaceStrategy = (info: ResourceInfo): Strategy => ({
  ...base(info),
  prepareForCreate(ns) {
    ns.status = { phase: 'Active' };
    const s = spec(ns);
    if (!Array.isArray(s.finalizers)) ns.spec = { ...s, finalizers: ['kubernetes'] };
  },
  prepareForUpdate(ns, old) {
    // spec.finalizers change only through namespaces/finalize.
    ns.spec = { ...spec(ns), finalizers: spec(old).finalizers ?? [] };
  },
  onMarkDeleted(ns) {
    ns.status = { ...(isPlainObject(ns.status) ? ns.status : {}), phase: 'Terminating' };
  },
});

function serviceStrategy(info: ResourceInfo, allocator: ServiceAddressAllocator): Strategy {
  return {
    ...base(info),
    allocate(service) {
      // Upstream's BeginCreate: take the requested addresses or allocate new ones, before validation.
      const errors: FieldError[] = [];
      const taken: { ips: string[]; ports: number[] } = { ips: [], ports: [] };
      const s = spec(service);
      const type = (s.type as string | undefined) ?? 'ClusterIP';
      if (type !== 'ExternalName') {
        const ip = s.clusterIP;
        if (ip === undefined || ip === '') {
          const allocated = allocator.allocateIp();
          taken.ips.push(allocated);
          s.clusterIP = allocated;
          s.clusterIPs = [allocated];
        } else if (ip !== 'None') {
          if (typeof ip === 'string' && allocator.isIpTaken(ip)) {
            errors.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', badValue: [ip], detail: `failed to allocate IP ${ip}: provided IP is already allocated` });
          }
          s.clusterIPs = [ip];
        } else {
          s.clusterIPs = ['None'];
        }
      }
      arr(s.ports).forEach((p, i) => {
        if (!isPlainObject(p)) return;
        if (typeof p.nodePort === 'number' && p.nodePort > 0) {
          if (allocator.isPortTaken(p.nodePort)) errors.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, badValue: p.nodePort, detail: 'provided port is already allocated' });
        } else if (type === 'NodePort' || type === 'LoadBalancer') {
          const port = allocator.allocatePort();
          p.nodePort = port;
          taken.ports.push(port);
        }
      });
      service.spec = s;
      // On conflicts give back only what was allocated here: the conflicting addresses are someone else's.
      if (errors.length) allocator.releaseAddresses(taken.ips, taken.ports);
      else allocator.reserve(service);
      return errors;
    },
    // The allocated addresses survive an update that leaves them out (kubectl replace, helm).
    prepareForUpdate: (service, old) => prepareServiceForUpdate(service, old),
    validateUpdate(service, old) {
      const s = spec(service);
      const o = spec(old);
      if (o.clusterIP && s.clusterIP !== o.clusterIP && (s.type ?? 'ClusterIP') !== 'ExternalName') {
        return [{ type: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', badValue: s.clusterIP, detail: 'may not change once set' }];
      }
      return [];
    },
    afterDelete(service) {
      allocator.release(service);
    },
  };
}

const jobStrategy = (info: ResourceInfo): Strategy => ({
  ...base(info),
  prepareForCreate(job) {
    job.status = {};
    generateJobSelector(job);
  },
});

const daemonSetStrategy = (info: ResourceInfo): Strategy => ({
  ...base(info),
  prepareForCreate(ds) {
    ds.status = {};
    prepareDaemonSetForCreate(ds);
  },
  prepareForUpdate: (ds, old) => prepareDaemonSetForUpdate(ds, old),
});

function withoutRevision(o: KubeObject): Record<string, string> {
  const { 'deployment.kubernetes.io/revision': _revision, ...rest } = o.metadata.annotations ?? {};
  return rest;
}

const deploymentStrategy = (info: ResourceInfo): Strategy => ({
  ...base(info),
  // Annotations bump a Deployment's generation: they are copied to its ReplicaSets. The revision
  // annotation is the controller's own bookkeeping (upstream writes it through /status, which leaves
  // the generation alone), so it does not count.
  specChanged: (next, old) => !jsonEqual(next.spec, old.spec) || !jsonEqual(withoutRevision(next), withoutRevision(old)),
});

export class BuiltinStrategies implements StrategyLookup {
  private readonly cache = new Map<ResourceInfo, Strategy>();

  /**
   * `extensions` adds checks the API server owns (RBAC escalation prevention) to a resource's
   * strategy; they replace the built-in hooks of the same name.
   */
  constructor(
    private readonly allocator: ServiceAddressAllocator,
    private readonly extensions: (info: ResourceInfo) => Partial<Strategy> | undefined = () => undefined,
  ) {}

  strategyFor(info: ResourceInfo): Strategy {
    let strategy = this.cache.get(info);
    if (!strategy) {
      strategy = { ...this.build(info), ...this.extensions(info) };
      this.cache.set(info, strategy);
    }
    return strategy;
  }

  private build(info: ResourceInfo): Strategy {
    switch (`${info.group}/${info.resource}`) {
      case '/pods':
        return podStrategy(info);
      case '/namespaces':
        return namespaceStrategy(info);
      case '/services':
        return serviceStrategy(info, this.allocator);
      case 'apps/deployments':
        return deploymentStrategy(info);
      case 'apps/daemonsets':
        return daemonSetStrategy(info);
      case 'batch/jobs':
        return jobStrategy(info);
      case '/nodes':
      case '/endpoints':
        return { ...base(info), allowCreateOnUpdate: true };
      default:
        return base(info);
    }
  }
}
