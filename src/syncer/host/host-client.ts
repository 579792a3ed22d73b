/**
 * The syncer's only door to the host API: create / merge-patch / delete / read of namespaced
 * objects (and host namespaces in `namespaces` mode), with client-node errors wrapped in HostError.
 */
import type { Agent, AgentOptions } from 'node:https';
import type { KubernetesObject } from '@kubernetes/client-node';
import { KubeConfig } from '../../client-node.js';
import { HostHttp, hostObjectPath, type HostResponse } from './host-http.js';

/** A failed host API call; `code` is the HTTP status (0 when the host was unreachable). */
export class HostError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'HostError';
  }

  get notFound(): boolean {
    return this.code === 404;
  }

  get alreadyExists(): boolean {
    return this.code === 409 && this.reason === 'AlreadyExists';
  }

  get conflict(): boolean {
    return this.code === 409 && this.reason !== 'AlreadyExists';
  }
}

function statusOf(body: unknown): { reason: string; message?: string } {
  if (body && typeof body === 'object' && 'reason' in body) {
    const s = body as { reason?: unknown; message?: unknown };
    return { reason: typeof s.reason === 'string' ? s.reason : '', message: typeof s.message === 'string' ? s.message : undefined };
  }
  return { reason: '' };
}

/** A failed host call: an HTTP status other than 2xx, or no answer at all (code 0). */
function toHostError(err: unknown, what: string): HostError {
  if (err instanceof HostError) return err;
  return new HostError(0, 'Unreachable', `host ${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

function responseError(response: HostResponse, what: string): HostError {
  const { reason, message } = statusOf(response.body);
  return new HostError(response.statusCode, reason, `host ${what}: ${message ?? `HTTP ${response.statusCode}`}`, { cause: response.text.slice(0, 500) });
}

export interface HostObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface HostDeleteOptions {
  gracePeriodSeconds?: number;
  /** Delete only this incarnation (the uid we saw), never a newer object of the same name. */
  uid?: string;
}

export interface HostClient {
  readonly kubeConfig: KubeConfig;
  read<T extends KubernetesObject>(ref: HostObjectRef): Promise<T | undefined>;
  create<T extends KubernetesObject>(object: T): Promise<T>;
  /** JSON merge patch (RFC 7386): only the fields that changed travel. */
  mergePatch<T extends KubernetesObject>(ref: HostObjectRef, patch: Record<string, unknown>): Promise<T>;
  delete(ref: HostObjectRef, options?: HostDeleteOptions): Promise<boolean>;
}

function header(ref: HostObjectRef): KubernetesObject {
  return { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } };
}

const FIELD_MANAGER = 'fieldManager=vkube-syncer';

/** client-node's private agent factory (config.js `createAgent`), which it calls once per request. */
type AgentFactory = (cluster: unknown, options: AgentOptions) => Agent;

/**
 * client-node 1.4 builds a new https.Agent for every request: a TLS handshake (and a new secure
 * context) per host call, and no keep-alive. The syncer talks to one host, so it keeps one agent.
 */
function withPooledAgent(kc: KubeConfig): KubeConfig {
  const pooled = kc as unknown as { createAgent: AgentFactory };
  const create = pooled.createAgent.bind(kc);
  let agent: Agent | undefined;
  pooled.createAgent = (cluster, options) => (agent ??= create(cluster, { ...options, keepAlive: true }));
  return kc;
}

export function loadHostKubeConfig(file: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (file) kc.loadFromFile(file);
  else kc.loadFromCluster();
  return withPooledAgent(kc);
}

export function createHostClient(kubeConfig: KubeConfig): HostClient {
  const http = new HostHttp(kubeConfig);
  const describe = (ref: HostObjectRef): string => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  /** Sends one request; a non-2xx answer becomes a HostError. */
  const call = async (what: string, method: string, path: string, body?: unknown, contentType?: string): Promise<unknown> => {
    let response: HostResponse;
    try {
      response = await http.request(method, path, body, contentType);
    } catch (err) {
      throw toHostError(err, what);
    }
    if (response.statusCode < 200 || response.statusCode > 299) throw responseError(response, what);
    return response.body;
  };
  return {
    kubeConfig,
    async read<T extends KubernetesObject>(ref: HostObjectRef): Promise<T | undefined> {
      try {
        return (await call(`read ${describe(ref)}`, 'GET', hostObjectPath(ref, true))) as T;
      } catch (err) {
        if (err instanceof HostError && err.notFound) return undefined;
        throw err;
      }
    },
    async create<T extends KubernetesObject>(object: T): Promise<T> {
      const ref = { apiVersion: object.apiVersion ?? '', kind: object.kind ?? '', namespace: object.metadata?.namespace };
      return (await call(`create ${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`, 'POST', `${hostObjectPath(ref, false)}?${FIELD_MANAGER}`, object)) as T;
    },
    async mergePatch<T extends KubernetesObject>(ref: HostObjectRef, patch: Record<string, unknown>): Promise<T> {
      const body = { ...patch, ...header(ref), metadata: { ...((patch.metadata as object | undefined) ?? {}), ...header(ref).metadata } };
      return (await call(`patch ${describe(ref)}`, 'PATCH', `${hostObjectPath(ref, true)}?${FIELD_MANAGER}`, body, 'application/merge-patch+json')) as T;
    },
    async delete(ref: HostObjectRef, options: HostDeleteOptions = {}): Promise<boolean> {
      const body = {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy: 'Background',
        ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}),
        ...(options.uid ? { preconditions: { uid: options.uid } } : {}),
      };
      try {
        await call(`delete ${describe(ref)}`, 'DELETE', hostObjectPath(ref, true), body);
        return true;
      } catch (err) {
        // Gone already, or a newer incarnation (uid precondition failed): nothing of ours to delete.
        if (err instanceof HostError && (err.notFound || err.conflict)) return false;
        throw err;
      }
    },
  };
}
