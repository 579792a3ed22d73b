/**
 * How the proxy reaches the host API: the server URL and TLS/credential options of the host
 * kubeconfig (the syncer's credentials), rebuilt per request because in-cluster and exec-plugin
 * tokens rotate.
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

export class HostConnection {
  constructor(private readonly kubeConfig: KubeConfig) {}

  /** Opens (does not end) a request to the host API authenticated as the syncer. */
  async open(spec: HostRequestSpec): Promise<ClientRequest> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('host kubeconfig has no current cluster');
    const server = new URL(cluster.server);
    const credentials: RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(credentials);
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
