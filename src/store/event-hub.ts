/**
 * Watch fan-out. Publishing is synchronous and never waits for a watcher: each watcher has a
 * bounded queue, and a watcher that falls more than `bufferSize` events behind is ended with
 * StoreError 'Expired' (kube-apiserver closes such watches too; the client re-lists).
 */
import { StoreError, type StoreEvent } from './types.js';

export class WatchSubscription {
  private queue: (StoreEvent | undefined)[] = [];
  private head = 0;
  private failure: StoreError | undefined;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly prefix: string,
    /** Only events with a revision above this are queued (older ones come from history). */
    private readonly afterRevision: number,
    private readonly bufferSize: number,
  ) {}

  offer(event: StoreEvent): void {
    if (this.ended || event.revision <= this.afterRevision || !event.key.startsWith(this.prefix)) return;
    if (this.queue.length - this.head >= this.bufferSize) {
      this.fail(new StoreError('Expired', this.prefix, 'watcher fell too far behind; re-list and watch again'));
      return;
    }
    this.queue.push(event);
    this.notify();
  }

  /** Ends the stream after the queued events (normal end) or, with an error, at once. */
  end(failure?: StoreError): void {
    if (failure !== undefined) this.fail(failure);
    this.ended = true;
    this.notify();
  }

  private fail(failure: StoreError): void {
    this.failure ??= failure;
    this.ended = true;
    this.queue = [];
    this.head = 0;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** The next live event, or undefined once ended; throws the failure, if any. */
  async next(): Promise<StoreEvent | undefined> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      if (this.head < this.queue.length) {
        const event = this.queue[this.head]!;
        this.queue[this.head++] = undefined;
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        return event;
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}

export class EventHub {
  private readonly subscriptions = new Set<WatchSubscription>();

  constructor(private readonly bufferSize: number) {}

  get watcherCount(): number {
    return this.subscriptions.size;
  }

  subscribe(prefix: string, afterRevision: number): WatchSubscription {
    const subscription = new WatchSubscription(prefix, afterRevision, this.bufferSize);
    this.subscriptions.add(subscription);
    return subscription;
  }

  unsubscribe(subscription: WatchSubscription): void {
    subscription.end();
    this.subscriptions.delete(subscription);
  }

  publish(event: StoreEvent): void {
    for (const subscription of this.subscriptions) subscription.offer(event);
  }

  endAll(failure?: StoreError): void {
    for (const subscription of this.subscriptions) subscription.end(failure);
    this.subscriptions.clear();
  }
}
