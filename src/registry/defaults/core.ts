/** core/v1 defaults other than pods and controllers (pkg/apis/core/v1/defaults.go, v1.33). */
import { child, defaultField, defaultZero, existing, isObject, items, type JsonObject } from './util.js';

/** api/v1/service.ExternallyAccessible. */
function externallyAccessible(spec: JsonObject): boolean {
  const type = spec['type'];
  const externalIPs = spec['externalIPs'];
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && Array.isArray(externalIPs) && externalIPs.length > 0);
}

/** The IP family of an address literal. */
function familyOf(ip: string): 'IPv4' | 'IPv6' {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

/**
 * SetDefaults_Service, plus the IP family fields kube-apiserver's Service storage fills in on a
 * single-stack cluster (alloc.go initIPFamilyFields): headless selector-less Services get
 * RequireDualStack, others SingleStack; families follow the cluster IP, else IPv4.
 */
export function defaultService(svc: JsonObject): void {
  const spec = child(svc, 'spec');
  defaultZero(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') {
    const config = existing(spec, 'sessionAffinityConfig');
    const clientIP = config ? existing(config, 'clientIP') : undefined;
    if (!clientIP || clientIP['timeoutSeconds'] === undefined || clientIP['timeoutSeconds'] === null) {
      spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 10800 } };
    }
  }
  defaultZero(spec, 'type', 'ClusterIP');
  for (const port of items(spec, 'ports')) {
    defaultZero(port, 'protocol', 'TCP');
    if (typeof port['port'] === 'number') defaultZero(port, 'targetPort', port['port']);
  }
  if (externallyAccessible(spec)) defaultZero(spec, 'externalTrafficPolicy', 'Cluster');
  const type = spec['type'];
  if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') defaultField(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') {
    defaultField(spec, 'allocateLoadBalancerNodePorts', true);
    const status = existing(svc, 'status');
    const loadBalancer = status ? existing(status, 'loadBalancer') : undefined;
    for (const ingress of items(loadBalancer, 'ingress')) {
      if (typeof ingress['ip'] === 'string' && ingress['ip'] !== '') defaultField(ingress, 'ipMode', 'VIP');
    }
  }
  if (type !== 'ExternalName') {
    const headlessWithoutSelector = spec['clusterIP'] === 'None' && (!isObject(spec['selector']) || Object.keys(spec['selector']).length === 0);
    defaultField(spec, 'ipFamilyPolicy', headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack');
    const families = spec['ipFamilies'];
    if (!Array.isArray(families) || families.length === 0) {
      const clusterIP = typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '';
      spec['ipFamilies'] = [clusterIP !== '' && clusterIP !== 'None' ? familyOf(clusterIP) : 'IPv4'];
    }
  }
}

/** SetDefaults_Namespace (name label) and SetDefaults_NamespaceStatus (phase Active). */
export function defaultNamespace(ns: JsonObject): void {
  const meta = child(ns, 'metadata');
  const name = meta['name'];
  if (typeof name === 'string' && name !== '') child(meta, 'labels')['kubernetes.io/metadata.name'] = name;
  defaultZero(child(ns, 'status'), 'phase', 'Active');
}

/**
 * Namespace strategy PrepareForCreate: a new namespace carries the `kubernetes` finalizer.
 * Not part of applyDefaults, because defaults also run on updates and would re-add the finalizer
 * after the namespace controller's /finalize removed it.
 */
export function prepareNamespaceForCreate(ns: JsonObject): void {
  child(ns, 'spec')['finalizers'] = ['kubernetes'];
  defaultZero(child(ns, 'status'), 'phase', 'Active');
}

/**
 * SetDefaults_Secret (type Opaque), plus the v1 conversion that folds the write-only `stringData`
 * into `data` (base64), overwriting keys present in both, and drops `stringData`.
 */
export function defaultSecret(secret: JsonObject): void {
  defaultZero(secret, 'type', 'Opaque');
  const stringData = existing(secret, 'stringData');
  if (stringData) {
    const data = child(secret, 'data');
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(typeof v === 'string' ? v : String(v), 'utf8').toString('base64');
  }
  delete secret['stringData'];
}

export function defaultEndpoints(endpoints: JsonObject): void {
  for (const subset of items(endpoints, 'subsets')) for (const port of items(subset, 'ports')) defaultZero(port, 'protocol', 'TCP');
}

export function defaultPersistentVolume(pv: JsonObject): void {
  const spec = child(pv, 'spec');
  defaultZero(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  defaultField(spec, 'volumeMode', 'Filesystem');
  defaultZero(child(pv, 'status'), 'phase', 'Pending');
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function defaultNode(node: JsonObject): void {
  const status = existing(node, 'status');
  if (!status) return;
  const capacity = existing(status, 'capacity');
  if (capacity && (status['allocatable'] === undefined || status['allocatable'] === null)) status['allocatable'] = { ...capacity };
}

/** SetDefaults_LimitRangeItem: Container limits fill default and defaultRequest from max/min. */
export function defaultLimitRange(limitRange: JsonObject): void {
  for (const item of items(existing(limitRange, 'spec'), 'limits')) {
    if (item['type'] !== 'Container') continue;
    const defaults = { ...(existing(item, 'max') ?? {}), ...(existing(item, 'default') ?? {}) };
    const requests = { ...(existing(item, 'min') ?? {}), ...defaults, ...(existing(item, 'defaultRequest') ?? {}) };
    if (Object.keys(defaults).length > 0) item['default'] = defaults;
    if (Object.keys(requests).length > 0) item['defaultRequest'] = requests;
  }
}
