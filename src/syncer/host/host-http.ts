/**
 * JSON requests to the host API over the host kubeconfig's pooled keep-alive agent. The syncer
 * sends and reads plain JSON: client-node's typed clients serialise every request and deserialise
 * every response into model objects (Date timestamps included), which was a tenth of the syncer's
 * CPU at 3,000 pods (bench/sync with VKUBE_BENCH_CPU_PROF).
 */
import type { ClientRequest } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { HostConnection } from '../../proxy/host-connection.js';

export interface HostResponse {
  statusCode: number;
  /** The decoded body; undefined when it was empty or not JSON. */
  body: unknown;
  /** The body text (kept for error messages). */
  text: string;
}

/** URL segment of each kind the syncer writes or reads on the host. */
const PLURALS: Record<string, string> = {
  Pod: 'pods',
  Service: 'services',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  ServiceAccount: 'serviceaccounts',
  Endpoints: 'endpoints',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Ingress: 'ingresses',
  Event: 'events',
  Node: 'nodes',
  Namespace: 'namespaces',
};

/** The collection path of `ref`'s kind, plus `/name` when `withName`. */
export function hostObjectPath(ref: { apiVersion: string; kind: string; namespace?: string; name?: string }, withName: boolean): string {
  const plural = PLURALS[ref.kind];
  if (!plural) throw new TypeError(`host client: kind ${ref.kind} is not one the syncer handles`);
  const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  const scope = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  return `${base}${scope}/${plural}${withName ? `/${encodeURIComponent(ref.name ?? '')}` : ''}`;
}

export class HostHttp {
  private readonly connection: HostConnection;

  constructor(kubeConfig: KubeConfig) {
    this.connection = new HostConnection(kubeConfig);
  }

  /** A GET whose response the caller reads as a stream (watches); the request is already ended. */
  async openStream(path: string): Promise<ClientRequest> {
    const request = await this.connection.open({ method: 'GET', path, headers: { accept: 'application/json' } });
    request.end();
    return request;
  }

  /** Rejects only when the host cannot be reached; any HTTP status resolves. */
  async request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<HostResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (payload) Object.assign(headers, { 'content-type': contentType, 'content-length': payload.length });
    const request = await this.connection.open({ method, path, headers });
    return new Promise<HostResponse>((resolve, reject) => {
      request.once('error', reject);
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let decoded: unknown;
          try {
            decoded = text === '' ? undefined : JSON.parse(text);
          } catch {
            decoded = undefined;
          }
          resolve({ statusCode: response.statusCode ?? 0, body: decoded, text });
        });
      });
      request.end(payload);
    });
  }
}

/**
 * Feeds text chunks in, calls `onLine` once per complete non-blank line (the NDJSON of a watch);
 * a line split across chunks is delivered when its newline arrives.
 */
export function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    let start = 0;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', start)) {
      const line = pending.slice(start, newline);
      start = newline + 1;
      if (line.trim() !== '') onLine(line);
    }
    pending = pending.slice(start);
  };
}
