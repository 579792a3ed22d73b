/** Latency and throughput arithmetic for the API benchmark; pure so it can be unit-tested. */

export interface LatencySummary {
  count: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export const round = (value: number, digits = 3): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(latenciesMs: readonly number[], elapsedMs: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    rps: round(elapsedMs > 0 ? (sorted.length * 1000) / elapsedMs : 0, 1),
    p50_ms: round(percentile(sorted, 50)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN),
  };
}

export interface BoundedRun {
  latenciesMs: number[];
  elapsedMs: number;
}

/**
 * Runs `total` operations with at most `concurrency` in flight and times each one. Every worker
 * takes the next index from a shared counter, so the loop ends after exactly `total` operations;
 * the first failure stops all workers and is rethrown.
 */
export async function runBounded(total: number, concurrency: number, op: (index: number, worker: number) => Promise<void>): Promise<BoundedRun> {
  const latenciesMs: number[] = [];
  let next = 0;
  let failure: unknown;
  const started = performance.now();
  const worker = async (id: number): Promise<void> => {
    while (failure === undefined) {
      const index = next++;
      if (index >= total) return;
      const t0 = performance.now();
      try {
        await op(index, id);
      } catch (err) {
        failure ??= err;
        return;
      }
      latenciesMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, (_, id) => worker(id)));
  if (failure !== undefined) throw failure;
  return { latenciesMs, elapsedMs: performance.now() - started };
}

export interface TargetCheck {
  target: string;
  value: number;
  met: boolean;
}

/** The issue states latency targets as "under": strictly below the limit. */
export function below(limit: number, value: number, unit: string): TargetCheck {
  return { target: `< ${limit} ${unit}`, value, met: Number.isFinite(value) && value < limit };
}

export function atLeast(limit: number, value: number, unit: string): TargetCheck {
  return { target: `>= ${limit} ${unit}`, value, met: Number.isFinite(value) && value >= limit };
}
