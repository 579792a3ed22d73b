/** The syncer's Prometheus metrics, in their own registry (no global default registry). */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FairQueueHooks, SyncKey } from './fair-queue.js';

export class SyncerMetrics {
  readonly registry = new Registry();
  private readonly queueDepth = new Gauge({ name: 'vkube_syncer_queue_depth', help: 'Keys waiting in the syncer work queue', registers: [this.registry] });
  private readonly syncSeconds = new Histogram({
    name: 'vkube_syncer_sync_duration_seconds',
    help: 'Time to reconcile one object, by kind and result',
    labelNames: ['kind', 'result'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({ name: 'vkube_syncer_errors_total', help: 'Failed reconciles, by kind', labelNames: ['kind'], registers: [this.registry] });
  private readonly hostRequests = new Counter({
    name: 'vkube_syncer_host_requests_total',
    help: 'Writes sent to the host API, by kind and verb',
    labelNames: ['kind', 'verb'],
    registers: [this.registry],
  });

  private readonly hostWatchEvents = new Counter({ name: 'vkube_syncer_host_watch_events_total', help: 'Watch events received from the host API, by kind', labelNames: ['kind'], registers: [this.registry] });
  private readonly hostWatchBytes = new Counter({
    name: 'vkube_syncer_host_watch_characters_total',
    help: 'Characters of JSON received on host watches, by kind (what the syncer decodes)',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  readonly queueHooks: FairQueueHooks = {
    onDepth: (depth) => this.queueDepth.set(depth),
    onDone: (key: SyncKey, seconds, err) => {
      this.syncSeconds.observe({ kind: key.kind, result: err === undefined ? 'success' : 'error' }, seconds);
      if (err !== undefined) this.errors.inc({ kind: key.kind });
    },
  };

  hostWatchLine(kind: string, characters: number): void {
    this.hostWatchEvents.inc({ kind });
    this.hostWatchBytes.inc({ kind }, characters);
  }

  hostWrite(kind: string, verb: string): void {
    this.hostRequests.inc({ kind, verb });
  }
}
