/**
 * Host-side informers (client-node ListWatch), one per kind and host namespace, restricted to our
 * `vkube.io/managed-by` label (events excepted: the host's components write them, unlabelled).
 * A watch that fails is restarted with backoff from 1 s to 30 s, as client-node's own cache does.
 */
import { KubernetesObjectApi, ListWatch, Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { MANAGED_BY_LABEL } from '../mappings/index.js';

export interface HostKind {
  /** Our short name for the kind (also the SyncKey kind of its reconciler). */
  name: string;
  apiVersion: string;
  kind: string;
  /** URL path segment of the collection, e.g. `pods` or `ingresses`. */
  plural: string;
  /** Watched without our label selector (host events are not ours). */
  unlabelled?: boolean;
}

export const HOST_KINDS = {
  pods: { name: 'pods', apiVersion: 'v1', kind: 'Pod', plural: 'pods' },
  services: { name: 'services', apiVersion: 'v1', kind: 'Service', plural: 'services' },
  configmaps: { name: 'configmaps', apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps' },
  secrets: { name: 'secrets', apiVersion: 'v1', kind: 'Secret', plural: 'secrets' },
  serviceaccounts: { name: 'serviceaccounts', apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts' },
  endpoints: { name: 'endpoints', apiVersion: 'v1', kind: 'Endpoints', plural: 'endpoints' },
  persistentvolumeclaims: { name: 'persistentvolumeclaims', apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims' },
  ingresses: { name: 'ingresses', apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses' },
  events: { name: 'events', apiVersion: 'v1', kind: 'Event', plural: 'events', unlabelled: true },
} as const satisfies Record<string, HostKind>;

export type HostKindName = keyof typeof HOST_KINDS;

export type HostChangeHandler = (kind: HostKindName, hostObject: KubernetesObject, deleted: boolean) => void;

function collectionPath(kind: HostKind, namespace: string): string {
  const base = kind.apiVersion.includes('/') ? `/apis/${kind.apiVersion}` : `/api/${kind.apiVersion}`;
  return `${base}/namespaces/${namespace}/${kind.plural}`;
}

type HostInformer = ListWatch<KubernetesObject>;

/** What reconcilers read from the host side (HostInformers; a map in unit tests). */
export interface HostCache {
  get<T extends KubernetesObject>(kind: HostKindName, namespace: string, name: string): T | undefined;
  list<T extends KubernetesObject>(kind: HostKindName): T[];
  namespaces(): string[];
  watchNamespace(namespace: string): Promise<void>;
  unwatchNamespace(namespace: string): Promise<void>;
}

export class HostInformers implements HostCache {
  private readonly byNamespace = new Map<string, Map<HostKindName, HostInformer>>();
  private readonly handlers: HostChangeHandler[] = [];
  private readonly api: KubernetesObjectApi;
  private stopped = false;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly virtualClusterName: string,
    private readonly logger: Logger,
  ) {
    this.api = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  onChange(handler: HostChangeHandler): void {
    this.handlers.push(handler);
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }

  /** Starts the informers of one host namespace; resolves once each has listed. */
  async watchNamespace(namespace: string): Promise<void> {
    if (this.byNamespace.has(namespace) || this.stopped) return;
    const informers = new Map<HostKindName, HostInformer>();
    this.byNamespace.set(namespace, informers);
    const started: Promise<void>[] = [];
    for (const name of Object.keys(HOST_KINDS) as HostKindName[]) {
      const informer = this.makeKindInformer(HOST_KINDS[name], namespace);
      informers.set(name, informer);
      started.push(this.startWithRetry(informer, name, namespace));
    }
    await Promise.all(started);
  }

  async unwatchNamespace(namespace: string): Promise<void> {
    const informers = this.byNamespace.get(namespace);
    if (!informers) return;
    this.byNamespace.delete(namespace);
    await Promise.all([...informers.values()].map((i) => i.stop()));
  }

  get<T extends KubernetesObject>(kind: HostKindName, namespace: string, name: string): T | undefined {
    return this.byNamespace.get(namespace)?.get(kind)?.get(name, namespace) as T | undefined;
  }

  list<T extends KubernetesObject>(kind: HostKindName): T[] {
    const out: T[] = [];
    for (const informers of this.byNamespace.values()) out.push(...((informers.get(kind)?.list() ?? []) as T[]));
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.byNamespace.keys()].map((ns) => this.unwatchNamespace(ns)));
  }

  private makeKindInformer(kind: HostKind, namespace: string): HostInformer {
    const labelSelector = kind.unlabelled ? undefined : `${MANAGED_BY_LABEL}=${this.virtualClusterName}`;
    const list = () => this.api.list(kind.apiVersion, kind.kind, namespace, undefined, undefined, undefined, undefined, labelSelector);
    const informer = new ListWatch(collectionPath(kind, namespace), new Watch(this.kubeConfig), list, false, labelSelector);
    const name = kind.name as HostKindName;
    const emit = (deleted: boolean) => (o: KubernetesObject) => {
      for (const h of this.handlers) h(name, o, deleted);
    };
    informer.on('add', emit(false));
    informer.on('update', emit(false));
    informer.on('delete', emit(true));
    return informer;
  }

  /**
   * Starts the informer and resolves once it has listed. client-node reports list and watch
   * failures through 'error' and stops; we start it again with backoff, for ever.
   */
  private startWithRetry(informer: HostInformer, kind: HostKindName, namespace: string): Promise<void> {
    let failures = 0;
    const current = (): boolean => !this.stopped && this.byNamespace.get(namespace)?.get(kind) === informer;
    return new Promise<void>((resolve) => {
      const attempt = (): void => {
        if (!current()) return resolve();
        informer.start().then(
          () => {
            if (informer.latestResourceVersion() !== '') {
              failures = 0;
              resolve();
            }
          },
          () => undefined,
        );
      };
      informer.on('error', (err: unknown) => {
        if (!current()) return resolve();
        failures++;
        const delay = Math.min(1000 * 2 ** Math.min(failures - 1, 5), 30_000);
        if (failures === 1) this.logger.warn({ err, kind, hostNamespace: namespace, retryInMs: delay }, 'host list/watch failed; restarting with backoff');
        setTimeout(attempt, delay);
      });
      attempt();
    });
  }
}
