/**
 * Group commit. Writes are checked (existence, CAS) and given their revision at enqueue time,
 * against the committed state plus the writes still pending; a single flusher then writes every
 * pending write as one synced LevelDB batch, applies the batch to the in-memory index, publishes
 * the events and only then resolves the callers. Readers therefore only ever see durable state.
 * A failed batch is fatal: nothing after it could be trusted to be on disk.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Level } from 'level';
import type { Logger } from 'pino';
import type { ChangeLog, Clock } from './change-log.js';
import type { EventHub } from './event-hub.js';
import { internStrings } from './interned-strings.js';
import { cloneJson, deepFreeze } from './json-clone.js';
import type { MemoryIndex } from './memory-index.js';
import { META_REVISION, dataKey, encodeData, encodeLog, logKey, type LogRecord } from './records.js';
import { textLength, textOnDemandEntry } from './text-on-demand.js';
import { StoreError, viewOf, wholeObject, type PutOptions, type StoreEntry, type StoreEvent, type StoredObject } from './types.js';

/** Upper bound of writes in one batch, so one fsync never carries an unbounded amount of data. */
const MAX_BATCH_WRITES = 2048;

interface PendingWrite {
  event: StoreEvent;
  record: LogRecord;
  /** What the caller's promise resolves with. */
  result: StoreEntry;
  resolve(entry: StoreEntry): void;
  reject(error: unknown): void;
}

/** The latest not-yet-durable state of a key: an entry, or null for a pending delete. */
interface PendingState {
  state: StoreEntry | null;
  revision: number;
}

export class CommitQueue {
  private queue: PendingWrite[] = [];
  private readonly pending = new Map<string, PendingState>();
  private assigned: number;
  private committed: number;
  private flushing: Promise<void> | undefined;
  private failure: StoreError | undefined;
  private readonly commitWaiters: { revision: number; resolve(): void; reject(error: unknown): void }[] = [];

  constructor(
    private readonly db: Level<string, string>,
    private readonly index: MemoryIndex,
    private readonly changeLog: ChangeLog,
    private readonly hub: EventHub,
    private readonly clock: Clock,
    revision: number,
    private readonly logger?: Logger,
    /** Keys whose entries print their text on demand (text-on-demand.ts). */
    private readonly textOnDemand: (key: string) => boolean = () => false,
  ) {
    this.assigned = revision;
    this.committed = revision;
  }

  committedRevision(): number {
    return this.committed;
  }

  failed(): StoreError | undefined {
    return this.failure;
  }

  // The methods are async so that check failures become rejections; everything up to the
  // returned promise still runs synchronously, so checks and revision order match call order.
  async create<T extends StoredObject>(key: string, object: T, options?: PutOptions): Promise<StoreEntry<T>> {
    if (this.current(key) !== undefined) throw new StoreError('KeyExists', key);
    const revision = ++this.assigned;
    const [entry, raw] = stamp(key, object, revision, revision, options?.adopt === true ? 'adopted' : 'lent', this.textOnDemand(key));
    return this.enqueue({ type: 'put', key, revision, entry }, entry, raw) as Promise<StoreEntry<T>>;
  }

  async update<T extends StoredObject>(key: string, object: T, expectedRevision?: number, options?: PutOptions): Promise<StoreEntry<T>> {
    const previous = this.checkedCurrent(key, expectedRevision);
    // Like etcd3's GuaranteedUpdate: writing the same bytes is not a change (no revision, no event).
    // Texts of different lengths differ: an entry that prints its text on demand is not printed for them.
    const unchanged = stampedJson(object, previous.revision);
    if (unchanged.length === textLength(previous) && unchanged === previous.raw) {
      await this.whenCommitted(previous.revision);
      return previous as StoreEntry<T>;
    }
    const revision = ++this.assigned;
    const [entry, raw] = stamp(key, object, revision, previous.createRevision, options?.adopt === true ? 'adopted' : 'lent', this.textOnDemand(key));
    return this.enqueue({ type: 'put', key, revision, entry, prev: previous }, entry, raw) as Promise<StoreEntry<T>>;
  }

