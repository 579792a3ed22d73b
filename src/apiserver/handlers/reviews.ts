/**
 * Create-only review resources (pkg/registry/authorization/*, authentication/*): access reviews ask
 * the authorizer, the rules review lists what RBAC grants, SelfSubjectReview and TokenReview say who
 * a caller or a token is. Nothing is stored; the request comes back with its status filled in.
 */
import type { FastifyReply } from 'fastify';
import { apiErrors } from '../../registry/errors.js';
import { isPlainObject } from '../../registry/object.js';
import type { TokenAuthenticator, UserInfo } from '../authn.js';
import { isMaster } from '../authz/request-identity.js';
import type { Attributes, AuthorizationResult, Authorizer, PolicyRule, RuleResolver } from '../authz/types.js';
import { decodeObjectBody, requireObject } from '../body.js';
import { sendJson, type ApiContext, type HandlerRequest } from './context.js';
import type { VirtualHandler } from './router.js';

export interface ReviewDeps {
  authorizer: Authorizer;
  rules: RuleResolver;
  tokens: TokenAuthenticator[];
}

type Body = Record<string, unknown> & { metadata: Record<string, unknown> };

function readBody(req: HandlerRequest): Body {
  const ct = req.headers['content-type'];
  const decoded = decodeObjectBody(Array.isArray(ct) ? ct[0] : ct, req.body);
  const apiVersion = req.info.group ? `${req.info.group}/${req.info.version}` : req.info.version;
  return requireObject(decoded?.value ?? {}, { apiVersion, kind: req.info.kind });
}

function respond(reply: FastifyReply, req: HandlerRequest, body: Body, status: Record<string, unknown>): void {
  const apiVersion = `${req.info.group}/${req.info.version}`;
  sendJson(reply, 201, { ...body, kind: req.info.kind, apiVersion, metadata: { ...body.metadata, creationTimestamp: null }, status });
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Attributes from a review's spec.resourceAttributes / spec.nonResourceAttributes. */
function reviewAttributes(user: UserInfo, spec: Record<string, unknown>): Attributes {
  const base: Attributes = { user, verb: '', resourceRequest: false, path: '', namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '' };
  const ra = isPlainObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  if (ra) {
    return { ...base, resourceRequest: true, verb: str(ra.verb), namespace: str(ra.namespace), apiGroup: str(ra.group), apiVersion: str(ra.version), resource: str(ra.resource), subresource: str(ra.subresource), name: str(ra.name) };
  }
  const nra = isPlainObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  if (nra) return { ...base, verb: str(nra.verb), path: str(nra.path) };
  throw apiErrors.badRequest('exactly one of nonResourceAttributes or resourceAttributes must be specified');
}

function decide(deps: ReviewDeps, attrs: Attributes): AuthorizationResult {
  // kube-apiserver's privileged-group authorizer runs before RBAC.
  if (isMaster(attrs.user)) return { decision: 'allow', reason: '' };
  return deps.authorizer.authorize(attrs);
}

function accessStatus(result: AuthorizationResult): Record<string, unknown> {
  const status: Record<string, unknown> = { allowed: result.decision === 'allow' };
  if (result.decision === 'deny') status.denied = true;
  if (result.reason) status.reason = result.reason;
  return status;
}

function specUser(spec: Record<string, unknown>): UserInfo {
  const user = str(spec.user);
  const groups = Array.isArray(spec.groups) ? spec.groups.map(String) : [];
  if (!user && groups.length === 0) throw apiErrors.badRequest('at least one of user or group must be specified');
  const out: UserInfo = { name: user, groups };
  if (spec.uid) out.uid = str(spec.uid);
  if (isPlainObject(spec.extra)) out.extra = spec.extra as Record<string, string[]>;
  return out;
}

function resourceRule(r: PolicyRule): Record<string, unknown> {
  const out: Record<string, unknown> = { verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [] };
  if (r.resourceNames?.length) out.resourceNames = r.resourceNames;
  return out;
}

export function reviewHandlers(deps: ReviewDeps): Map<string, VirtualHandler> {
  const handlers = new Map<string, VirtualHandler>();
  handlers.set('authorization.k8s.io/selfsubjectaccessreviews', async (_ctx: ApiContext, req, user, reply) => {
    const body = readBody(req);
    const spec = isPlainObject(body.spec) ? body.spec : {};
    respond(reply, req, body, accessStatus(decide(deps, reviewAttributes(user, spec))));
  });
  handlers.set('authorization.k8s.io/subjectaccessreviews', async (_ctx, req, _user, reply) => {
    const body = readBody(req);
    const spec = isPlainObject(body.spec) ? body.spec : {};
    respond(reply, req, body, accessStatus(decide(deps, reviewAttributes(specUser(spec), spec))));
  });
  handlers.set('authorization.k8s.io/localsubjectaccessreviews', async (_ctx, req, _user, reply) => {
    const body = readBody(req);
    const spec = isPlainObject(body.spec) ? body.spec : {};
    const namespace = req.ri.namespace ?? '';
    const ra = isPlainObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
    if (!ra) throw apiErrors.badRequest('disallowed on this kind of request');
    if (ra.namespace && ra.namespace !== namespace) throw apiErrors.badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
    ra.namespace = namespace;
    body.metadata.namespace = namespace;
    respond(reply, req, body, accessStatus(decide(deps, reviewAttributes(specUser(spec), spec))));
  });
  handlers.set('authorization.k8s.io/selfsubjectrulesreviews', async (_ctx, req, user, reply) => {
    const body = readBody(req);
    const spec = isPlainObject(body.spec) ? body.spec : {};
    const { rules, errors } = deps.rules.rulesFor(user, str(spec.namespace));
    const status: Record<string, unknown> = {
      resourceRules: rules.filter((r) => r.resources?.length).map(resourceRule),
      nonResourceRules: rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
      incomplete: errors.length > 0,
    };
    if (errors.length) status.evaluationError = errors.join(', ');
    respond(reply, req, body, status);
  });
  handlers.set('authentication.k8s.io/selfsubjectreviews', async (_ctx, req, user, reply) => {
    const body = readBody(req);
    const userInfo: Record<string, unknown> = { username: user.name, groups: user.groups };
    if (user.uid) userInfo.uid = user.uid;
    if (user.extra && Object.keys(user.extra).length) userInfo.extra = user.extra;
    respond(reply, req, body, { userInfo });
  });
  handlers.set('authentication.k8s.io/tokenreviews', async (_ctx, req, _user, reply) => {
    const body = readBody(req);
    const spec = isPlainObject(body.spec) ? body.spec : {};
    const token = str(spec.token);
    let found: UserInfo | undefined;
    for (const t of token ? deps.tokens : []) {
      found = await t.authenticate(token);
      if (found) break;
    }
    if (!found) {
      respond(reply, req, body, { user: {}, ...(token ? { error: 'invalid bearer token' } : {}) });
      return;
    }
    const user: Record<string, unknown> = { username: found.name, groups: found.groups };
    if (found.uid) user.uid = found.uid;
    if (found.extra) user.extra = found.extra;
    respond(reply, req, body, { authenticated: true, user, audiences: Array.isArray(spec.audiences) ? spec.audiences : [] });
  });
  return handlers;
}
