/**
 * Every active namespace has a `default` ServiceAccount (pkg/controller/serviceaccount) and the
 * `kube-root-ca.crt` ConfigMap holding vkube's CA (pkg/controller/certificates/rootcacertpublisher);
 * both come back when deleted, and the ConfigMap's data is restored when changed.
 */
import type { Logger } from 'pino';
import type { ResourceCatalog } from '../registry/catalog.js';
import { ApiError } from '../registry/errors.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { jsonEqual, type KubeObject } from '../registry/object.js';
import { ObjectCache } from './util/cache.js';
import { WorkQueue, type ReconcileResult } from './work-queue.js';

const NAMESPACES = '/registry/core/namespaces/';
const SERVICE_ACCOUNTS = '/registry/core/serviceaccounts/';
const CONFIG_MAPS = '/registry/core/configmaps/';
export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export interface ServiceAccountControllerDeps {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  logger: Logger;
  /** vkube's CA certificate (PEM), published as `ca.crt`. */
  caCertPem: string;
}

export class ServiceAccountController {
  private readonly namespaces: ObjectCache;
  private readonly serviceAccounts: ObjectCache;
  private readonly configMaps: ObjectCache;
  private readonly queue: WorkQueue;
  private readonly abort = new AbortController();
  private running: Promise<void>[] = [];

  constructor(private readonly deps: ServiceAccountControllerDeps) {
    const store = deps.registry.store;
    this.namespaces = new ObjectCache(store, NAMESPACES, {});
    this.serviceAccounts = new ObjectCache(store, SERVICE_ACCOUNTS, {});
    this.configMaps = new ObjectCache(store, CONFIG_MAPS, {});
    this.queue = new WorkQueue({ name: 'serviceaccount', workers: 2, logger: deps.logger, reconcile: (key) => this.reconcile(key) });
    this.namespaces.onChange((_key, o) => {
      if (o) this.queue.add(o.metadata.name!);
    });
    const ownedName = (name: string) => (_key: string, o: KubeObject | undefined, old: KubeObject | undefined) => {
      const meta = (o ?? old)!.metadata;
      if (meta.name === name) this.queue.add(meta.namespace!);
    };
    this.serviceAccounts.onChange(ownedName(DEFAULT_SERVICE_ACCOUNT));
    this.configMaps.onChange(ownedName(ROOT_CA_CONFIG_MAP));
  }

  start(): void {
    this.queue.start();
    this.running = [this.namespaces, this.serviceAccounts, this.configMaps].map((c) => c.run(this.abort.signal, this.deps.logger));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.queue.stop();
    await Promise.all(this.running);
  }

  private async reconcile(namespace: string): Promise<ReconcileResult> {
    await Promise.all([this.namespaces.synced, this.serviceAccounts.synced, this.configMaps.synced]);
    const ns = this.namespaces.get(`${NAMESPACES}${namespace}`);
    if (!ns || ns.metadata.deletionTimestamp) return {};
    const manager = { fieldManager: 'vkube-serviceaccount-controller' };
    if (!this.serviceAccounts.getNamespaced(namespace, DEFAULT_SERVICE_ACCOUNT)) {
      await ignoreExists(this.deps.registry.create(this.info('serviceaccounts'), namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT } }, manager));
    }
    const data = { 'ca.crt': this.deps.caCertPem };
    const cm = this.configMaps.getNamespaced(namespace, ROOT_CA_CONFIG_MAP);
    if (!cm) {
      await ignoreExists(
        this.deps.registry.create(
          this.info('configmaps'),
          namespace,
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIG_MAP, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } }, data },
          manager,
        ),
      );
    } else if (!jsonEqual(cm.data, data)) {
      await this.deps.registry.guaranteedUpdate(this.info('configmaps'), namespace, ROOT_CA_CONFIG_MAP, (current) => ({ ...current!, data }), { ...manager, retryOnConflict: true });
    }
    return {};
  }

  private info(resource: string) {
    return this.deps.catalog.get('', 'v1', resource)!;
  }
}

async function ignoreExists(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    // AlreadyExists: a racing write; Forbidden: the namespace started terminating meanwhile.
    if (!(err instanceof ApiError && (err.reason === 'AlreadyExists' || err.code === 403))) throw err;
  }
}
