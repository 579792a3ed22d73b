/** Dispatches a resource request to its handler after checking the resource, verb and subresource. */
import type { FastifyReply } from 'fastify';
import { apiErrors, ApiError } from '../../registry/errors.js';
import type { ResourceRequest } from '../request-info.js';
import type { UserInfo } from '../authn.js';
import type { ApiContext, HandlerRequest } from './context.js';
import { handleGet, handleList } from './read.js';
import { handleScale } from './scale.js';
import { handleWatch } from './watch.js';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './write.js';

/**
 * Handlers for what has no storage of its own: create-only virtual resources (access reviews) and
 * subresources such as serviceaccounts/token. Keyed `group/resource` or `group/resource/subresource`.
 */
export type VirtualHandler = (ctx: ApiContext, req: HandlerRequest, user: UserInfo, reply: FastifyReply) => Promise<void>;
export type VirtualHandlers = ReadonlyMap<string, VirtualHandler>;

export interface VirtualDispatch {
  handlers: VirtualHandlers;
  user: UserInfo;
}

export async function dispatchResource(ctx: ApiContext, req: Omit<HandlerRequest, 'info'>, reply: FastifyReply, virtual?: VirtualDispatch): Promise<void> {
  const ri: ResourceRequest = req.ri;
  const info = ctx.catalog.get(ri.group, ri.version, ri.resource);
  if (!info) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', { causes: [{ reason: 'UnexpectedServerResponse', message: '404 page not found' }] });
  if (info.namespaced === false && ri.namespace !== undefined) throw apiErrors.notFound({ group: info.group, resource: info.resource }, ri.name ?? '');
  const full: HandlerRequest = { ...req, info };
  const qr = { group: info.group, resource: info.resource };

  if (ri.subresource) {
    const sub = info.subresources.get(ri.subresource);
    if (!sub || !ri.name) throw apiErrors.notFound(qr, ri.name ?? '');
    if (!sub.verbs.includes(ri.verb)) throw apiErrors.methodNotSupported(qr, ri.verb);
    const subHandler = virtual?.handlers.get(`${info.group}/${info.resource}/${ri.subresource}`);
    if (subHandler) return subHandler(ctx, full, virtual!.user, reply);
    if (ri.subresource === 'scale') return handleScale(ctx, full, reply);
    switch (ri.verb) {
      case 'get':
        return handleGet(ctx, full, reply);
      case 'update':
        return handleUpdate(ctx, full, reply);
      case 'patch':
        return handlePatch(ctx, full, reply);
      default:
        throw apiErrors.methodNotSupported(qr, ri.verb);
    }
  }
  if (!info.verbs.includes(ri.verb)) throw apiErrors.methodNotSupported(qr, ri.verb);
  if (info.namespaced && ri.namespace === undefined && ['create', 'get', 'update', 'patch', 'delete', 'deletecollection'].includes(ri.verb)) {
    throw apiErrors.notFound(qr, ri.name ?? '');
  }
  const virtualHandler = virtual?.handlers.get(`${info.group}/${info.resource}`);
  if (virtualHandler) return virtualHandler(ctx, full, virtual!.user, reply);
  switch (ri.verb) {
    case 'get':
      return handleGet(ctx, full, reply);
    case 'list':
      return handleList(ctx, full, reply);
    case 'watch':
      return handleWatch(ctx, full, reply);
    case 'create':
      if (ri.name) throw apiErrors.methodNotSupported(qr, 'create');
      return handleCreate(ctx, full, reply);
    case 'update':
      return handleUpdate(ctx, full, reply);
    case 'patch':
      return handlePatch(ctx, full, reply);
    case 'delete':
      return handleDelete(ctx, full, reply);
    case 'deletecollection':
      return handleDeleteCollection(ctx, full, reply);
  }
}
