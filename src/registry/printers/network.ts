// Networking: printers.go printService, printEndpoints, printEndpointSlice, printIngress, printIngressClass,
// printNetworkPolicy, printServiceCIDR, printIPAddress.
import { ageColumn, column, nameColumn } from './columns.js';
import { formatLabels, formatLabelSelector, goStringCompare, listWithMoreString, translateTimestampSince } from './format.js';
import {
  arrayAt,
  creationTimestampOf,
  nameOf,
  numberAt,
  numberPtr,
  objectPtr,
  objectsAt,
  stringAt,
  stringMapAt,
  stringPtr,
  stringsAt,
  valueAt,
} from './json.js';
import { swaggerDocs } from './swagger-docs.generated.js';
import type { JsonObject, TablePrinter } from './types.js';

const docs = swaggerDocs;
const LOAD_BALANCER_WIDTH = 16;

function age(object: JsonObject, now: Date): string {
  return translateTimestampSince(creationTimestampOf(object), now);
}

/**
 * `loadBalancerStatusStringer` / `ingressLoadBalancerStatusStringer`: sorted unique IPs or hostnames.
 * kube-apiserver always prints wide, so the 16-character clipping never applies server-side.
 */
export function loadBalancerStatusString(status: unknown, wide = true): string {
  const addresses = new Set<string>();
  for (const ingress of objectsAt(status, 'ingress')) {
    const address = stringAt(ingress, 'ip') || stringAt(ingress, 'hostname');
    if (address !== '') addresses.add(address);
  }
  let text = [...addresses].sort(goStringCompare).join(',');
  if (!wide && text.length > LOAD_BALANCER_WIDTH) text = `${text.slice(0, LOAD_BALANCER_WIDTH - 3)}...`;
  return text;
}

/** SetDefaults_Service sets type ClusterIP; older objects may carry only spec.clusterIP (defaultOnRead). */
function serviceType(service: JsonObject): string {
  return stringAt(service, 'spec', 'type') || 'ClusterIP';
}

function serviceExternalIP(service: JsonObject): string {
  const externalIPs = stringsAt(service, 'spec', 'externalIPs');
  switch (serviceType(service)) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIPs = loadBalancerStatusString(valueAt(service, 'status', 'loadBalancer'));
      if (externalIPs.length > 0) return [...(lbIPs === '' ? [] : lbIPs.split(',')), ...externalIPs].join(',');
      return lbIPs === '' ? '<pending>' : lbIPs;
    }
    case 'ExternalName':
      return stringAt(service, 'spec', 'externalName');
    default:
      return '<unknown>';
  }
}

function servicePorts(service: JsonObject): string {
  const ports = objectsAt(service, 'spec', 'ports').map((port) => {
    const protocol = stringAt(port, 'protocol') || 'TCP';
    const nodePort = numberAt(port, 'nodePort');
    return nodePort > 0 ? `${numberAt(port, 'port')}:${nodePort}/${protocol}` : `${numberAt(port, 'port')}/${protocol}`;
  });
  return ports.length === 0 ? '<none>' : ports.join(',');
}

export const servicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Type', 'string', docs.ServiceSpec.type),
    column('Cluster-IP', 'string', docs.ServiceSpec.clusterIP),
    column('External-IP', 'string', docs.ServiceSpec.externalIPs),
    column('Port(s)', 'string', docs.ServiceSpec.ports),
    ageColumn(),
    column('Selector', 'string', docs.ServiceSpec.selector, 1),
  ],
  cells(service, now) {
    const clusterIP = stringAt(service, 'spec', 'clusterIPs', 0) || stringAt(service, 'spec', 'clusterIP') || '<none>';
    return [
      nameOf(service),
      serviceType(service),
      clusterIP,
      serviceExternalIP(service),
      servicePorts(service),
      age(service, now),
      formatLabels(stringMapAt(service, 'spec', 'selector')),
    ];
  },
};

