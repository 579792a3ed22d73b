/**
 * The syncer's only door to the host API: create / merge-patch / delete / read of namespaced
 * objects (and host namespaces in `namespaces` mode), with client-node errors wrapped in HostError.
 */
import type { Agent, AgentOptions } from 'node:https';
import { ApiException, KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';

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

function statusReason(body: unknown): { reason: string; message?: string } {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return { reason: '' };
    }
  }
  if (parsed && typeof parsed === 'object' && 'reason' in parsed) {
    const s = parsed as { reason?: unknown; message?: unknown };
    return { reason: typeof s.reason === 'string' ? s.reason : '', message: typeof s.message === 'string' ? s.message : undefined };
  }
  return { reason: '' };
}

export function toHostError(err: unknown, what: string): HostError {
  if (err instanceof HostError) return err;
  if (err instanceof ApiException) {
    const { reason, message } = statusReason(err.body);
    return new HostError(err.code, reason, `host ${what}: ${message ?? `HTTP ${err.code}`}`, { cause: err });
  }
  return new HostError(0, 'Unreachable', `host ${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
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
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const describe = (ref: HostObjectRef): string => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  return {
    kubeConfig,
    async read<T extends KubernetesObject>(ref: HostObjectRef): Promise<T | undefined> {
      try {
        return (await api.read(header(ref) as T & { metadata: { name: string } })) as T;
      } catch (err) {
        const hostErr = toHostError(err, `read ${describe(ref)}`);
        if (hostErr.notFound) return undefined;
        throw hostErr;
      }
    },
    async create<T extends KubernetesObject>(object: T): Promise<T> {
      try {
        return await api.create(object, undefined, undefined, 'vkube-syncer');
      } catch (err) {
        throw toHostError(err, `create ${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`);
      }
    },
    async mergePatch<T extends KubernetesObject>(ref: HostObjectRef, patch: Record<string, unknown>): Promise<T> {
      const body = { ...patch, ...header(ref), metadata: { ...((patch.metadata as object | undefined) ?? {}), ...header(ref).metadata } } as KubernetesObject;
      try {
        return (await api.patch(body, undefined, undefined, 'vkube-syncer', undefined, PatchStrategy.MergePatch)) as T;
      } catch (err) {
        throw toHostError(err, `patch ${describe(ref)}`);
      }
    },
    async delete(ref: HostObjectRef, options: HostDeleteOptions = {}): Promise<boolean> {
      try {
        await api.delete(header(ref), undefined, undefined, options.gracePeriodSeconds, undefined, 'Background', {
          ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}),
          ...(options.uid ? { preconditions: { uid: options.uid } } : {}),
          propagationPolicy: 'Background',
        });
        return true;
      } catch (err) {
        const hostErr = toHostError(err, `delete ${describe(ref)}`);
        // Gone already, or a newer incarnation (uid precondition failed): nothing of ours to delete.
        if (hostErr.notFound || hostErr.conflict) return false;
        throw hostErr;
      }
    },
  };
}
