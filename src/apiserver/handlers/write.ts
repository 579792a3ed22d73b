/** POST, PUT, PATCH, DELETE and DELETE-collection on a resource or its status subresource. */
import type { FastifyReply } from 'fastify';
import { apiErrors } from '../../registry/errors.js';
import type { DeleteOptions } from '../../registry/generic/registry.js';
import { isPlainObject, type KubeObject } from '../../registry/object.js';
import { decodeObjectBody, decodePatchBody, type PatchType } from '../body.js';
import { dryRunOf, queryFlag, sendJson, type ApiContext, type HandlerRequest } from './context.js';
import { parseFieldValidation } from './object-decoder.js';
import { objectViewOf, renderObject, selectionOf } from './read.js';

function warn(reply: FastifyReply, warnings: string[]): void {
  if (warnings.length) reply.header('warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
}

function fieldManagerOf(req: HandlerRequest): string | undefined {
  const fm = req.query.get('fieldManager');
  if (fm !== null && fm.length > 128) throw apiErrors.badRequest('fieldManager must not be longer than 128 characters');
  return fm ?? undefined;
}

/** Upstream's default manager: the client's user agent up to the first '/' (e.g. "kubectl-create"). */
function defaultManager(req: HandlerRequest): string {
  const ua = req.headers['user-agent'];
  const agent = Array.isArray(ua) ? ua[0] : ua;
  return agent ? agent.split('/')[0]! : 'unknown';
}

function contentTypeOf(req: HandlerRequest): string | undefined {
  const ct = req.headers['content-type'];
  return Array.isArray(ct) ? ct[0] : ct;
}

export async function handleCreate(ctx: ApiContext, req: HandlerRequest, reply: FastifyReply): Promise<void> {
  const view = objectViewOf(req, false);
  const { object, warnings } = ctx.decoder.decode(req.info, contentTypeOf(req), req.body, parseFieldValidation(req.query.get('fieldValidation')));
  const entry = await ctx.registry.create(req.info, req.ri.namespace, object, {
    dryRun: dryRunOf(req.query),
    fieldManager: fieldManagerOf(req) ?? defaultManager(req),
  });
  warn(reply, warnings);
  renderObject(ctx, req.info, entry, view, req.query, reply, 201);
}

export async function handleUpdate(ctx: ApiContext, req: HandlerRequest, reply: FastifyReply): Promise<void> {
  const view = objectViewOf(req, false);
  const { object, warnings } = ctx.decoder.decode(req.info, contentTypeOf(req), req.body, parseFieldValidation(req.query.get('fieldValidation')));
  const { entry, created } = await ctx.registry.update(req.info, req.ri.namespace, req.ri.name!, object, {
    subresource: req.ri.subresource,
    dryRun: dryRunOf(req.query),
    fieldManager: fieldManagerOf(req) ?? defaultManager(req),
  });
  warn(reply, warnings);
  renderObject(ctx, req.info, entry, view, req.query, reply, created ? 201 : 200);
}

const PATCH_TYPES: PatchType[] = ['json', 'merge', 'strategic', 'apply'];

export async function handlePatch(ctx: ApiContext, req: HandlerRequest, reply: FastifyReply): Promise<void> {
  const view = objectViewOf(req, false);
  const { type, patch, jsonText } = decodePatchBody(contentTypeOf(req), req.body, PATCH_TYPES);
  const validation = parseFieldValidation(req.query.get('fieldValidation'));
  let warnings: string[] = [];
  if (type === 'apply' && isPlainObject(patch)) warnings = ctx.decoder.check(req.info, patch as KubeObject, jsonText, validation);
  const manager = fieldManagerOf(req);
  const { entry, created } = await ctx.patches.patch(req.info, req.ri.namespace, req.ri.name!, type, patch, {
    subresource: req.ri.subresource,
    dryRun: dryRunOf(req.query),
    fieldManager: type === 'apply' ? manager : (manager ?? defaultManager(req)),
    force: queryFlag(req.query, 'force'),
  });
  warn(reply, warnings);
  renderObject(ctx, req.info, entry, view, req.query, reply, created ? 201 : 200);
}

/** DeleteOptions from the body (kubectl, client-go) and/or the query string. */
function deleteOptionsOf(req: HandlerRequest): DeleteOptions {
  const body = decodeObjectBody(req.headers['content-type'] as string | undefined, req.body)?.value;
  const o = isPlainObject(body) ? body : {};
  const q = req.query;
  const grace = q.get('gracePeriodSeconds') ?? o.gracePeriodSeconds;
  const orphan = q.get('orphanDependents') ?? o.orphanDependents;
  let policy = (q.get('propagationPolicy') ?? o.propagationPolicy) as DeleteOptions['propagationPolicy'] | undefined;
  if (!policy && orphan !== undefined && orphan !== null) policy = String(orphan) === 'true' ? 'Orphan' : 'Background';
  if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw apiErrors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const options: DeleteOptions = { dryRun: dryRunOf(q) || (Array.isArray(o.dryRun) && o.dryRun.includes('All')) };
  if (grace !== undefined && grace !== null) {
    const n = Number(grace);
    if (!Number.isInteger(n)) throw apiErrors.badRequest(`invalid gracePeriodSeconds: ${String(grace)}`);
    options.gracePeriodSeconds = Math.max(0, n);
  }
  if (policy) options.propagationPolicy = policy;
  if (isPlainObject(o.preconditions)) options.preconditions = o.preconditions as DeleteOptions['preconditions'];
  return options;
}

export async function handleDelete(ctx: ApiContext, req: HandlerRequest, reply: FastifyReply): Promise<void> {
  const { entry, deleted } = await ctx.registry.delete(req.info, req.ri.namespace, req.ri.name!, deleteOptionsOf(req));
  if (!deleted || req.info.resource === 'pods' || req.info.resource === 'namespaces') {
    sendJson(reply, 200, entry.raw);
    return;
  }
  const details: Record<string, unknown> = { name: req.ri.name, kind: req.info.resource, uid: entry.view.metadata.uid };
  if (req.info.group) details.group = req.info.group;
  sendJson(reply, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

export async function handleDeleteCollection(ctx: ApiContext, req: HandlerRequest, reply: FastifyReply): Promise<void> {
  const options = deleteOptionsOf(req);
  const page = await ctx.lister.list(req.info, req.ri.namespace, { ...selectionOf(req.query) });
  const items: string[] = [];
  for (const e of page.items) {
    try {
      const { entry } = await ctx.registry.delete(req.info, e.view.metadata.namespace, e.view.metadata.name!, options);
      items.push(entry.raw);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && (err as { code: number }).code === 404)) throw err;
    }
  }
  const apiVersion = req.info.group ? `${req.info.group}/${req.info.version}` : req.info.version;
  sendJson(reply, 200, `{"kind":${JSON.stringify(req.info.listKind)},"apiVersion":"${apiVersion}","metadata":{"resourceVersion":"${ctx.registry.store.currentRevision()}"},"items":[${items.join(',')}]}`);
}
