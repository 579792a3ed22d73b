/**
 * A de-duplicating work queue with per-key exponential backoff and N workers
 * (controller-runtime's contract: requests carry only the key; one key never runs on two workers
 * at once; an error means a backed-off retry; `requeueAfterMs` means retry at that time).
 */
import type { Logger } from 'pino';

export interface ReconcileResult {
  requeueAfterMs?: number;
}

export type Reconciler = (key: string, signal: AbortSignal) => Promise<ReconcileResult | void>;

export interface WorkQueueOptions {
  name: string;
  workers: number;
  reconcile: Reconciler;
  logger: Logger;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly order: string[] = [];
  private readonly processing = new Set<string>();
  /** Keys added again while being processed: re-run them once the current run ends. */
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly abort = new AbortController();
  /** One waker per idle worker (a single slot would lose all but the last, and stop() would hang). */
  private wakers: (() => void)[] = [];
  private readonly running: Promise<void>[] = [];
  private reconcileCounter = 0;

  constructor(private readonly options: WorkQueueOptions) {}

  add(key: string): void {
    if (this.abort.signal.aborted) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.pending.has(key)) return;
    this.pending.add(key);
    this.order.push(key);
    this.wakers.shift()?.();
  }

  addAfter(key: string, delayMs: number): void {
    if (this.timers.has(key) || this.abort.signal.aborted) return;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs));
  }

  get depth(): number {
    return this.pending.size;
  }

  start(): void {
    for (let i = 0; i < this.options.workers; i++) this.running.push(this.worker());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const wake of this.wakers.splice(0)) wake();
    await Promise.all(this.running);
  }

  private async next(): Promise<string | undefined> {
    while (!this.abort.signal.aborted) {
      const key = this.order.shift();
      if (key !== undefined) {
        this.pending.delete(key);
        return key;
      }
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
    return undefined;
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.next();
      if (key === undefined) return;
      this.processing.add(key);
      const reconcileId = ++this.reconcileCounter;
      try {
        const result = await this.options.reconcile(key, this.abort.signal);
        this.failures.delete(key);
        if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        const delay = Math.min((this.options.baseDelayMs ?? 5) * 2 ** (n - 1), this.options.maxDelayMs ?? 60_000);
        // Logged once per key until it recovers, not on every retry.
        if (n === 1 || n % 10 === 0) this.options.logger.warn({ err, key, reconcileId, controller: this.options.name, failures: n }, 'reconcile failed; retrying with backoff');
        this.addAfter(key, delay);
      } finally {
        this.processing.delete(key);
        if (this.dirty.delete(key)) this.add(key);
      }
    }
  }
}
