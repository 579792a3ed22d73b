/**
 * The plumbing every workload controller shares: a WorkQueue of `namespace/name` keys fed by
 * shared caches, and a read-your-writes barrier over the caches it writes through.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../registry/clock.js';
import { ApiError } from '../../registry/errors.js';
import type { GenericRegistry } from '../../registry/generic/registry.js';
import type { KubeObject } from '../../registry/object.js';
import { WorkQueue, type ReconcileResult } from '../work-queue.js';
import type { ObjectCache, SharedInformers } from './cache.js';
import type { WorkloadResources } from './workload.js';

export interface WorkloadControllerDeps {
  registry: GenericRegistry;
  informers: SharedInformers;
  resources: WorkloadResources;
  clock: Clock;
  logger: Logger;
  workers?: number;
}

export abstract class QueueController {
  protected readonly queue: WorkQueue;

  constructor(
    protected readonly deps: WorkloadControllerDeps,
    name: string,
  ) {
    this.queue = new WorkQueue({ name, workers: deps.workers ?? 4, logger: deps.logger, reconcile: (key) => this.reconcile(key) });
  }

  start(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  /** Queues every object of `cache` again (a resync, e.g. after a fake clock moved). */
  enqueueAll(cache: ObjectCache): void {
    for (const o of cache.all()) this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
  }

  protected abstract reconcile(key: string): Promise<ReconcileResult | void>;

  /** Enqueues the controlling owner of a changed object when it is of `kind`. */
  protected enqueueOwner(o: KubeObject | undefined, kind: string, ownerCache: ObjectCache): void {
    const ref = o?.metadata.ownerReferences?.find((r) => r.controller && r.kind === kind);
    if (!ref || !o) return;
    const owner = ownerCache.getNamespaced(o.metadata.namespace!, ref.name);
    if (owner && owner.metadata.uid === ref.uid) this.queue.add(`${o.metadata.namespace}/${ref.name}`);
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 404;
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof ApiError && err.code === 409 && err.reason === 'AlreadyExists';
}

/** Runs writes with bounded parallelism, collecting the highest store revision they produced. */
export async function runBatched<T>(items: T[], batch: number, fn: (item: T) => Promise<number | undefined>): Promise<number> {
  let max = 0;
  for (let i = 0; i < items.length; i += batch) {
    const revisions = await Promise.all(items.slice(i, i + batch).map(fn));
    for (const r of revisions) if (r !== undefined && r > max) max = r;
  }
  return max;
}