  async delete<T extends StoredObject>(key: string, expectedRevision?: number): Promise<StoreEntry<T>> {
    const previous = this.checkedCurrent(key, expectedRevision);
    const revision = ++this.assigned;
    // Watchers get the last state stamped with the delete revision, as kube's etcd3 watcher does.
    // The stored view never changes, so the stamped one may share it.
    const entry: StoreEntry = {
      key,
      revision,
      createRevision: previous.createRevision,
      raw: stampedJson(wholeObject(previous), revision),
      view: stampedObject(previous.view, revision),
    };
    return this.enqueue({ type: 'delete', key, revision, entry, prev: previous }, previous) as Promise<StoreEntry<T>>;
  }

  /** Resolves once every write enqueued so far is durable (or the store failed). */
  async drain(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
  }

  private current(key: string): StoreEntry | undefined {
    if (this.failure !== undefined) throw this.failure;
    const pending = this.pending.get(key);
    if (pending !== undefined) return pending.state ?? undefined;
    return this.index.get(key);
  }

  private checkedCurrent(key: string, expectedRevision: number | undefined): StoreEntry {
    const current = this.current(key);
    if (current === undefined) throw new StoreError('NotFound', key);
    if (expectedRevision !== undefined && expectedRevision !== current.revision) {
      throw new StoreError('Conflict', key, `revision ${expectedRevision} does not match current revision ${current.revision} of ${key}`);
    }
    return current;
  }

  /** `raw`: the entry's text, when the caller has it (an entry may print it again on each read). */
  private enqueue(event: StoreEvent, result: StoreEntry, raw = event.entry.raw): Promise<StoreEntry> {
    const record: LogRecord = {
      type: event.type,
      key: event.key,
      revision: event.revision,
      createRevision: event.entry.createRevision,
      raw,
      time: this.clock.now(),
    };
    if (event.prev !== undefined) {
      record.prevRaw = event.prev.raw;
      record.prevRevision = event.prev.revision;
      record.prevCreateRevision = event.prev.createRevision;
    }
    this.pending.set(event.key, { state: event.type === 'put' ? event.entry : null, revision: event.revision });
    const written = new Promise<StoreEntry>((resolve, reject) => this.queue.push({ event, record, result, resolve, reject }));
    this.flushing ??= this.flushLoop();
    return written;
  }

  private whenCommitted(revision: number): Promise<void> {
    if (revision <= this.committed) return Promise.resolve();
    return new Promise((resolve, reject) => this.commitWaiters.push({ revision, resolve, reject }));
  }

