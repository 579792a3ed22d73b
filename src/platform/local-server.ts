/**
 * `vkube create --local`: the server process runs on this machine (like `vkube serve
 * --host-kubeconfig`) and syncs into the host namespace. Used where the host cannot run the vkube
 * image (kwok), and for development. Its files live in a state directory:
 *   host-kubeconfig.yaml (the host context, exported), data/ (store + PKI), kubeconfig.yaml, serve.log.
 */
import { spawn } from 'node:child_process';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { request } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { withAllocatorEnv } from './allocator-env.js';
import type { SyncMode } from './objects.js';
import { isProcessAlive } from './clusters.js';
import { PlatformError } from './host.js';

/** Where this machine keeps `--local` clusters and kubeconfigs (VKUBE_HOME overrides ~/.vkube). */
export function vkubeHome(): string {
  return process.env.VKUBE_HOME ?? join(homedir(), '.vkube');
}

export function clusterStateDir(namespace: string, name: string): string {
  return join(vkubeHome(), 'clusters', namespace, name);
}

/** How to start `vkube` again: the running node, its loader flags (tsx in development), the entry script. */
export function selfCommand(): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1]!];
}

export interface LocalServerSpec {
  name: string;
  hostNamespace: string;
  syncMode: SyncMode;
  stateDir: string;
  port: number;
  /** The host kube context as a self-contained kubeconfig (`kubeConfig.exportConfig()`). */
  hostKubeconfigYaml: string;
  command?: string[];
}

export async function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function localPaths(stateDir: string): { hostKubeconfig: string; data: string; kubeconfig: string; log: string } {
  return { hostKubeconfig: join(stateDir, 'host-kubeconfig.yaml'), data: join(stateDir, 'data'), kubeconfig: join(stateDir, 'kubeconfig.yaml'), log: join(stateDir, 'serve.log') };
}

/** Starts the detached server process; it outlives this CLI. Returns its pid. */
export async function startLocalServer(spec: LocalServerSpec): Promise<number> {
  const paths = localPaths(spec.stateDir);
  await mkdir(spec.stateDir, { recursive: true, mode: 0o700 });
  await writeFile(paths.hostKubeconfig, spec.hostKubeconfigYaml, { mode: 0o600 });
  const [command, ...baseArgs] = spec.command ?? selfCommand();
  const args = [
    ...baseArgs,
    'serve',
    '--name', spec.name,
    '--data-dir', paths.data,
    '--port', String(spec.port),
    '--kubeconfig-out', paths.kubeconfig,
    '--host-kubeconfig', paths.hostKubeconfig,
    '--host-namespace', spec.hostNamespace,
    '--sync-mode', spec.syncMode,
  ];
  const log = await open(paths.log, 'a', 0o600);
  try {
    const child = spawn(command!, args, { detached: true, stdio: ['ignore', log.fd, log.fd], env: withAllocatorEnv(process.env) });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', (err) => reject(new PlatformError(`cannot start the local server (${command}): ${err.message}`, 'check that node can run vkube from this directory', { cause: err })));
      child.once('spawn', () => resolve(child.pid!));
    });
    child.unref();
    return pid;
  } finally {
    await log.close();
  }
}

export function readyzStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopLocalServer(pid: number, graceMs = 15_000): Promise<void> {
  if (!pid || !isProcessAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function removeStateDir(stateDir: string): Promise<void> {
  // Only ever a directory under VKUBE_HOME: a corrupted record must not point rm at anything else.
  if (!stateDir.startsWith(join(vkubeHome(), 'clusters'))) return;
  await rm(stateDir, { recursive: true, force: true });
}
