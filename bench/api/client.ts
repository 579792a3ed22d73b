/**
 * HTTPS client for the benchmark: admin client certificate from the generated kubeconfig, one
 * keep-alive agent per workload so connection setup is not part of what we measure.
 */
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { parse } from 'yaml';

export interface ClientCredentials {
  host: string;
  port: number;
  ca: string;
  cert: string;
  key: string;
}

interface KubeconfigDocument {
  clusters?: { cluster?: { server?: string; 'certificate-authority-data'?: string } }[];
  users?: { user?: { 'client-certificate-data'?: string; 'client-key-data'?: string } }[];
}

const fromBase64 = (value: string | undefined, what: string): string => {
  if (!value) throw new Error(`kubeconfig has no ${what}`);
  return Buffer.from(value, 'base64').toString('utf8');
};

export async function credentialsFromKubeconfig(path: string): Promise<ClientCredentials> {
  const doc = parse(await readFile(path, 'utf8')) as KubeconfigDocument;
  const cluster = doc.clusters?.[0]?.cluster;
  const user = doc.users?.[0]?.user;
  const server = new URL(cluster?.server ?? '');
  if (server.hostname !== '127.0.0.1') throw new Error(`benchmark only talks to 127.0.0.1, kubeconfig says ${server.hostname}`);
  return {
    host: server.hostname,
    port: Number(server.port),
    ca: fromBase64(cluster?.['certificate-authority-data'], 'certificate-authority-data'),
    cert: fromBase64(user?.['client-certificate-data'], 'client-certificate-data'),
    key: fromBase64(user?.['client-key-data'], 'client-key-data'),
  };
}

export interface HttpResult {
  status: number;
  body: string;
}

export class BenchClient {
  readonly agent: Agent;

  constructor(readonly credentials: ClientCredentials, maxSockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, ca: credentials.ca, cert: credentials.cert, key: credentials.key });
  }

  /** One request; rejects on network errors, never on HTTP status (callers check it). */
  send(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.credentials.host,
          port: this.credentials.port,
          method,
          path,
          headers: {
            Accept: 'application/json',
            ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * GET that only counts the body's bytes: for large LISTs, so decoding 50 MB into a string on
   * the client side (which shares the machine) is not charged to the server.
   */
  getCountingBytes(path: string): Promise<{ status: number; bytes: number }> {
    return new Promise((resolve, reject) => {
      const req = request({ agent: this.agent, host: this.credentials.host, port: this.credentials.port, method: 'GET', path, headers: { Accept: 'application/json' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Like send, but anything other than `expected` is an error naming the request and the answer. */
  async expect(expected: number, method: string, path: string, body?: unknown): Promise<string> {
    const result = await this.send(method, path, body);
    if (result.status !== expected) throw new Error(`${method} ${path}: HTTP ${result.status}, wanted ${expected}: ${result.body.slice(0, 400)}`);
    return result.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
