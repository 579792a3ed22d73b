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
  /** The decoded body (`decodeHostJson`: without managedFields); undefined when empty or not JSON. */
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

/**
 * Every JSON text from the host (responses, list pages, watch lines) is decoded here, without its
 * managedFields: nothing in the syncer reads the host's, and they are much of each pod's parse.
 * Undefined for an empty or undecodable text.
 */
export function decodeHostJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(withoutManagedFields(text));
  } catch {
    return undefined;
  }
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
          resolve({ statusCode: response.statusCode ?? 0, body: decodeHostJson(text), text });
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

const MANAGED_FIELDS_KEY = '"managedFields":[';

/**
 * The JSON text of a watch line or list page without its `metadata.managedFields` arrays (one
 * per object), which the cached shape drops anyway: they are about 40% of a host pod's text
 * (6.6 KB → 3.9 KB for a running synced pod; JSON.parse of that line 28 → 24 µs, scan included).
 * The key can only be a key: inside a string its quotes would be escaped. Text not shaped as
 * expected is returned unchanged, to be parsed whole.
 */
export function withoutManagedFields(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  for (let keyAt = text.indexOf(MANAGED_FIELDS_KEY); keyAt > 0; keyAt = text.indexOf(MANAGED_FIELDS_KEY, copiedUpTo)) {
    const end = endOfArray(text, keyAt + MANAGED_FIELDS_KEY.length);
    if (end < 0) return text;
    // Take one of the commas around the member with it: `,"managedFields":[…]` or `"managedFields":[…],`.
    const before = text.charCodeAt(keyAt - 1);
    if (before === 0x2c /* , */) {
      out += text.slice(copiedUpTo, keyAt - 1);
      copiedUpTo = end;
    } else if (before === 0x7b /* { */) {
      out += text.slice(copiedUpTo, keyAt);
      copiedUpTo = text.charCodeAt(end) === 0x2c ? end + 1 : end;
    } else {
      return text;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** Index just past the `]` closing the array whose `[` is before `start`; -1 if the text ends first. */
function endOfArray(text: string, start: number): number {
  let at = start;
  let depth = 1;
  while (depth > 0) {
    if (at >= text.length) return -1;
    const c = text.charCodeAt(at++);
    if (c === 0x22 /* " */) {
      for (;;) {
        if (at >= text.length) return -1;
        const s = text.charCodeAt(at++);
        if (s === 0x5c /* \ */) at++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) depth++;
    else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return at;
}
