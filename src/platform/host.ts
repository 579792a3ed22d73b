/**
 * The platform CLI's door to the host cluster: the kube context the user is in (or the one they
 * name), and host API errors turned into messages that say what to do next.
 */
import type { KubernetesObject, KubernetesListObject } from '@kubernetes/client-node';
import { ApiException, KubeConfig, KubernetesObjectApi, PatchStrategy } from '../client-node.js';

/** A failure the user can act on: `message` says what went wrong, `hint` what to do about it. */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    options?: { cause?: unknown; code?: number },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'PlatformError';
    this.code = options?.code ?? 0;
  }

  /** HTTP status of the host call that failed (0: not a host API answer). */
  readonly code: number;
}

export interface HostOptions {
  /** A kubeconfig file; default: $KUBECONFIG or ~/.kube/config, like kubectl. */
  kubeconfig?: string;
  /** A context of that kubeconfig; default: its current-context. */
  context?: string;
}

export interface HostSession {
  kubeConfig: KubeConfig;
  contextName: string;
  server: string;
  objects: KubernetesObjectApi;
  /** `what` names the call for messages ("create StatefulSet a in ns"); host errors become PlatformErrors. */
  call<T>(what: string, namespace: string | undefined, fn: () => Promise<T>): Promise<T>;
  list<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string | undefined, labelSelector: string): Promise<T[]>;
  read<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<T | undefined>;
  mergePatch(object: KubernetesObject, what: string): Promise<void>;
  remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<boolean>;
}

function statusMessage(err: ApiException<unknown>): string {
  const body = err.body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message;
    } catch {
      return body.slice(0, 200);
    }
  }
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') return body.message;
  return `HTTP ${err.code}`;
}

export function toPlatformError(err: unknown, what: string, session: { contextName: string; server: string }, namespace?: string): PlatformError {
  if (err instanceof PlatformError) return err;
  const where = `host context "${session.contextName}" (${session.server})`;
  if (err instanceof ApiException) {
    const detail = statusMessage(err);
    if (err.code === 401) return new PlatformError(`cannot ${what}: the host rejected your credentials (${detail})`, `log in to the host again (kubectl --context ${session.contextName} get ns), or pick another context with --context`, { cause: err, code: 401 });
    if (err.code === 403) {
      const scope = namespace ? `namespace "${namespace}"` : 'the host cluster';
      return new PlatformError(`cannot ${what}: you have no rights for that in ${scope} on ${where}: ${detail}`, namespace ? `ask a host admin for a RoleBinding in "${namespace}" (edit rights plus roles/rolebindings), or pass -n with a namespace you own` : 'ask a host admin for the rights, or pass -n with a namespace you own', { cause: err, code: 403 });
    }
    return new PlatformError(`cannot ${what}: ${detail}`, `check the host with kubectl --context ${session.contextName}`, { cause: err, code: err.code });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new PlatformError(`cannot ${what}: the host at ${session.server} is unreachable (${reason})`, `check that the cluster of ${where} is up (kubectl --context ${session.contextName} get --raw /readyz)`, { cause: err });
}

/** Loads the host kube context; no context at all is the first error a new user meets. */
export function openHost(options: HostOptions = {}): HostSession {
  const kubeConfig = new KubeConfig();
  try {
    if (options.kubeconfig) kubeConfig.loadFromFile(options.kubeconfig);
    else kubeConfig.loadFromDefault();
  } catch (err) {
    throw new PlatformError(`cannot read the host kubeconfig: ${err instanceof Error ? err.message : String(err)}`, 'fix the file, or point --host-kubeconfig (or KUBECONFIG) at a valid one', { cause: err });
  }
  if (options.context) {
    if (!kubeConfig.getContextObject(options.context)) throw new PlatformError(`no context "${options.context}" in the host kubeconfig`, `list them with kubectl config get-contexts`);
    kubeConfig.setCurrentContext(options.context);
  }
  const contextName = kubeConfig.getCurrentContext();
  const cluster = kubeConfig.getCurrentCluster();
  if (!contextName || !cluster || !kubeConfig.getContextObject(contextName)) {
    throw new PlatformError('no host cluster: the kubeconfig has no current context', 'pick one with `kubectl config use-context NAME`, or pass --host-kubeconfig FILE / --context NAME (create a host with hack/host-cluster.sh up or kind)');
  }
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const session: HostSession = {
    kubeConfig,
    contextName,
    server: cluster.server,
    objects,
    async call<T>(what: string, namespace: string | undefined, fn: () => Promise<T>): Promise<T> {
      try {
        return await fn();
      } catch (err) {
        throw toPlatformError(err, what, session, namespace);
      }
    },
    async list<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string | undefined, labelSelector: string): Promise<T[]> {
      const where = namespace ? ` in namespace ${namespace}` : '';
      const list = await session.call(`list ${kind}s${where}`, namespace, () => objects.list<T>(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector));
      return (list as KubernetesListObject<T>).items;
    },
    async read<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<T | undefined> {
      try {
        return (await objects.read<T & { metadata: { name: string } }>({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } } as T & { metadata: { name: string } })) as T;
      } catch (err) {
        if (err instanceof ApiException && err.code === 404) return undefined;
        throw toPlatformError(err, `read ${kind} ${name}`, session, namespace);
      }
    },
    async mergePatch(object: KubernetesObject, what: string): Promise<void> {
      await session.call(what, object.metadata?.namespace, () => objects.patch(object, undefined, undefined, 'vkube', undefined, PatchStrategy.MergePatch));
    },
    async remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<boolean> {
      try {
        await objects.delete({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } }, undefined, undefined, undefined, undefined, 'Background');
        return true;
      } catch (err) {
        if (err instanceof ApiException && err.code === 404) return false;
        throw toPlatformError(err, `delete ${kind} ${name}`, session, namespace);
      }
    },
  };
  return session;
}

export function isAlreadyExists(err: unknown): boolean {
  return (err instanceof PlatformError && err.code === 409) || (err instanceof ApiException && err.code === 409);
}
