/**
 * Service validation (pkg/apis/core/validation ValidateService / ValidateServiceUpdate) for the
 * rules users hit: ports, types, names, session affinity, cluster IPs and their immutability.
 */
import { isIP } from 'node:net';
import type { FieldError } from './field-error.js';
import { duplicate, forbidden, invalid, notSupported, required } from './errors.js';
import { GoLiteral, goQuote, goStringSlice } from './go-value.js';
import { objectArray, objectOrEmpty, str, stringArray, type JsonObject } from './json.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortName, isValidPortNum, nameValidationFor } from './names.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']; // sets.List order
const sessionAffinities = ['ClientIP', 'None'];
const protocols = ['SCTP', 'TCP', 'UDP'];
const ipFamilies = ['IPv4', 'IPv6'];
const ipFamilyPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

function isHeadless(spec: JsonObject): boolean {
  return str(spec['clusterIP']) === 'None';
}

/** `core.ServicePort{...}` as `%#v` prints the duplicate-port key (only protocol and port set). */
function servicePortKey(protocol: string, port: number): GoLiteral {
  return new GoLiteral(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, ` +
      `TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

function validatePorts(spec: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const ports = objectArray(spec['ports']);
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const path = `spec.ports[${i}]`;
    const name = str(port['name']);
    if (ports.length > 1 && name === '') errs.push(required(`${path}.name`));
    else if (name !== '') {
      errs.push(...isDNS1123Label(name).map((m) => invalid(`${path}.name`, name, m)));
      if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
      else names.add(name);
    }
    const portNumber = typeof port['port'] === 'number' ? port['port'] : 0;
    errs.push(...isValidPortNum(portNumber).map((m) => invalid(`${path}.port`, portNumber, m)));
    const protocol = str(port['protocol']);
    if (protocol === '') errs.push(required(`${path}.protocol`));
    else if (!protocols.includes(protocol)) errs.push(notSupported(`${path}.protocol`, protocol, protocols));
    const target = port['targetPort'];
    if (typeof target === 'number') errs.push(...isValidPortNum(target).map((m) => invalid(`${path}.targetPort`, target, m)));
    else if (typeof target === 'string') errs.push(...isValidPortName(target).map((m) => invalid(`${path}.targetPort`, target, m)));
    const appProtocol = port['appProtocol'];
    if (typeof appProtocol === 'string') errs.push(...isQualifiedName(appProtocol).map((m) => invalid(`${path}.appProtocol`, appProtocol, m)));
  });
  return errs;
}

