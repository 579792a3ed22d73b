/**
 * The tenant proxy: pods/log, pods/exec, pods/attach and pods/portforward of the virtual cluster,
 * forwarded to the verified host twin of the pod with the syncer's host credentials. The API
 * server authenticates and authorizes (RBAC on the subresource) before anything here runs.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { HandlerRequest } from '../apiserver/handlers/context.js';
import type { VirtualHandler } from '../apiserver/handlers/router.js';
import { parseRequestInfo } from '../apiserver/request-info.js';
import type { ResourceCatalog } from '../registry/catalog.js';
import { ApiError, apiErrors } from '../registry/errors.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { createHostClient } from '../syncer/host/host-client.js';
import { createNameMappers, type SyncMode } from '../syncer/mappings/index.js';
import { HostConnection } from './host-connection.js';
import { hostSubresourcePath, isProxiedSubresource, PROXIED_SUBRESOURCES } from './host-path.js';
import { writeRawStatus } from './host-response.js';
import { streamPodLog } from './log-stream.js';
import { PodTargetResolver } from './pod-target.js';
import { forwardUpgrade } from './upgrade-forward.js';

export interface PodProxyHost {
  kubeConfig: KubeConfig;
  namespace: string;
  mode: SyncMode;
}

export interface PodProxyOptions {
  virtualClusterName: string;
  /** Undefined when vkube runs without a host cluster: pods then have nothing to stream from. */
  host?: PodProxyHost;
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  logger: Logger;
}

const UPGRADE_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

export class PodProxy {
  /** Router handlers keyed `/pods/<subresource>` (core group), for src/apiserver/handlers/router.ts. */
  readonly handlers: ReadonlyMap<string, VirtualHandler>;
  private readonly resolver?: PodTargetResolver;
  private readonly connection?: HostConnection;
  private readonly upgraded = new Set<Duplex>();

  constructor(private readonly options: PodProxyOptions) {
    const pods = options.catalog.get('', 'v1', 'pods');
    if (!pods) throw new Error('pod proxy: v1 pods are not served');
    if (options.host) {
      const hostClient = createHostClient(options.host.kubeConfig);
      const mapper = createNameMappers({ virtualClusterName: options.virtualClusterName, hostNamespace: options.host.namespace, mode: options.host.mode }).pods;
      this.connection = new HostConnection(options.host.kubeConfig);
      this.resolver = new PodTargetResolver({
        registry: options.registry,
        pods,
        mapper,
        host: { readPod: (ref) => hostClient.read<V1Pod>({ apiVersion: 'v1', kind: 'Pod', ...ref }) },
      });
    }
    const handlers = new Map<string, VirtualHandler>();
    handlers.set('/pods/log', (_ctx, req, _user, reply) => this.serveLog(req, reply));
    for (const sub of UPGRADE_SUBRESOURCES) {
      // Upstream answers a plain request to a streaming subresource the same way.
      handlers.set(`/pods/${sub}`, async () => {
        throw apiErrors.badRequest('Upgrade request required');
      });
    }
    this.handlers = handlers;
  }

  /** Whether an upgrade request addresses one of ours (the server answers the others). */
  claimsUpgrade(request: IncomingMessage): boolean {
    const url = new URL(request.url ?? '/', 'https://vkube');
    const ri = parseRequestInfo(request.method ?? 'GET', url.pathname, undefined);
    return ri.kind === 'resource' && ri.group === '' && ri.resource === 'pods' && UPGRADE_SUBRESOURCES.has(ri.subresource ?? '');
  }

  /** An authenticated, authorized upgrade request for pods/exec, attach or portforward. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.upgraded.add(socket);
    socket.once('close', () => this.upgraded.delete(socket));
    socket.on('error', (err) => this.options.logger.debug({ err }, 'tenant stream socket error'));
    this.upgrade(request, socket, head).catch((err: unknown) => {
      const apiError = err instanceof ApiError ? err : apiErrors.internal('proxying the stream failed', err);
      if (!(err instanceof ApiError)) this.options.logger.error({ err, url: request.url }, 'pod stream proxy failed');
      writeRawStatus(socket, apiError.toStatus());
    });
  }

  /** Ends every proxied stream (server shutdown). */
  closeAll(): void {
    for (const socket of this.upgraded) socket.destroy();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://vkube');
    const ri = parseRequestInfo(request.method ?? 'GET', url.pathname, undefined);
    if (ri.kind !== 'resource' || ri.group !== '' || ri.version !== 'v1' || ri.resource !== 'pods' || !isProxiedSubresource(ri.subresource) || ri.subresource === 'log') {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (ri.verb !== 'get' && ri.verb !== 'create') throw apiErrors.methodNotSupported({ group: '', resource: 'pods' }, ri.verb);
    const { resolver, connection } = this.hostParts();
    const target = await resolver.resolve(ri.namespace, ri.name);
    await forwardUpgrade(connection, { request, socket, head, target, hostPath: hostSubresourcePath(ri.subresource, target.host, url.searchParams) });
  }

  private async serveLog(req: HandlerRequest, reply: FastifyReply): Promise<void> {
    const { resolver, connection } = this.hostParts();
    const target = await resolver.resolve(req.ri.namespace, req.ri.name);
    await streamPodLog(connection, target, req.query, reply);
  }

  private hostParts(): { resolver: PodTargetResolver; connection: HostConnection } {
    if (!this.resolver || !this.connection) throw apiErrors.badRequest('vkube runs without a host cluster: pods have no containers to stream from');
    return { resolver: this.resolver, connection: this.connection };
  }
}

export { PROXIED_SUBRESOURCES };