/** net.JoinHostPort: IPv6 addresses are bracketed. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** printers.go `formatEndpoints` with ports=nil: at most three addresses, then "+ N more...". */
export function formatEndpoints(endpoints: JsonObject): string {
  const subsets = objectsAt(endpoints, 'subsets');
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = objectsAt(subset, 'addresses').map((address) => stringAt(address, 'ip'));
    const ports = objectsAt(subset, 'ports');
    const targets = ports.length === 0 ? [undefined] : ports.map((port) => numberAt(port, 'port'));
    for (const port of targets) {
      count += addresses.length;
      for (const ip of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(port === undefined ? ip : joinHostPort(ip, port));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

export const endpointsPrinter: TablePrinter = {
  columns: [nameColumn(), column('Endpoints', 'string', docs.Endpoints.subsets), ageColumn()],
  cells(endpoints, now) {
    return [nameOf(endpoints), formatEndpoints(endpoints), age(endpoints, now)];
  },
};

function formatDiscoveryPorts(slice: JsonObject): string {
  const ports = objectsAt(slice, 'ports');
  const list = ports.slice(0, 3).map((port) => {
    const number = numberPtr(port, 'port');
    if (number !== undefined) return String(number);
    return stringPtr(port, 'name') ?? '*';
  });
  return listWithMoreString(list, ports.length > 3, ports.length, 3);
}

function formatDiscoveryEndpoints(slice: JsonObject): string {
  const addresses = objectsAt(slice, 'endpoints').flatMap((endpoint) => stringsAt(endpoint, 'addresses'));
  return listWithMoreString(addresses.slice(0, 3), addresses.length > 3, addresses.length, 3);
}

export const endpointSlicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('AddressType', 'string', docs.EndpointSlice.addressType),
    column('Ports', 'string', docs.EndpointSlice.ports),
    column('Endpoints', 'string', docs.EndpointSlice.endpoints),
    ageColumn(),
  ],
  cells(slice, now) {
    return [nameOf(slice), stringAt(slice, 'addressType'), formatDiscoveryPorts(slice), formatDiscoveryEndpoints(slice), age(slice, now)];
  },
};

/** printers.go `formatHosts`: the first three non-empty hosts, "*" when none. */
function formatHosts(ingress: JsonObject): string {
  const rules = objectsAt(ingress, 'spec', 'rules');
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    const host = stringAt(rule, 'host');
    if (!more && host !== '') list.push(host);
  }
  if (list.length === 0) return '*';
  const joined = list.join(',');
  return more ? `${joined} + ${rules.length - max} more...` : joined;
}

export const ingressPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  cells(ingress, now) {
    return [
      nameOf(ingress),
      stringPtr(ingress, 'spec', 'ingressClassName') ?? '<none>',
      formatHosts(ingress),
      loadBalancerStatusString(valueAt(ingress, 'status', 'loadBalancer')),
      arrayAt(ingress, 'spec', 'tls').length !== 0 ? '80, 443' : '80',
      age(ingress, now),
    ];
  },
};

export const ingressClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  cells(ingressClass, now) {
    const parameters = objectPtr(ingressClass, 'spec', 'parameters');
    let text = '<none>';
    if (parameters) {
      const apiGroup = stringPtr(parameters, 'apiGroup');
      text = `${stringAt(parameters, 'kind')}${apiGroup === undefined ? '' : `.${apiGroup}`}/${stringAt(parameters, 'name')}`;
    }
    return [nameOf(ingressClass), stringAt(ingressClass, 'spec', 'controller'), text, age(ingressClass, now)];
  },
};

export const networkPolicyPrinter: TablePrinter = {
  columns: [nameColumn(), column('Pod-Selector', 'string', docs.NetworkPolicySpec.podSelector), ageColumn()],
  cells(policy, now) {
    // podSelector is a struct (not a pointer) upstream, so an absent one is an empty selector.
    return [nameOf(policy), formatLabelSelector(objectPtr(policy, 'spec', 'podSelector') ?? {}), age(policy, now)];
  },
};

export const serviceCIDRPrinter: TablePrinter = {
  columns: [nameColumn(), column('CIDRs', 'string', docs.ServiceCIDRSpec.cidrs), ageColumn()],
  cells(cidr, now) {
    return [nameOf(cidr), stringsAt(cidr, 'spec', 'cidrs').join(','), age(cidr, now)];
  },
};

export const ipAddressPrinter: TablePrinter = {
  // Upstream declares two columns but prints three cells (Age has no header); we keep its cells.
  columns: [nameColumn(), column('ParentRef', 'string', docs.IPAddressSpec.parentRef)],
  cells(address, now) {
    const parent = objectPtr(address, 'spec', 'parentRef');
    let parentName = '<none>';
    if (parent) {
      const group = stringAt(parent, 'group');
      const resource = stringAt(parent, 'resource');
      parentName = (group === '' ? resource : `${resource}.${group}`).toLowerCase();
      const namespace = stringAt(parent, 'namespace');
      if (namespace !== '') parentName += `/${namespace}`;
      parentName += `/${stringAt(parent, 'name')}`;
    }
    return [nameOf(address), parentName, age(address, now)];
  },
};
