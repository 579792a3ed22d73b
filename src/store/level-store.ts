/**
 * The embedded engine of `Store`: LevelDB (via `level`) is the durable copy, the committed state
 * lives in memory (MemoryIndex) for fast reads, writes go through group commit (CommitQueue) and
 * history comes from the change log (ChangeLog). See records.ts for the on-disk layout.
 */
import { Level } from 'level';
import type { Logger } from 'pino';
import { ChangeLog, expired, type Clock, type RetentionPolicy } from './change-log.js';
import { CommitQueue } from './commit-queue.js';
import { EventHub } from './event-hub.js';
import { MemoryIndex } from './memory-index.js';
import { listAtRevision } from './past-list.js';
import { DATA_PREFIX, META_COMPACTED, META_REVISION, SCAN, decodeContinue, decodeData, encodeContinue, prefixRange } from './records.js';
import {
  StoreError,
  type ListOptions,
  type ListResult,
  type PutOptions,
  type Store,
  type StoreEntry,
  type StoreEvent,
  type StoredObject,
  type WatchOptions,
} from './types.js';

export interface LevelStoreOptions {
  /** Directory of the LevelDB database (created if missing). */
  path: string;
  logger?: Logger;
  /** Recent events kept decoded in memory for watches and past lists (default 10,000). */
  watchWindow?: number;
  /** At most this much JSON text in that ring (default DEFAULT_RING_BYTES); the rest is read from disk. */
  watchWindowBytes?: number;
  /**
   * Events a watcher may fall behind before it is ended with 'Expired' (default 10,000). A whole
   * group-committed batch (up to 2,048 writes) is published at once, so keep it above that.
   */
  watchBufferSize?: number;
  /** Disk change-log retention (defaults: 100,000 revisions, 15 minutes). */
  retention?: Partial<RetentionPolicy>;
  /** How often the change log is compacted in the background (default 60 s; 0 disables). */
  compactIntervalMs?: number;
  clock?: Clock;
  /**
   * Keys whose entries do not hold their JSON text but print it again when it is read
   * (text-on-demand.ts): for objects that grow with the workload and are mostly read decoded
   * (serve: pods and events).
   */
  textOnDemand?: (key: string) => boolean;
}

/** The LevelDB engine: a `Store` plus engine-level maintenance. */
export interface LevelStore extends Store {
  /** Compacts the change log now per the retention policy; resolves with the compacted revision. */
  compact(): Promise<number>;
  /** Compacts the change log up to and including `revision`, regardless of the policy (tests, admin). */
  compactThrough(revision: number): Promise<number>;
  /** Live keys in memory. */
  size(): number;
}

const DEFAULT_RETENTION: RetentionPolicy = { revisions: 100_000, maxAgeMs: 15 * 60_000 };
const systemClock: Clock = { now: () => Date.now() };

