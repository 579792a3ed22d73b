/**
 * Shared informers for the in-process controllers: one list+watch per store prefix, an in-memory
 * copy of its objects with secondary indexes (by controlling owner's uid, by namespace), and change
 * callbacks. Controllers read from here instead of re-listing the store on every reconcile.
 *
 * `waitForRevision` gives a controller read-your-writes: after creating or deleting a pod it waits
 * until the pod cache has seen that write, so the next reconcile never counts stale state (the job
 * upstream's "expectations" do).
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { KubeObject } from '../../registry/object.js';
import { StoreError, type Store } from '../../store/types.js';

export type ChangeHandler = (key: string, object: KubeObject | undefined, old: KubeObject | undefined) => void;
export type Indexer = (object: KubeObject) => string[];

export const BY_CONTROLLER = 'controller';
export const BY_NAMESPACE = 'namespace';
/** Objects with no controlling owner (candidates for adoption), by namespace. */
export const ORPHANS_BY_NAMESPACE = 'orphans';

/** The uid of the object's controlling owner (ownerReferences[].controller). */
export function controllerUid(o: KubeObject): string[] {
  const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
  return ref ? [ref.uid] : [];
}

function namespaceOf(o: KubeObject): string[] {
  return o.metadata.namespace ? [o.metadata.namespace] : [];
}

function orphanNamespace(o: KubeObject): string[] {
  if (o.metadata.deletionTimestamp || (o.metadata.ownerReferences ?? []).some((r) => r.controller)) return [];
  return namespaceOf(o);
}

export class ObjectCache {
  private readonly objects = new Map<string, KubeObject>();
  private readonly indexes = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly handlers: ChangeHandler[] = [];
  private readonly revisionWaiters: { revision: number; resolve: () => void }[] = [];
  private observed = 0;
  private stopped = false;
  private syncedResolve!: () => void;
  /** Resolves once the first list has been loaded. */
  readonly synced = new Promise<void>((r) => (this.syncedResolve = r));

  constructor(
    private readonly store: Store,
    readonly prefix: string,
    private readonly indexers: Record<string, Indexer>,
  ) {
    for (const name of Object.keys(indexers)) this.indexes.set(name, new Map());
  }

  onChange(handler: ChangeHandler): void {
    this.handlers.push(handler);
  }

  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  /** `namespace/name` lookup for namespaced resources under this prefix. */
  getNamespaced(namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(`${this.prefix}${namespace}/${name}`);
  }

  all(): IterableIterator<KubeObject> {
    return this.objects.values();
  }

  byIndex(index: string, value: string): KubeObject[] {
    const bucket = this.indexes.get(index)?.get(value);
    return bucket ? [...bucket.values()] : [];
  }

  get size(): number {
    return this.objects.size;
  }

  /** Resolves when this cache has applied every event up to `revision` (or after `timeoutMs`). */
  waitForRevision(revision: number, timeoutMs = 5000): Promise<void> {
    if (this.observed >= revision || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.revisionWaiters;
      const waiter = { revision, resolve: done };
      const timer = setTimeout(done, timeoutMs);
      waiters.push(waiter);
      function done(): void {
        clearTimeout(timer);
        const at = waiters.indexOf(waiter);
        if (at >= 0) waiters.splice(at, 1);
        resolve();
      }
    });
  }

  async run(signal: AbortSignal, logger: Logger): Promise<void> {
    try {
      await this.listAndWatch(signal, logger);
    } finally {
      // Nothing more will arrive: release everyone waiting for a revision.
      this.stopped = true;
      for (const w of this.revisionWaiters.splice(0)) w.resolve();
    }
  }

  private async listAndWatch(signal: AbortSignal, logger: Logger): Promise<void> {
    while (!signal.aborted) {
      try {
        const listed = await this.store.list<KubeObject>(this.prefix);
        const seen = new Set<string>();
        for (const e of listed.items) {
          seen.add(e.key);
          this.apply(e.key, e.view);
        }
        for (const key of [...this.objects.keys()]) if (!seen.has(key)) this.apply(key, undefined);
        this.advance(listed.revision);
        this.syncedResolve();
        for await (const event of this.store.watch<KubeObject>(this.prefix, { fromRevision: listed.revision, signal })) {
          this.apply(event.key, event.type === 'delete' ? undefined : event.entry.view);
          this.advance(event.revision);
        }
      } catch (err) {
        if (signal.aborted) return;
        if (!(err instanceof StoreError && err.code === 'Expired')) {
          logger.warn({ err, prefix: this.prefix }, 'cache watch failed; re-listing');
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
  }

  private advance(revision: number): void {
    if (revision <= this.observed) return;
    this.observed = revision;
    for (let i = this.revisionWaiters.length - 1; i >= 0; i--) {
      const w = this.revisionWaiters[i]!;
      if (w.revision <= revision) {
        this.revisionWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  private apply(key: string, object: KubeObject | undefined): void {
    const old = this.objects.get(key);
    if (old) this.unindex(key, old);
    if (object) {
      this.objects.set(key, object);
      this.index(key, object);
    } else {
      this.objects.delete(key);
    }
    if (!old && !object) return;
    for (const h of this.handlers) h(key, object, old);
  }

  private index(key: string, o: KubeObject): void {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const index = this.indexes.get(name)!;
      for (const value of fn(o)) {
        let bucket = index.get(value);
        if (!bucket) index.set(value, (bucket = new Map()));
        bucket.set(key, o);
      }
    }
  }

  private unindex(key: string, o: KubeObject): void {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const index = this.indexes.get(name)!;
      for (const value of fn(o)) {
        const bucket = index.get(value);
        bucket?.delete(key);
        if (bucket?.size === 0) index.delete(value);
      }
    }
  }
}

/** One cache per prefix, shared by every controller that asks for it; started once. */
export class SharedInformers {
  private readonly caches = new Map<string, ObjectCache>();
  private readonly abort = new AbortController();
  private readonly running: Promise<void>[] = [];
  private started = false;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {
    // One abort listener per cache's watch: more than the default 10 is expected.
    setMaxListeners(0, this.abort.signal);
  }

  /** Every cache indexes by controller uid, by namespace, and its orphans by namespace. */
  cache(prefix: string): ObjectCache {
    let cache = this.caches.get(prefix);
    if (!cache) {
      cache = new ObjectCache(this.store, prefix, { [BY_CONTROLLER]: controllerUid, [BY_NAMESPACE]: namespaceOf, [ORPHANS_BY_NAMESPACE]: orphanNamespace });
      this.caches.set(prefix, cache);
      if (this.started) this.running.push(cache.run(this.abort.signal, this.logger));
    }
    return cache;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const cache of this.caches.values()) this.running.push(cache.run(this.abort.signal, this.logger));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.running);
  }
}
