import v8 from 'node:v8';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, ReducerDecision, startMemoryReducer, type HeapSample } from '../../src/apiserver/memory-reducer.js';

const MB = 1024 * 1024;
const quietWithSlack: HeapSample = { utilization: 0.01, usedBytes: 260 * MB, heldBytes: 534 * MB };

describe('ReducerDecision', () => {
  it('collects after the configured number of quiet intervals, then waits for as many again', () => {
    const decision = new ReducerDecision();
    expect(DEFAULT_POLICY.quietIntervals).toBe(2);
    expect(decision.next(quietWithSlack)).toBe(false);
    expect(decision.next(quietWithSlack)).toBe(true);
    expect(decision.next(quietWithSlack)).toBe(false);
    expect(decision.next(quietWithSlack)).toBe(true);
  });

  it('starts counting again after a busy interval', () => {
    const decision = new ReducerDecision();
    expect(decision.next(quietWithSlack)).toBe(false);
    expect(decision.next({ ...quietWithSlack, utilization: 0.4 })).toBe(false);
    expect(decision.next(quietWithSlack)).toBe(false);
    expect(decision.next(quietWithSlack)).toBe(true);
  });

  it('leaves a heap alone whose slack is small, absolutely or against what is used', () => {
    const small = new ReducerDecision();
    const tight = { ...quietWithSlack, usedBytes: 40 * MB, heldBytes: 52 * MB };
    for (let i = 0; i < 5; i++) expect(small.next(tight)).toBe(false);
    const proportional = new ReducerDecision();
    const large = { ...quietWithSlack, usedBytes: 400 * MB, heldBytes: 430 * MB };
    for (let i = 0; i < 5; i++) expect(proportional.next(large)).toBe(false);
    // Quiet intervals still count while the slack is small: it collects as soon as there is some.
    expect(proportional.next(quietWithSlack)).toBe(true);
  });

  it('collects a heap V8 has already shrunk part of the way (10,000 pods: 220 MB used, 256 held)', () => {
    const decision = new ReducerDecision();
    const shrunk = { ...quietWithSlack, usedBytes: 220 * MB, heldBytes: 256 * MB };
    expect(decision.next(shrunk)).toBe(false);
    expect(decision.next(shrunk)).toBe(true);
  });
});

describe('startMemoryReducer', () => {
  it('runs a real full collection once the process is quiet and holds more heap than it uses', async () => {
    const reducer = startMemoryReducer(pino({ level: 'silent' }), 20, { quietUtilization: 1.01, quietIntervals: 1, minSlackBytes: 0, slackRatio: 0 });
    try {
      // Garbage that only a collection frees.
      let garbage: unknown[] = [];
      for (let i = 0; i < 200_000; i++) garbage.push({ i, text: `object ${i}` });
      const usedBefore = v8.getHeapStatistics().used_heap_size;
      garbage = [];
      await expect.poll(() => reducer.reductions, { timeout: 10_000, interval: 20 }).toBeGreaterThan(0);
      expect(garbage).toHaveLength(0);
      expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(usedBefore);
    } finally {
      reducer.stop();
    }
  });
});
