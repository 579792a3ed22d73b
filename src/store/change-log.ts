/**
 * The change log: every revision has one record on disk (`l:<revision>`, written in the same
 * batch as the data) and the most recent ones are also kept, decoded, in an in-memory ring.
 * Watches and lists at past revisions read history from here; compaction trims the disk log.
 */
import type { Level } from 'level';
import type { Logger } from 'pino';
import { LOG_PREFIX, META_COMPACTED, SCAN, decodeLog, eventOfRecord, logKey, revisionOfLogKey } from './records.js';
import { textLength } from './text-on-demand.js';
import { StoreError, type StoreEvent } from './types.js';

export interface Clock {
  now(): number;
}

export interface RetentionPolicy {
  /** Keep at most this many of the newest revisions in the disk log. */
  revisions: number;
  /** Drop log records older than this (ms), even when fewer than `revisions` are kept. */
  maxAgeMs: number;
}

/**
 * The ring also stops at this much JSON text (entries and their previous versions): a decoded
 * event costs about four times its text in heap, and at 10,000 pods a count-only ring of 10,000
 * status updates held ~90 MB (bench/sync). Watchers that fall further behind read from disk.
 */
export const DEFAULT_RING_BYTES = 8 * 1024 * 1024;

/** Deletes per compaction batch, so one compaction never builds a huge batch. */
const COMPACTION_CHUNK = 10_000;

export class ChangeLog {
  private readonly ring: (StoreEvent | undefined)[];
  /** Index in `ring` where the next event goes; `ringCount` events end just before it. */
  private ringNext = 0;
  private ringCount = 0;
  /** JSON text held by the ring's events (see DEFAULT_RING_BYTES). */
  private ringBytes = 0;
  private compacting: Promise<number> | undefined;

  constructor(
    private readonly db: Level<string, string>,
    ringSize: number,
    /** The highest revision already removed from the disk log (0: nothing removed). */
    private compacted: number,
    private readonly logger?: Logger,
    private readonly maxRingBytes = DEFAULT_RING_BYTES,
  ) {
    this.ring = new Array<StoreEvent | undefined>(Math.max(1, ringSize));
  }

  /** Loads the newest records from disk into the ring (at open). */
  async loadRing(): Promise<void> {
    const newestFirst: StoreEvent[] = [];
    let bytes = 0;
    for await (const [key, value] of this.db.iterator({ ...SCAN, gt: LOG_PREFIX, lt: LOG_PREFIX + '\uffff', reverse: true, limit: this.ring.length })) {
      const event = eventOfRecord(decodeLog(revisionOfLogKey(key), value));
      bytes += textSize(event);
      // Decoding what push() would drop again is most of a restart's store time at 10,000 pods.
      if (bytes > this.maxRingBytes && newestFirst.length > 0) break;
      newestFirst.push(event);
    }
    for (let i = newestFirst.length - 1; i >= 0; i--) this.push(newestFirst[i]!);
  }

  compactedRevision(): number {
    return this.compacted;
  }

  push(event: StoreEvent): void {
    if (this.ringCount === this.ring.length) this.dropOldest();
    this.ring[this.ringNext] = event;
    this.ringNext = (this.ringNext + 1) % this.ring.length;
    this.ringCount++;
    this.ringBytes += textSize(event);
    // The newest event always stays, however large.
    while (this.ringBytes > this.maxRingBytes && this.ringCount > 1) this.dropOldest();
  }

  private dropOldest(): void {
    const oldest = (this.ringNext - this.ringCount + this.ring.length) % this.ring.length;
    this.ringBytes -= textSize(this.ring[oldest]!);
    this.ring[oldest] = undefined;
    this.ringCount--;
  }

  /** The oldest revision held in the ring (Infinity when empty). */
  private ringOldest(): number {
    if (this.ringCount === 0) return Infinity;
    const oldest = (this.ringNext - this.ringCount + this.ring.length) % this.ring.length;
    return this.ring[oldest]!.revision;
  }

