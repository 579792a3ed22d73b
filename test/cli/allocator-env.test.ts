// The glibc malloc settings (src/platform/allocator-env.ts) are the same everywhere vkube starts
// its server: the image, `npm run serve`, `vkube create --local`.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOCATOR_ENV, withAllocatorEnv } from '../../src/platform/allocator-env.js';
import { startLocalServer } from '../../src/platform/local-server.js';
import { waitFor } from '../helpers/vkube-process.js';
import { REPO } from './run.js';

/** `NAME=value` pairs of ALLOCATOR_ENV, as a shell or a Dockerfile ENV writes them. */
const assignments = Object.entries(ALLOCATOR_ENV).map(([name, value]) => `${name}=${value}`);

describe('allocator settings', () => {
  it('the image sets them in its runtime stage', async () => {
    const dockerfile = await readFile(join(REPO, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    const env = runtime.split('\n').filter((line) => line.startsWith('ENV ')).flatMap((line) => line.slice(4).trim().split(/\s+/));
    for (const assignment of assignments) expect(env).toContain(assignment);
  });

  it('npm run serve starts the server with them', async () => {
    const { scripts } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.serve).toContain(`${assignments.join(' ')} node bin/vkube.js serve`);
  });

  it('vkube create --local starts the server with them', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'vkube-allocator-'));
    const out = join(stateDir, 'env.txt');
    // A stand-in server that writes its environment (sh -c 'SCRIPT' takes the serve arguments as $0...).
    await startLocalServer({ name: 'a', hostNamespace: 'h', syncMode: 'single', stateDir, port: 1, hostKubeconfigYaml: '', command: ['/bin/sh', '-c', `env > ${out}.tmp && mv ${out}.tmp ${out}`] });
    const text = await waitFor('the stand-in server\'s environment', () => readFile(out, 'utf8').catch(() => undefined), 5000);
    for (const assignment of assignments) expect(text.split('\n')).toContain(assignment);
  });

  it('a value the user set wins over the default', () => {
    expect(withAllocatorEnv({ MALLOC_ARENA_MAX: '4', PATH: '/bin' })).toEqual({ ...ALLOCATOR_ENV, MALLOC_ARENA_MAX: '4', PATH: '/bin' });
  });
});
