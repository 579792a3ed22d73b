import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/** The repo's vitest config only looks in test/ and src/; this one runs the benchmark's own tests. */
export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '../..'),
    include: ['bench/api/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