export async function openLevelStore(options: LevelStoreOptions): Promise<LevelStore> {
  const db = new Level<string, string>(options.path, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  await db.open();
  try {
    const revision = Number((await db.get(META_REVISION)) ?? 0);
    const compacted = Number((await db.get(META_COMPACTED)) ?? 0);
    const entries: StoreEntry[] = [];
    for await (const [key, value] of db.iterator({ ...SCAN, ...prefixRange(DATA_PREFIX) })) {
      const storeKey = key.slice(DATA_PREFIX.length);
      entries.push(decodeData(storeKey, value, options.textOnDemand?.(storeKey)));
    }
    const changeLog = new ChangeLog(db, options.watchWindow ?? 10_000, compacted, options.logger, options.watchWindowBytes);
    await changeLog.loadRing();
    options.logger?.info({ path: options.path, revision, compacted, keys: entries.length }, 'store: opened');
    return new LevelStoreImpl(db, new MemoryIndex(entries), changeLog, revision, options);
  } catch (error) {
    await db.close();
    throw error;
  }
}

class LevelStoreImpl implements LevelStore {
  private readonly hub: EventHub;
  private readonly commits: CommitQueue;
  private readonly retention: RetentionPolicy;
  private readonly clock: Clock;
  private readonly compactTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: Level<string, string>,
    private readonly index: MemoryIndex,
    private readonly changeLog: ChangeLog,
    revision: number,
    private readonly options: LevelStoreOptions,
  ) {
    this.hub = new EventHub(options.watchBufferSize ?? 10_000);
    this.clock = options.clock ?? systemClock;
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.commits = new CommitQueue(db, index, changeLog, this.hub, this.clock, revision, options.logger, options.textOnDemand);
    const interval = options.compactIntervalMs ?? 60_000;
    if (interval > 0) {
      this.compactTimer = setInterval(() => {
        this.compact().catch((err: unknown) => options.logger?.error({ err }, 'store: change-log compaction failed'));
      }, interval);
      this.compactTimer.unref();
    }
  }

  currentRevision(): number {
    return this.commits.committedRevision();
  }

  oldestRetainedRevision(): number {
    return this.changeLog.compactedRevision();
  }

  size(): number {
    return this.index.size;
  }

  async get<T extends StoredObject>(key: string): Promise<StoreEntry<T> | undefined> {
    this.checkOpen(key);
    return this.index.get(key) as StoreEntry<T> | undefined;
  }

  async list<T extends StoredObject>(prefix: string, options: ListOptions = {}): Promise<ListResult<T>> {
    this.checkOpen(prefix);
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : 0;
    let revision = options.revision !== undefined && options.revision > 0 ? options.revision : 0;
    let afterKey: string | undefined;
    if (options.continue !== undefined && options.continue !== '') {
      const token = decodeContinue(prefix, options.continue);
      revision = token.revision;
      afterKey = token.lastKey;
    }
    const current = this.currentRevision();
    if (revision === 0 || revision === current) {
      const page = this.index.page(prefix, afterKey, limit);
      return pageResult(page.items as StoreEntry<T>[], current, page.remaining);
    }
    if (revision > current) {
      throw new StoreError('Expired', prefix, `revision ${revision} is newer than the current revision ${current}`);
    }
    if (revision < this.changeLog.compactedRevision()) throw expired(prefix, revision, this.changeLog.compactedRevision());
    const items = await listAtRevision(this.index, this.changeLog, prefix, revision, current);
    const start = afterKey === undefined ? 0 : firstAfter(items, afterKey);
    const end = limit > 0 ? Math.min(items.length, start + limit) : items.length;
    return pageResult(items.slice(start, end) as StoreEntry<T>[], revision, items.length - end);
  }

  create<T extends StoredObject>(key: string, object: T, options?: PutOptions): Promise<StoreEntry<T>> {
    return this.whenOpen(key, () => this.commits.create(key, object, options));
  }

  update<T extends StoredObject>(key: string, object: T, expectedRevision?: number, options?: PutOptions): Promise<StoreEntry<T>> {
    return this.whenOpen(key, () => this.commits.update(key, object, expectedRevision, options));
  }

  delete<T extends StoredObject>(key: string, expectedRevision?: number): Promise<StoreEntry<T>> {
    return this.whenOpen(key, () => this.commits.delete(key, expectedRevision));
  }

  watch<T extends StoredObject>(prefix: string, options: WatchOptions): AsyncIterable<StoreEvent<T>> {
    this.checkOpen(prefix);
    const { fromRevision, signal } = options;
    if (fromRevision < this.changeLog.compactedRevision()) throw expired(prefix, fromRevision, this.changeLog.compactedRevision());
    // Subscribe first and fix the snapshot revision in the same tick: history covers
    // (fromRevision, snapshot], live events cover everything after, with no gap or overlap.
    const snapshot = this.currentRevision();
    const history = fromRevision < snapshot ? this.changeLog.history(fromRevision, snapshot, prefix) : undefined;
    const subscription = this.hub.subscribe(prefix, Math.max(fromRevision, snapshot));
    const stop = (): void => this.hub.unsubscribe(subscription);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    const hub = this.hub;
    const isClosed = (): boolean => this.closed;
    return (async function* () {
      try {
        if (history !== undefined) {
          try {
            for await (const event of history) {
              if (signal.aborted) return;
              yield event as StoreEvent<T>;
            }
          } catch (error) {
            // close() shuts the disk iterator under a replay; that ends the watch like any close.
            if (isClosed() && !(error instanceof StoreError)) return;
            throw error;
          }
        }
        for (;;) {
          const event = await subscription.next();
          if (event === undefined || signal.aborted) return;
          yield event as StoreEvent<T>;
        }
      } finally {
        signal.removeEventListener('abort', stop);
        hub.unsubscribe(subscription);
      }
    })();
  }

  compact(): Promise<number> {
    return this.changeLog.compact(this.currentRevision(), this.retention, this.clock);
  }

  compactThrough(revision: number): Promise<number> {
    const current = this.currentRevision();
    const through = Math.min(revision, current);
    return this.changeLog.compact(current, { revisions: current - through, maxAgeMs: Number.MAX_SAFE_INTEGER }, this.clock);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    if (this.compactTimer !== undefined) clearInterval(this.compactTimer);
    await this.commits.drain();
    this.hub.endAll();
    await this.changeLog.idle();
    await this.db.close();
    this.options.logger?.info({ path: this.options.path, revision: this.currentRevision() }, 'store: closed');
  }

  private checkOpen(key: string): void {
    const failure = this.commits.failed();
    if (failure !== undefined) throw failure;
    if (this.closed) throw new StoreError('Closed', key, 'store is closed');
  }

  private whenOpen<R>(key: string, write: () => Promise<R>): Promise<R> {
    try {
      this.checkOpen(key);
    } catch (error) {
      return Promise.reject(error);
    }
    return write();
  }
}

function pageResult<T extends StoredObject>(items: StoreEntry<T>[], revision: number, remaining: number): ListResult<T> {
  const result: ListResult<T> = { items, revision };
  if (remaining > 0 && items.length > 0) {
    result.continue = encodeContinue(revision, items[items.length - 1]!.key);
    result.remainingItemCount = remaining;
  }
  return result;
}

/** Index of the first item whose key sorts after `key` (items are sorted by key). */
function firstAfter(items: readonly StoreEntry[], key: string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (items[middle]!.key <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}
