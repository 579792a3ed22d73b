/**
 * How the proxy and the syncer reach the host API: the server URL and TLS/credential options of
 * the host kubeconfig (the syncer's credentials). They are rebuilt every few seconds, not per
 * request: in-cluster and exec-plugin tokens rotate (on a scale of minutes), and rebuilding them
 * (files read, PEM decoded) cost ~0.35 ms of every host request.
 */
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface HostRequestSpec {
  method: string;
  /** Path and query below the host server's base path, e.g. `/api/v1/namespaces/h/pods/p/log?follow=true`. */
  path: string;
  headers: OutgoingHttpHeaders;
}

const CREDENTIALS_TTL_MS = 10_000;

export class HostConnection {
  private credentials: { options: RequestOptions; builtAt: number } | undefined;

  constructor(private readonly kubeConfig: KubeConfig) {}

  private async currentCredentials(): Promise<RequestOptions> {
    const now = Date.now();
    if (this.credentials && now - this.credentials.builtAt < CREDENTIALS_TTL_MS) return this.credentials.options;
    const options: RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(options);
    this.credentials = { options, builtAt: now };
    return options;
  }

  /** Opens (does not end) a request to the host API authenticated as the syncer. */
  async open(spec: HostRequestSpec): Promise<ClientRequest> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('host kubeconfig has no current cluster');
    const server = new URL(cluster.server);
    const credentials = await this.currentCredentials();
    const credentialHeaders: IncomingHttpHeaders = (credentials.headers as IncomingHttpHeaders | undefined) ?? {};
    const basePath = server.pathname.replace(/\/+$/, '');
    const options: RequestOptions = {
      ...credentials,
      method: spec.method,
      protocol: server.protocol,
      hostname: server.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: server.port || (server.protocol === 'http:' ? 80 : 443),
      path: `${basePath}${spec.path}`,
      // The credentials' Authorization wins over anything the caller passed.
      headers: { ...spec.headers, ...credentialHeaders },
    };
    return server.protocol === 'http:' ? httpRequest({ ...options, agent: undefined }) : httpsRequest(options);
  }
}
