/**
 * HTTP upgrades never reach fastify's hooks, so the same authentication and RBAC authorization
 * run here before a stream is handed to the proxy. A WebSocket GET must also be allowed to
 * `create` the subresource (upstream's AuthorizePodWebsocketUpgradeCreatePermission): reading
 * rights alone must not open a shell, whichever protocol the client picked.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { authenticate, type TokenAuthenticator } from '../apiserver/authn.js';
import { attributesFor, forbiddenError } from '../apiserver/authz/attributes.js';
import { isMaster } from '../apiserver/authz/request-identity.js';
import type { Authorizer } from '../apiserver/authz/types.js';
import { ApiError, apiErrors } from '../registry/errors.js';
import { writeRawStatus } from './host-response.js';

/** Whoever serves upgrade requests (src/proxy/pod-proxy.ts). */
export interface UpgradeTarget {
  claimsUpgrade(request: IncomingMessage): boolean;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface UpgradeListenerOptions {
  tokens: TokenAuthenticator[];
  authorizer?: Authorizer;
  target: UpgradeTarget;
}

async function admit(request: IncomingMessage, socket: Duplex, options: UpgradeListenerOptions): Promise<ApiError | undefined> {
  const user = await authenticate(socket as TLSSocket, request.headers.authorization, options.tokens);
  if (!user) return apiErrors.unauthorized();
  if (!options.target.claimsUpgrade(request)) return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (!options.authorizer || isMaster(user)) return undefined;
  const attributes = attributesFor(request.method ?? 'GET', new URL(request.url ?? '/', 'https://vkube'), user);
  const checks = attributes.verb === 'get' ? [attributes, { ...attributes, verb: 'create' }] : [attributes];
  for (const check of checks) {
    const result = options.authorizer.authorize(check);
    if (result.decision !== 'allow') return forbiddenError(check, result.reason);
  }
  return undefined;
}

export function listenForUpgrades(server: Server, options: UpgradeListenerOptions): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    admit(request, socket, options).then(
      (refusal) => {
        if (refusal) writeRawStatus(socket, refusal.toStatus());
        else options.target.handleUpgrade(request, socket, head);
      },
      (err: unknown) => writeRawStatus(socket, apiErrors.internal('authenticating the upgrade request failed', err).toStatus()),
    );
  });
}
