/**
 * Namespace lifecycle: a namespace marked for deletion (phase Terminating) has every namespaced
 * object in it deleted, across all resources including custom ones; once none remain, its
 * `kubernetes` finalizer is removed through namespaces/finalize and the namespace goes away.
 */
import type { Logger } from 'pino';
import type { ResourceCatalog, ResourceInfo } from '../registry/catalog.js';
import { ApiError } from '../registry/errors.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { resourcePrefix } from '../registry/keys.js';
import { isPlainObject, type KubeObject } from '../registry/object.js';
import { runPrefixInformer } from './informer.js';
import { WorkQueue, type ReconcileResult } from './work-queue.js';

export interface NamespaceControllerDeps {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  logger: Logger;
}

const NAMESPACE_PREFIX = '/registry/core/namespaces/';

export class NamespaceController {
  private readonly queue: WorkQueue;
  private readonly abort = new AbortController();
  private informer: Promise<void> | undefined;

  constructor(private readonly deps: NamespaceControllerDeps) {
    this.queue = new WorkQueue({ name: 'namespace', workers: 2, logger: deps.logger, reconcile: (key) => this.reconcile(key) });
  }

  start(): void {
    this.queue.start();
    this.informer = runPrefixInformer(
      {
        store: this.deps.registry.store,
        prefix: NAMESPACE_PREFIX,
        logger: this.deps.logger,
        onKey: (key, object) => {
          if (object?.metadata.deletionTimestamp) this.queue.add(key.slice(NAMESPACE_PREFIX.length));
        },
      },
      this.abort.signal,
    );
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.queue.stop();
    await this.informer;
  }

  /** One storage per resource: served versions of the same resource share their objects. */
  private namespacedResources(): ResourceInfo[] {
    const seen = new Map<string, ResourceInfo>();
    for (const info of this.deps.catalog.all()) {
      if (info.namespaced && info.verbs.includes('delete')) seen.set(resourcePrefix(info), info);
    }
    return [...seen.values()];
  }

  private async reconcile(name: string): Promise<ReconcileResult> {
    const { registry } = this.deps;
    const nsInfo = this.deps.catalog.get('', 'v1', 'namespaces')!;
    const ns = await registry.store.get<KubeObject>(`${NAMESPACE_PREFIX}${name}`);
    if (!ns?.view.metadata.deletionTimestamp) return {};
    let remaining = 0;
    for (const info of this.namespacedResources()) {
      const listed = await registry.store.list<KubeObject>(resourcePrefix(info, name));
      for (const e of listed.items) {
        remaining++;
        if (e.view.metadata.deletionTimestamp && !(info.resource === 'pods' && info.group === '')) continue;
        try {
          await registry.delete(info, name, e.view.metadata.name!, { propagationPolicy: 'Background', gracePeriodSeconds: info.resource === 'pods' ? 0 : undefined });
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
    }
    if (remaining > 0) return { requeueAfterMs: 200 };
    await registry.guaranteedUpdate(nsInfo, undefined, name, (current) => {
      if (!current) return { metadata: { name } } as KubeObject;
      const spec = isPlainObject(current.spec) ? current.spec : {};
      const finalizers = Array.isArray(spec.finalizers) ? spec.finalizers.filter((f) => f !== 'kubernetes') : [];
      return { ...current, spec: { ...spec, finalizers } };
    }, { subresource: 'finalize', fieldManager: 'vkube-namespace-controller', retryOnConflict: true });
    return {};
  }
}
