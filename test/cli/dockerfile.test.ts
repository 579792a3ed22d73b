// The Dockerfile cannot be built here (no docker): hadolint (hack/lint-dockerfile.sh) checks it, and
// these tests check the shape the issue asks for (multi-stage, production deps only, non-root, /data).
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, run } from './run.js';

describe('Dockerfile', () => {
  it('passes hadolint with no findings at or above info', async () => {
    const result = await run('bash', [`${REPO}hack/lint-dockerfile.sh`]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Haskell Dockerfile Linter 2\./);
  });

  it('the lint fails on a Dockerfile with findings (the check can fail)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vkube-lint-'));
    await writeFile(join(dir, 'Dockerfile'), 'FROM node\nRUN cd /app && npm install\n');
    const result = await run('bash', [`${REPO}hack/lint-dockerfile.sh`, join(dir, 'Dockerfile')]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('DL3006');
  });

  it('is multi-stage, ships production dependencies only, runs vkube serve as a non-root user with the store on /data', async () => {
    const text = await readFile(`${REPO}Dockerfile`, 'utf8');
    const stages = text.split('\n').filter((l) => l.startsWith('FROM '));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/RUN npm ci [^\n]*\n[\s\S]*RUN npm run build/);
    expect(text).toMatch(/npm ci --omit=dev/);
    const runtime = text.slice(text.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER 1000:1000$/m);
    expect(runtime).not.toMatch(/npm (ci|install)(?! --omit=dev)/);
    expect(runtime).toMatch(/VOLUME \["\/data"\]/);
    expect(runtime).toMatch(/CMD \["serve",[^\n]*"--data-dir", "\/data"/);
    const ignore = await readFile(`${REPO}.dockerignore`, 'utf8');
    // Everything out, then only the sources back in: no host node_modules, dist or .vkube state.
    expect(ignore).toMatch(/^\*$/m);
    expect(ignore).not.toMatch(/^!(node_modules|dist|\.vkube)/m);
  });
});
