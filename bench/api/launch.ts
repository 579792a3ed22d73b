/** Starts the processes the benchmark measures: vkube itself and the bare-fastify reference. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from '../../test/helpers/vkube-process.js';

const HERE = import.meta.dirname;
const REPO = resolve(HERE, '../..');

/**
 * The server as users run it: `bin/vkube.js` over a freshly built `dist/`. Under tsx every figure
 * would also pay its loader and source-mapped stack traces. tsc's output goes to stderr, since
 * the benchmarks print their JSON on stdout.
 */
export function builtVkubeEntry(): string {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: ['ignore', 2, 2] });
  return join(REPO, 'bin/vkube.js');
}

export interface MeasuredVkube {
  port: number;
  dataDir: string;
  kubeconfig: string;
  output(): string;
  stop(): Promise<void>;
}

function readyzStatus(port: number): Promise<number> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, timeout: 1000 }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', () => done(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * `vkube serve` as a child process, like test/helpers/vkube-process.ts's startVkube, but with our
 * own node flags: Node 20 refuses --cpu-prof in NODE_OPTIONS, so profiling needs the argv. With
 * `cpuProfileDir` the server writes a .cpuprofile there when it exits on SIGTERM.
 */
export async function startMeasuredVkube(cpuProfileDir: string | undefined): Promise<MeasuredVkube> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vkube-bench-'));
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const port = await freePort();
  const nodeFlags = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfileDir)}`] : [];
  const args = [...nodeFlags, builtVkubeEntry(), 'serve', '--name', 'bench', '--data-dir', join(dataDir, 'data'), '--port', String(port), '--kubeconfig-out', kubeconfig];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, VKUBE_LOG_LEVEL: process.env.VKUBE_LOG_LEVEL ?? 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  try {
    await waitFor('vkube /readyz', async () => {
      if (child.exitCode !== null) throw new Error(`vkube exited before becoming ready:\n${output}`);
      return (await readyzStatus(port)) === 200;
    }, 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { port, dataDir, kubeconfig, output: () => output, stop };
}

export interface StaticServer {
  port: number;
  stop(): Promise<void>;
}

export function startStaticServer(servingCertPath: string, servingKeyPath: string): Promise<StaticServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'static-server.ts'), servingCertPath, servingKeyPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePort, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('static reference server did not start within 30 s'));
    }, 30_000);
    child.once('exit', (code) => reject(new Error(`static reference server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || !line) return;
      clearTimeout(timer);
      resolvePort({
        port: Number(line),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