function validateClusterIPs(spec: JsonObject, oldSpec: JsonObject | undefined): FieldError[] {
  if (str(spec['type']) === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const clusterIP = str(spec['clusterIP']);
  const clusterIPs = stringArray(spec['clusterIPs']);
  const rendered = new GoLiteral(goStringSlice(clusterIPs));
  if (clusterIP !== '') {
    if (clusterIPs.length === 0) errs.push(required('spec.clusterIPs'));
    else if (clusterIPs[0] !== clusterIP) errs.push(invalid('spec.clusterIPs', rendered, 'first value must match `clusterIP`'));
  } else if (clusterIPs.length > 0) {
    errs.push(invalid('spec.clusterIPs', rendered, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  stringArray(spec['ipFamilies']).forEach((family, i) => {
    if (!ipFamilies.includes(family)) errs.push(notSupported(`spec.ipFamilies[${i}]`, family, ipFamilies));
    if (seen.has(family)) errs.push(duplicate(`spec.ipFamilies[${i}]`, family));
    seen.add(family);
  });
  const policy = spec['ipFamilyPolicy'];
  if (typeof policy === 'string' && !ipFamilyPolicies.includes(policy)) errs.push(notSupported('spec.ipFamilyPolicy', policy, ipFamilyPolicies));
  const existing = oldSpec ? stringArray(oldSpec['clusterIPs']) : [];
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) errs.push(invalid('spec.clusterIPs', rendered, "'None' must be the first and only value"));
      return;
    }
    if (!existing.includes(ip) && isIP(ip) === 0) {
      errs.push(invalid(`spec.clusterIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    }
  });
  if (clusterIPs.length > 2) errs.push(invalid('spec.clusterIPs', rendered, 'may only hold up to 2 values'));
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: an allocated cluster IP never changes. */
function clusterIPsUpdate(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  if (str(spec['type']) === 'ExternalName' || str(oldSpec['type']) === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const next = stringArray(spec['clusterIPs']);
  const prev = stringArray(oldSpec['clusterIPs']);
  const rendered = new GoLiteral(goStringSlice(next));
  const errs: FieldError[] = [];
  if (prev.length === next.length) {
    prev.forEach((ip, i) => {
      if (ip !== next[i]) errs.push(invalid(`spec.clusterIPs[${i}]`, rendered, 'may not change once set'));
    });
  } else if (prev.length > next.length) {
    if (next.length === 0) errs.push(invalid('spec.clusterIPs[0]', rendered, 'primary clusterIP can not be unset'));
    if (prev.length > 0 && next.length > 0 && next[0] !== prev[0]) errs.push(invalid('spec.clusterIPs[0]', rendered, 'may not change once set'));
    if (next.length === 1 && spec['ipFamilyPolicy'] !== 'SingleStack') {
      errs.push(invalid('spec.ipFamilyPolicy', spec['ipFamilyPolicy'] ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (prev.length > 0 && next[0] !== prev[0]) {
    errs.push(invalid('spec.clusterIPs[0]', rendered, 'may not change once set'));
  }
  return errs;
}

export function validateService(svc: JsonObject, old?: JsonObject): FieldError[] {
  const spec = objectOrEmpty(svc['spec']);
  const oldSpec = old ? objectOrEmpty(old['spec']) : undefined;
  const errs: FieldError[] = [];
  if (old && oldSpec) {
    errs.push(...validateObjectMetaUpdate(svc['metadata'], old['metadata']));
    errs.push(...clusterIPsUpdate(spec, oldSpec));
  }
  errs.push(...validateObjectMeta(svc['metadata'], { namespaced: true, nameValidation: nameValidationFor('', 'Service') }));
  const type = str(spec['type']);
  const clusterIPs = stringArray(spec['clusterIPs']);
  if (objectArray(spec['ports']).length === 0 && !isHeadless(spec) && type !== 'ExternalName') errs.push(required('spec.ports'));
  if ((type === 'LoadBalancer' || type === 'NodePort') && isHeadless(spec)) {
    errs.push(invalid('spec.clusterIPs[0]', clusterIPs[0] ?? '', `may not be set to 'None' for ${type} services`));
  }
  if (type === 'ExternalName') {
    if (clusterIPs.length > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (stringArray(spec['ipFamilies']).length > 0) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec['ipFamilyPolicy'] !== undefined && spec['ipFamilyPolicy'] !== null) {
      errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    }
    const cname = str(spec['externalName']).replace(/\.$/, '');
    if (cname === '') errs.push(required('spec.externalName'));
    else errs.push(...isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', cname, m)));
  }
  errs.push(...validatePorts(spec));
  errs.push(...validateLabels(spec['selector'], 'spec.selector'));
  const affinity = str(spec['sessionAffinity']);
  if (affinity === '') errs.push(required('spec.sessionAffinity'));
  else if (!sessionAffinities.includes(affinity)) errs.push(notSupported('spec.sessionAffinity', affinity, sessionAffinities));
  if (affinity === 'None' && spec['sessionAffinityConfig'] !== undefined && spec['sessionAffinityConfig'] !== null) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIPs(spec, oldSpec));
  if (type === '') errs.push(required('spec.type'));
  else if (!serviceTypes.includes(type)) errs.push(notSupported('spec.type', type, serviceTypes));
  const ports = objectArray(spec['ports']);
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (typeof p['nodePort'] === 'number' && p['nodePort'] !== 0) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const nodePort = typeof p['nodePort'] === 'number' ? p['nodePort'] : 0;
    if (nodePort === 0) return;
    const k = `${str(p['protocol'])}/${nodePort}`;
    if (nodePorts.has(k)) errs.push(duplicate(`spec.ports[${i}].nodePort`, nodePort));
    nodePorts.add(k);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const port = typeof p['port'] === 'number' ? p['port'] : 0;
    const k = `${str(p['protocol'])}/${port}`;
    if (portKeys.has(k)) errs.push(duplicate(`spec.ports[${i}]`, servicePortKey(str(p['protocol']), port)));
    portKeys.add(k);
  });
  if (spec['allocateLoadBalancerNodePorts'] !== undefined && spec['allocateLoadBalancerNodePorts'] !== null && type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (type === 'LoadBalancer' && (spec['allocateLoadBalancerNodePorts'] === undefined || spec['allocateLoadBalancerNodePorts'] === null)) {
    errs.push(required('allocateLoadBalancerNodePorts'));
  }
  return errs;
}
