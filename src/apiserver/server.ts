/**
 * The tenant-facing HTTPS server: fastify with raw-body parsing (decoding is ours), authentication,
 * discovery, OpenAPI, health, and the resource handlers. Every error leaves as a metav1 Status.
 */
import fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { ApiError, apiErrors } from '../registry/errors.js';
import { KUBERNETES_MINOR, KUBERNETES_VERSION } from '../version.js';
import { authenticate, type TokenAuthenticator, type UserInfo } from './authn.js';
import type { DiscoveryDocuments } from './discovery.js';
import { sendJson, type ApiContext } from './handlers/context.js';
import { dispatchResource, type VirtualHandlers } from './handlers/router.js';
import { attributesFor, forbiddenError } from './authz/attributes.js';
import { isMaster, requestIdentity } from './authz/request-identity.js';
import type { Authorizer } from './authz/types.js';
import { negotiateDiscovery, parseAccept } from './negotiation.js';
import { registerOpenApiRoutes } from './openapi/routes.js';
import type { OpenApiService } from './openapi/service.js';
import { parseRequestInfo } from './request-info.js';
import { listenForUpgrades, type UpgradeTarget } from '../proxy/upgrade-listener.js';

/** Kubernetes' request size limit (3 MiB), not fastify's 1 MiB default. */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

export interface ApiServerOptions {
  tls: { key: string; cert: string; ca: string };
  logger: Logger;
  api: ApiContext;
  discovery: DiscoveryDocuments;
  openapi: OpenApiService;
  tokens: TokenAuthenticator[];
  /** Readiness: false until bootstrap finished. */
  ready: () => boolean;
  /** Authorizes every request of a user outside system:masters (RBAC); without it all are allowed. */
  authorizer?: Authorizer;
  /** Reviews and the serviceaccounts/token subresource (src/apiserver/handlers/reviews.ts, token.ts). */
  virtualHandlers?: VirtualHandlers;
  /** Prometheus text for `/metrics` (authenticated users only). */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** HTTP upgrades (pods exec/attach/portforward, src/proxy/): authenticated and authorized like requests. */
  upgrades?: UpgradeTarget & { closeAll(): void };
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: UserInfo;
  }
}

/** Paths anyone may read (upstream's system:public-info-viewer). */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

export function buildApiServer(options: ApiServerOptions): FastifyInstance {
  const app = fastify({
    https: { key: options.tls.key, cert: options.tls.cert, ca: options.tls.ca, requestCert: true, rejectUnauthorized: false },
    bodyLimit: MAX_REQUEST_BYTES,
    loggerInstance: options.logger,
    // Request lines would be one log line per kubectl call; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // Kubernetes names may contain characters fastify would otherwise reject in params.
    routerOptions: { maxParamLength: 4096, ignoreDuplicateSlashes: true },
    return503OnClosing: true,
  }) as unknown as FastifyInstance; // the HTTPS server type differs from the default only in its raw server
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const user = await authenticate(request.raw.socket as TLSSocket, request.headers.authorization, options.tokens);
    if (user) request.user = user;
    else if (!PUBLIC_PATHS.has(path)) {
      sendJson(reply, 401, apiErrors.unauthorized().toStatus());
      return reply;
    }
    if (user && options.authorizer && !isMaster(user)) {
      const attributes = attributesFor(request.method, new URL(request.url, 'https://vkube'), user);
      const result = options.authorizer.authorize(attributes);
      if (result.decision !== 'allow') {
        sendJson(reply, 403, forbiddenError(attributes, result.reason).toStatus());
        return reply;
      }
    }
    return undefined;
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (reply.raw.headersSent) return;
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = error;
    else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') apiError = apiErrors.tooLarge();
    else if (error.statusCode && error.statusCode < 500) apiError = apiErrors.badRequest(error.message);
    else {
      request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
      apiError = apiErrors.internal(error.message, error);
    }
    sendJson(reply, apiError.code, apiError.toStatus());
  });
  app.setNotFoundHandler((_request, reply) => {
    sendJson(reply, 404, new ApiError(404, 'NotFound', 'the server could not find the requested resource').toStatus());
  });

  const versionInfo = JSON.stringify({
    major: '1',
    minor: KUBERNETES_MINOR,
    gitVersion: KUBERNETES_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  });
  app.get('/version', async (_req, reply) => sendJson(reply, 200, versionInfo));
  for (const path of ['/healthz', '/livez']) app.get(path, async (_req, reply) => reply.code(200).header('content-type', 'text/plain; charset=utf-8').send('ok'));
  app.get('/readyz', async (_req, reply) => {
    const ready = options.ready();
    return reply.code(ready ? 200 : 503).header('content-type', 'text/plain; charset=utf-8').send(ready ? 'ok' : 'not ready');
  });
  // Not in PUBLIC_PATHS: the onRequest hook has already refused anonymous callers.
  app.get('/metrics', async (_req, reply) => {
    const rendered = await options.metrics?.();
    return reply.code(200).header('content-type', rendered?.contentType ?? 'text/plain; version=0.0.4; charset=utf-8').send(rendered?.body ?? '');
  });
  registerOpenApiRoutes(app, options.openapi);
  if (options.upgrades) {
    const upgrades = options.upgrades;
    listenForUpgrades(app.server, { tokens: options.tokens, authorizer: options.authorizer, target: upgrades });
    // Upgraded sockets are not requests: close them, or app.close() waits for every open shell.
    app.addHook('preClose', async () => upgrades.closeAll());
  }

  // Returns the reply: an async handler that resolves with nothing while a streamed body (large
  // LISTs) has not written its headers yet would make fastify answer a second, empty time.
  const handleApi = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const url = new URL(request.url, 'https://vkube');
    const ri = parseRequestInfo(request.method, url.pathname, url.searchParams.get('watch') ?? undefined);
    if (ri.kind === 'discovery') {
      serveDiscovery(options.discovery, ri, request, reply);
      return reply;
    }
    if (ri.kind !== 'resource') throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    const user = request.user ?? { name: 'system:anonymous', groups: ['system:unauthenticated'] };
    const virtual = options.virtualHandlers ? { handlers: options.virtualHandlers, user } : undefined;
    // The registry's RBAC escalation checks read the user from here.
    await requestIdentity.run(user, () =>
      dispatchResource(options.api, { ri, query: url.searchParams, headers: request.headers, body: request.body as Buffer | undefined, user: user.name }, reply, virtual),
    );
    return reply;
  };
  for (const path of ['/api', '/api/*', '/apis', '/apis/*']) {
    app.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], url: path, handler: handleApi });
  }
  return app;
}

function serveDiscovery(discovery: DiscoveryDocuments, ri: { legacy: boolean; group?: string; version?: string }, request: FastifyRequest, reply: FastifyReply): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const notFound = (): ApiError => new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (ri.version !== undefined) {
    const doc = discovery.apiResourceList(ri.group ?? '', ri.version);
    if (!doc) throw notFound();
    sendJson(reply, 200, doc);
    return;
  }
  if (ri.group !== undefined) {
    const doc = discovery.apiGroup(ri.group);
    if (!doc) throw notFound();
    sendJson(reply, 200, doc);
    return;
  }
  const view = negotiateDiscovery(parseAccept(request.headers.accept));
  reply.header('vary', 'Accept');
  if (view.as === 'aggregated') {
    sendJson(reply, 200, discovery.aggregated(ri.legacy, view.version), view.contentType);
    return;
  }
  sendJson(reply, 200, ri.legacy ? discovery.apiVersions() : discovery.apiGroupList());
}