  private async flushLoop(): Promise<void> {
    let batch: PendingWrite[] = [];
    try {
      while (this.queue.length > 0 && this.failure === undefined) {
        batch = this.queue.length <= MAX_BATCH_WRITES ? this.queue : this.queue.slice(0, MAX_BATCH_WRITES);
        this.queue = batch === this.queue ? [] : this.queue.slice(MAX_BATCH_WRITES);
        await this.writeBatch(batch);
      }
    } catch (error) {
      // Only a bug gets here (writeBatch handles write errors); fail loudly rather than hang
      // callers (settling an already-settled promise again is a no-op).
      if (this.failure === undefined) this.fail(batch, error);
    } finally {
      this.flushing = undefined;
    }
  }

  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    type Operation = { type: 'put'; key: string; value: string } | { type: 'del'; key: string };
    const operations: Operation[] = [];
    for (const { event, record } of batch) {
      if (event.type === 'put') operations.push({ type: 'put', key: dataKey(event.key), value: encodeData(event.entry, record.raw) });
      else operations.push({ type: 'del', key: dataKey(event.key) });
      operations.push({ type: 'put', key: logKey(event.revision), value: encodeLog(record) });
    }
    const lastRevision = batch[batch.length - 1]!.event.revision;
    operations.push({ type: 'put', key: META_REVISION, value: String(lastRevision) });
    try {
      await this.db.batch(operations, { sync: true });
    } catch (cause) {
      this.fail(batch, cause);
      return;
    }
    for (const { event } of batch) {
      if (event.type === 'put') this.index.set(event.entry);
      else this.index.delete(event.key);
      if (this.pending.get(event.key)?.revision === event.revision) this.pending.delete(event.key);
      this.changeLog.push(event);
      this.committed = event.revision;
      this.hub.publish(event);
    }
    for (const write of batch) write.resolve(write.result);
    this.releaseCommitWaiters();
  }

  private releaseCommitWaiters(): void {
    for (let i = this.commitWaiters.length - 1; i >= 0; i--) {
      const waiter = this.commitWaiters[i]!;
      if (waiter.revision <= this.committed) {
        this.commitWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  private fail(batch: PendingWrite[], cause: unknown): void {
    this.failure = new StoreError('Closed', '', 'store failed: a durable write did not complete; restart to recover', { cause });
    this.logger?.fatal({ err: cause }, 'store: LevelDB batch write failed; the store is now failed');
    for (const write of [...batch, ...this.queue]) write.reject(this.failure);
    for (const waiter of this.commitWaiters) waiter.reject(this.failure);
    this.queue = [];
    this.commitWaiters.length = 0;
    this.pending.clear();
    this.hub.endAll(this.failure);
  }
}

/**
 * Set by the test suite (hack/test.sh): every adopted object is checked to be plain JSON and then
 * deep-frozen, so a caller that breaks the hand-over contract (PutOptions.adopt), or anyone who
 * changes a stored object in place, fails loudly instead of corrupting the index.
 */
const CHECK_ADOPTED = process.env.VKUBE_STORE_CHECK_ADOPTED === '1';

/**
 * The persisted form of `object`: its JSON, and the entry's view (the object without
 * managedFields) with resourceVersion = revision. The view is exactly what `raw` says, less
 * managedFields. A lent object is deep-copied (cloneJson gives JSON.parse's result without
 * parsing), so the view shares nothing with the caller; an adopted one is kept, with only its top
 * level and metadata copied. Returns the entry and its text, which the entry does not keep when it
 * prints it on demand (text-on-demand.ts).
 */
function stamp(key: string, object: StoredObject, revision: number, createRevision: number, from: 'lent' | 'adopted', textOnDemand: boolean): [StoreEntry, string] {
  const stamped = stampedObject(object, revision);
  const raw = JSON.stringify(stamped);
  const view = from === 'lent' ? cloneJson(viewOf(stamped)) : viewOf(stamped);
  // The view lives as long as the entry, shared with the informer caches: one copy of each common string.
  internStrings(view);
  if (from === 'adopted' && CHECK_ADOPTED) checkAdopted(key, view, raw);
  if (!textOnDemand) return [{ key, revision, createRevision, raw, view }, raw];
  const own = from === 'lent' && stamped.metadata?.managedFields !== undefined ? { ...stamped, metadata: { ...stamped.metadata, managedFields: cloneJson(stamped.metadata.managedFields) } } : stamped;
  const entry = textOnDemandEntry(key, revision, createRevision, view, own, raw);
  if (CHECK_ADOPTED && JSON.stringify(wholeObject(entry)) !== raw) throw new Error(`store: the text of ${key} printed again differs from the text persisted`);
  return [entry, raw];
}

function checkAdopted(key: string, view: StoredObject, raw: string): void {
  if (!isDeepStrictEqual(viewOf(JSON.parse(raw) as StoredObject), view)) throw new Error(`store: the object handed over for ${key} is not plain JSON`);
  deepFreeze(view);
}

function stampedObject(object: StoredObject, revision: number): StoredObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}

function stampedJson(object: StoredObject, revision: number): string {
  return JSON.stringify(stampedObject(object, revision));
}
