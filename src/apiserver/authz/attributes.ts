/**
 * Authorization attributes of an HTTP request (k8s.io/apiserver RequestInfoFactory +
 * authorizer.AttributesRecord) and upstream's Forbidden answer for a refused one.
 */
import { ApiError, apiErrors } from '../../registry/errors.js';
import type { UserInfo } from '../authn.js';
import { parseRequestInfo } from '../request-info.js';
import type { Attributes } from './types.js';

export function attributesFor(method: string, url: URL, user: UserInfo): Attributes {
  const ri = parseRequestInfo(method, url.pathname, url.searchParams.get('watch') ?? undefined);
  const base: Attributes = { user, verb: method.toLowerCase(), resourceRequest: false, path: url.pathname, namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '' };
  if (ri.kind !== 'resource') return base;
  let name = ri.name ?? '';
  // A list/watch narrowed to one object by metadata.name counts as a request for that object.
  if ((ri.verb === 'list' || ri.verb === 'watch') && !name) {
    for (const term of (url.searchParams.get('fieldSelector') ?? '').split(',')) {
      const m = /^metadata\.name==?(.+)$/.exec(term.trim());
      if (m) name = m[1]!;
    }
  }
  // /api/v1/namespaces/<name> is in the namespace it names (upstream: namespace = name).
  const namespace = ri.namespace ?? (ri.resource === 'namespaces' && ri.name ? ri.name : '');
  return { ...base, verb: ri.verb, resourceRequest: true, namespace, apiGroup: ri.group, apiVersion: ri.version, resource: ri.resource, subresource: ri.subresource ?? '', name };
}

/** Upstream's forbiddenMessage (endpoints/handlers/responsewriters/errors.go). */
export function forbiddenMessage(attrs: Attributes): string {
  const user = JSON.stringify(attrs.user.name);
  if (!attrs.resourceRequest) return `User ${user} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope';
  return `User ${user} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)} ${scope}`;
}

/** The 403 Status for a refused request: `configmaps is forbidden: User "u" cannot list ...`. */
export function forbiddenError(attrs: Attributes, reason: string): ApiError {
  const why = reason ? `${forbiddenMessage(attrs)}: ${reason}` : forbiddenMessage(attrs);
  if (!attrs.resourceRequest) return new ApiError(403, 'Forbidden', `forbidden: ${why}`, {});
  return apiErrors.forbidden({ group: attrs.apiGroup, resource: attrs.resource }, attrs.name, why);
}
