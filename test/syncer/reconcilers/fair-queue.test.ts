import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FairQueue, type SyncKey } from '../../../src/syncer/runtime/fair-queue.js';

const logger = pino({ level: 'silent' });
const key = (namespace: string, name: string): SyncKey => ({ kind: 'pods', namespace, name });

/** Timers the test fires by hand: backoff without real sleeps. */
class ManualTimers {
  readonly pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  set = (fn: () => void, ms: number): { cancel(): void } => {
    const t = { fn, ms, cancelled: false };
    this.pending.push(t);
    return { cancel: () => (t.cancelled = true) };
  };
  fireAll(): number[] {
    const due = this.pending.splice(0).filter((t) => !t.cancelled);
    for (const t of due) t.fn();
    return due.map((t) => t.ms);
  }
}

describe('FairQueue', () => {
  it('round-robins across virtual namespaces so a busy namespace cannot starve a quiet one', async () => {
    const order: string[] = [];
    const queue = new FairQueue({ workers: 1, logger, handle: async (k) => void order.push(`${k.namespace}/${k.name}`) });
    for (let i = 0; i < 5; i++) queue.add(key('busy', `p${i}`));
    queue.add(key('quiet', 'q0'));
    queue.start();
    await queue.idle();
    await queue.stop();
    expect(order).toEqual(['busy/p0', 'quiet/q0', 'busy/p1', 'busy/p2', 'busy/p3', 'busy/p4']);
  });

  it('de-duplicates pending keys and re-runs a key added while it is being processed, never concurrently', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let queue!: FairQueue;
    queue = new FairQueue({
      workers: 4,
      logger,
      handle: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        runs++;
        if (runs === 1) queue.add(key('a', 'x')); // changed while processing
        await new Promise((r) => setImmediate(r));
        running--;
      },
    });
    queue.add(key('a', 'x'));
    queue.add(key('a', 'x'));
    queue.add(key('a', 'x'));
    expect(queue.depth).toBe(1);
    queue.start();
    await queue.idle();
    await new Promise((r) => setImmediate(r));
    await queue.idle();
    await queue.stop();
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('retries failures with exponential backoff, logs once per object, and reports to the hooks', async () => {
    const timers = new ManualTimers();
    const warnings: unknown[] = [];
    const failingLogger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const results: Array<string> = [];
    let attempts = 0;
    const queue = new FairQueue({
      workers: 1,
      logger: failingLogger,
      baseDelayMs: 100,
      setTimer: timers.set,
      hooks: { onDone: (_k, _s, err) => void results.push(err === undefined ? 'ok' : 'error') },
      handle: async () => {
        attempts++;
        if (attempts <= 3) throw new Error('host said 503');
      },
    });
    queue.add(key('a', 'x'));
    queue.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await queue.idle();
      delays.push(...timers.fireAll());
    }
    await queue.idle();
    await queue.stop();
    expect(delays).toEqual([100, 200, 400]);
    expect(results).toEqual(['error', 'error', 'error', 'ok']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'pods', virtualNamespace: 'a', virtualName: 'x' });
  });

  it('requeues after the requested delay on success', async () => {
    const timers = new ManualTimers();
    let runs = 0;
    const queue = new FairQueue({ workers: 1, logger, setTimer: timers.set, handle: async () => (++runs === 1 ? { requeueAfterMs: 1000 } : undefined) });
    queue.add(key('a', 'x'));
    queue.start();
    await queue.idle();
    expect(timers.fireAll()).toEqual([1000]);
    await queue.idle();
    await queue.stop();
    expect(runs).toBe(2);
  });
});
