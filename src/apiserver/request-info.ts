/**
 * Parses a request path into what it addresses (k8s.io/apiserver RequestInfoFactory):
 * /api/v1/namespaces/ns/pods/name/status, /apis/apps/v1/deployments, /api/v1/watch/..., ...
 */
export interface ResourceRequest {
  kind: 'resource';
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

export interface DiscoveryRequest {
  kind: 'discovery';
  /** '/api', '/apis', '/api/v1', '/apis/apps', '/apis/apps/v1'. */
  group?: string;
  version?: string;
  legacy: boolean;
}

export type RequestInfo = ResourceRequest | DiscoveryRequest | { kind: 'other' };

export function parseRequestInfo(method: string, pathname: string, watchParam: string | undefined): RequestInfo {
  const parts = pathname.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  if (parts[0] !== 'api' && parts[0] !== 'apis') return { kind: 'other' };
  const legacy = parts[0] === 'api';
  let i = 1;
  let group = '';
  if (!legacy) {
    if (parts.length === 1) return { kind: 'discovery', legacy };
    group = parts[i++]!;
    if (parts.length === 2) return { kind: 'discovery', legacy, group };
  } else if (parts.length === 1) {
    return { kind: 'discovery', legacy };
  }
  const version = parts[i++]!;
  if (i >= parts.length) return { kind: 'discovery', legacy, group, version };

  let rest = parts.slice(i);
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // /namespaces/<ns>/<resource>/... addresses namespaced objects; /namespaces/<name>[/status|/finalize]
  // is a namespace itself (upstream's namespaceSubresources).
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0) return { kind: 'other' };
  const isWatch = watchPath || watchParam === 'true' || watchParam === '1';
  let verb: ResourceRequest['verb'];
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = isWatch ? 'watch' : name ? 'get' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      return { kind: 'other' };
  }
  const info: ResourceRequest = { kind: 'resource', verb, group, version, resource };
  if (namespace !== undefined) info.namespace = namespace;
  if (name !== undefined) info.name = name;
  if (subresource !== undefined) info.subresource = subresource;
  return info;
}
