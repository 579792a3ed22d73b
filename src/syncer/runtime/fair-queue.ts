/**
 * The syncer's work queue: de-duplicating, one key never on two workers, per-key exponential
 * backoff, and fair across virtual namespaces (round-robin over namespaces, so one namespace
 * with 5,000 pending pods cannot starve another's single pod). Same contract as
 * src/controllers/work-queue.ts, which has no notion of a namespace.
 */
import type { Logger } from 'pino';

export interface SyncKey {
  kind: string;
  /** Virtual namespace ('' for cluster-scoped objects). */
  namespace: string;
  name: string;
}

export interface SyncResult {
  requeueAfterMs?: number;
}

export type SyncHandler = (key: SyncKey, signal: AbortSignal) => Promise<SyncResult | void>;

export interface FairQueueHooks {
  onDepth?(depth: number): void;
  onDone?(key: SyncKey, seconds: number, err: unknown): void;
}

export interface FairQueueOptions {
  workers: number;
  handle: SyncHandler;
  logger: Logger;
  baseDelayMs?: number;
  maxDelayMs?: number;
  hooks?: FairQueueHooks;
  /** Injected timer, so tests can drive backoff without real sleeps. */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

export function keyString(key: SyncKey): string {
  return `${key.kind}/${key.namespace}/${key.name}`;
}

const realTimer = (fn: () => void, ms: number): { cancel(): void } => {
  const t = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(t) };
};

export class FairQueue {
  /** Per virtual namespace, its pending keys in arrival order. */
  private readonly lanes = new Map<string, Map<string, SyncKey>>();
  /** Namespaces with pending keys, in round-robin order. */
  private readonly ring: string[] = [];
  private readonly processing = new Set<string>();
  private readonly dirty = new Map<string, SyncKey>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, { cancel(): void }>();
  private readonly abort = new AbortController();
  private readonly running: Promise<void>[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private wakers: (() => void)[] = [];
  private pendingCount = 0;

  constructor(private readonly options: FairQueueOptions) {}

  add(key: SyncKey): void {
    if (this.abort.signal.aborted) return;
    const id = keyString(key);
    if (this.processing.has(id)) {
      this.dirty.set(id, key);
      return;
    }
    let lane = this.lanes.get(key.namespace);
    if (lane?.has(id)) return;
    if (!lane) {
      lane = new Map();
      this.lanes.set(key.namespace, lane);
      this.ring.push(key.namespace);
    }
    lane.set(id, key);
    this.pendingCount++;
    this.options.hooks?.onDepth?.(this.pendingCount);
    this.wakers.shift()?.();
  }

  addAfter(key: SyncKey, delayMs: number): void {
    const id = keyString(key);
    if (this.timers.has(id) || this.abort.signal.aborted) return;
    const timer = (this.options.setTimer ?? realTimer)(() => {
      this.timers.delete(id);
      this.add(key);
    }, delayMs);
    this.timers.set(id, timer);
  }

  get depth(): number {
    return this.pendingCount;
  }

  /** Resolves when nothing is pending or processing (delayed retries do not count). */
  idle(): Promise<void> {
    if (this.pendingCount === 0 && this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  start(): void {
    for (let i = 0; i < this.options.workers; i++) this.running.push(this.worker());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    for (const wake of this.wakers.splice(0)) wake();
    await Promise.all(this.running);
  }

  /** Takes the oldest key of the next namespace in the ring. */
  private take(): SyncKey | undefined {
    const namespace = this.ring.shift();
    if (namespace === undefined) return undefined;
    const lane = this.lanes.get(namespace)!;
    const [id, key] = lane.entries().next().value as [string, SyncKey];
    lane.delete(id);
    if (lane.size === 0) this.lanes.delete(namespace);
    else this.ring.push(namespace);
    this.pendingCount--;
    // Marked in the same tick it leaves the lane, so idle() never sees it in neither place.
    this.processing.add(id);
    this.options.hooks?.onDepth?.(this.pendingCount);
    return key;
  }

  private async next(): Promise<SyncKey | undefined> {
    while (!this.abort.signal.aborted) {
      const key = this.take();
      if (key) return key;
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
    return undefined;
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.next();
      if (key === undefined) return;
      const id = keyString(key);
      const started = performance.now();
      let failure: unknown;
      try {
        const result = await this.options.handle(key, this.abort.signal);
        this.failures.delete(id);
        if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        failure = err;
        const n = (this.failures.get(id) ?? 0) + 1;
        this.failures.set(id, n);
        const delay = Math.min((this.options.baseDelayMs ?? 50) * 2 ** (n - 1), this.options.maxDelayMs ?? 60_000);
        // Once per object until it recovers: a failing host must not flood the log.
        if (n === 1) this.options.logger.warn({ err, kind: key.kind, virtualNamespace: key.namespace, virtualName: key.name, retryInMs: delay }, 'sync failed; retrying with backoff');
        this.addAfter(key, delay);
      } finally {
        this.processing.delete(id);
        this.options.hooks?.onDone?.(key, (performance.now() - started) / 1000, failure);
        const again = this.dirty.get(id);
        if (again) {
          this.dirty.delete(id);
          this.add(again);
        }
        if (this.pendingCount === 0 && this.processing.size === 0) for (const w of this.idleWaiters.splice(0)) w();
      }
    }
  }
}
