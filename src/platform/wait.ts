/** Polling with progress lines: what `vkube create/pause/resume/delete` print while they wait. */

export type Progress = (line: string) => void;

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  progress?: Progress;
}

/**
 * Polls `probe` until it returns a value. `probe` returns a string to report a state (printed
 * when it changes) or `{ done: T }`. On timeout the last state is in the error.
 */
export async function waitFor<T>(what: string, probe: () => Promise<{ done: T } | string>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastState = '';
  for (;;) {
    const result = await probe();
    if (typeof result !== 'string') return result.done;
    if (result !== lastState) {
      options.progress?.(`  ${what}: ${result}`);
      lastState = result;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${what} (last: ${lastState})`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
  }
}
