/**
 * The glibc malloc settings vkube's server runs with, wherever vkube starts it or ships it: the
 * image (Dockerfile ENV), `npm run serve`, `vkube create --local` (local-server.ts) and bench/sync.
 * glibc reads them once, at process start, so the server cannot set them for itself.
 *
 * Why: glibc gives each thread that allocates an arena of its own (up to eight per core), and Node's
 * four libuv threads (every LevelDB read and write), V8's workers and LevelDB's compaction thread
 * each keep what they freed in theirs. And once a large block is freed, glibc raises its mmap
 * threshold to that size (up to 32 MB), so later large blocks (LevelDB write batches, file buffers)
 * come from the main heap, which returns memory only from its top. Two arenas and a fixed 128 KiB
 * threshold (large blocks mapped and unmapped, as before the first was freed) keep what is freed
 * returnable: an idle `vkube serve` settles at 103 MB RSS instead of 120 (main heap 13.6 MB instead
 * of 26, thread arenas 3.2 instead of 8.1; /proc/PID/smaps), and at 10,000 pods (bench/sync, 60 s
 * after all run) at 282 MB instead of 302 (thread arenas 5.5 MB instead of 27.4). Neither slowed the
 * run (all Running in 307 s with them, 313 s without).
 */
export const ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

/** `env` with the allocator settings added; a value the user set already wins. */
export function withAllocatorEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...ALLOCATOR_ENV, ...env };
}