  /**
   * Events in (after, through] for keys under `prefix`, in revision order. The in-memory part is
   * captured now (the ring may wrap later); the older part, if any, is read from disk lazily.
   * Throws 'Expired' now, or from the iterator if compaction overtakes the read.
   */
  history(after: number, through: number, prefix: string): AsyncIterable<StoreEvent> {
    if (after < this.compacted) throw expired(prefix, after, this.compacted);
    const ringOldest = this.ringOldest();
    const fromRing: StoreEvent[] = [];
    for (let n = this.ringCount, i = (this.ringNext - n + this.ring.length) % this.ring.length; n > 0; n--, i = (i + 1) % this.ring.length) {
      const event = this.ring[i]!;
      if (event.revision > after && event.revision <= through && event.key.startsWith(prefix)) fromRing.push(event);
    }
    const diskThrough = Math.min(through, ringOldest - 1);
    const fromDisk = diskThrough > after ? this.readDisk(after, diskThrough, prefix) : undefined;
    return (async function* () {
      if (fromDisk !== undefined) yield* fromDisk;
      yield* fromRing;
    })();
  }

  private async *readDisk(after: number, through: number, prefix: string): AsyncGenerator<StoreEvent> {
    let expected = after + 1;
    for await (const [key, value] of this.db.iterator({ ...SCAN, gt: logKey(after), lte: logKey(through) })) {
      const revision = revisionOfLogKey(key);
      // Revisions are contiguous in the log; a hole means compaction removed what we need.
      if (revision !== expected) throw expired(prefix, after, this.compacted);
      expected++;
      const record = decodeLog(revision, value);
      if (record.key.startsWith(prefix)) yield eventOfRecord(record);
    }
    if (expected !== through + 1) throw expired(prefix, after, this.compacted);
  }

  /**
   * Removes log records that are older than the retention allows, from the oldest up; returns
   * the new compacted revision. Concurrent calls share one run.
   */
  compact(currentRevision: number, policy: RetentionPolicy, clock: Clock): Promise<number> {
    this.compacting ??= this.runCompaction(currentRevision, policy, clock).finally(() => {
      this.compacting = undefined;
    });
    return this.compacting;
  }

  /** Resolves when no compaction is running (used by close). */
  async idle(): Promise<void> {
    while (this.compacting !== undefined) await this.compacting.catch(() => undefined);
  }

  private async runCompaction(currentRevision: number, policy: RetentionPolicy, clock: Clock): Promise<number> {
    const byCount = currentRevision - policy.revisions;
    const cutoff = clock.now() - policy.maxAgeMs;
    for (;;) {
      const doomed: string[] = [];
      let through = this.compacted;
      for await (const [key, value] of this.db.iterator({ ...SCAN, gt: logKey(this.compacted), lte: logKey(currentRevision), limit: COMPACTION_CHUNK })) {
        const revision = revisionOfLogKey(key);
        if (revision > byCount && decodeLog(revision, value).time >= cutoff) break;
        doomed.push(key);
        through = revision;
      }
      if (doomed.length === 0) return this.compacted;
      // Readers check `compacted` first, so raise it before the records disappear.
      this.compacted = through;
      await this.db.batch([
        { type: 'put', key: META_COMPACTED, value: String(through) },
        ...doomed.map((key) => ({ type: 'del' as const, key })),
      ]);
      this.logger?.debug({ compactedRevision: through, removed: doomed.length }, 'store: compacted change log');
      if (doomed.length < COMPACTION_CHUNK) return this.compacted;
    }
  }
}

function textSize(event: StoreEvent): number {
  return textLength(event.entry) + (event.prev === undefined ? 0 : textLength(event.prev));
}

export function expired(key: string, revision: number, compacted: number): StoreError {
  return new StoreError('Expired', key, `revision ${revision} is older than the oldest retained revision ${compacted}`);
}
