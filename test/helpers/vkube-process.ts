/**
 * Starts `vkube serve` as a real child process (the CLI users run) on a free port with its own data
 * directory, waits until /readyz answers 200, and stops it (SIGTERM, or SIGKILL for crash tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:https';

const REPO = resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export interface VkubeProcess {
  port: number;
  dataDir: string;
  kubeconfig: string;
  output(): string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
  /** Starts the same cluster again (same data dir, same port). */
  restart(): Promise<void>;
}

function readyz(port: number): Promise<number> {
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, timeout: 1000 }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('error', () => res(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function startVkube(options: { name?: string; extraArgs?: string[] } = {}): Promise<VkubeProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vkube-test-'));
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';
  const launch = async (): Promise<void> => {
    const args = ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'serve', '--name', options.name ?? 'test', '--data-dir', join(dataDir, 'data'), '--port', String(port), '--kubeconfig-out', kubeconfig, ...(options.extraArgs ?? [])];
    const proc = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, VKUBE_LOG_LEVEL: process.env.VKUBE_LOG_LEVEL ?? 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    let exited = false;
    proc.once('exit', () => (exited = true));
    await waitFor('vkube /readyz', async () => {
      if (exited) throw new Error(`vkube exited before becoming ready:\n${output}`);
      return (await readyz(port)) === 200;
    }, 60_000);
    await readFile(kubeconfig);
  };
  const exit = (signal: NodeJS.Signals): Promise<void> =>
    new Promise((res) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return res();
      child.once('exit', () => res());
      child.kill(signal);
    });
  await launch();
  return {
    port,
    dataDir,
    kubeconfig,
    output: () => output,
    stop: () => exit('SIGTERM'),
    kill9: () => exit('SIGKILL'),
    restart: launch,
  };
}
