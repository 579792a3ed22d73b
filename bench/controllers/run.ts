/**
 * Controller cost benchmark (issue 5): CPU and RSS of `vkube serve` with N Deployments of 3
 * replicas (no host, so pods stay Pending), idle, and while scaling them all to 5 and back to 3.
 *
 *   node --import tsx bench/controllers/run.ts [--deployments 1000] [--idle-seconds 20] [--out file.json]
 *
 * CPU is the server process's utime+stime from /proc/<pid>/stat; RSS is VmRSS (peak: VmHWM).
 * Prints one JSON document.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { credentialsFromKubeconfig } from '../api/client.js';
import { builtVkubeEntry } from '../api/launch.js';
import { freePort, waitFor } from '../../test/helpers/vkube-process.js';

const REPO = resolve(import.meta.dirname, '../..');
const CLOCK_TICKS = 100;

interface ProcSample {
  cpuSeconds: number;
  rssMiB: number;
  peakRssMiB: number;
}

async function sample(pid: number): Promise<ProcSample> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { cpuSeconds, rssMiB: kb('VmRSS') / 1024, peakRssMiB: kb('VmHWM') / 1024 };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

class Client {
  private readonly agent: Agent;
  /** 409s retried: a PATCH without resourceVersion should not get them (see the controllers' report). */
  conflicts = 0;
  constructor(private readonly c: Awaited<ReturnType<typeof credentialsFromKubeconfig>>) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 32, ca: c.ca, cert: c.cert, key: c.key });
  }
  send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((done, fail) => {
      const req = request({ agent: this.agent, host: this.c.host, port: this.c.port, method, path, headers: { Accept: 'application/json', ...(payload ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', fail);
      });
      req.on('error', fail);
      req.end(payload);
    });
  }
  async ok(method: string, path: string, body?: unknown, contentType?: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const r = await this.send(method, path, body, contentType);
      if (r.status < 300) return r.body;
      if (r.status !== 409 || attempt > 20) throw new Error(`${method} ${path}: ${r.status} ${r.body.slice(0, 300)}`);
      this.conflicts++;
      await new Promise((res) => setTimeout(res, 20));
    }
  }
  close(): void {
    this.agent.destroy();
  }
}

async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** The number of objects under a list path, from a one-item page's remainingItemCount. */
async function count(client: Client, path: string): Promise<number> {
  const list = JSON.parse(await client.ok('GET', `${path}?limit=1`)) as { items: unknown[]; metadata: { remainingItemCount?: number } };
  return list.items.length + (list.metadata.remainingItemCount ?? 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { deployments: { type: 'string', default: '1000' }, 'idle-seconds': { type: 'string', default: '20' }, out: { type: 'string' } } });
  const n = Number(values.deployments);
  const idleMs = Number(values['idle-seconds']) * 1000;
  const dataDir = await mkdtemp(join(tmpdir(), 'vkube-ctrl-bench-'));
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const port = await freePort();
  const child = spawn(process.execPath, [builtVkubeEntry(), 'serve', '--name', 'bench', '--data-dir', join(dataDir, 'data'), '--port', String(port), '--kubeconfig-out', kubeconfig], { cwd: REPO, env: { ...process.env, VKUBE_LOG_LEVEL: process.env.VKUBE_LOG_LEVEL ?? 'error' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const pid = child.pid!;
  try {
    await waitFor('kubeconfig', async () => readFile(kubeconfig, 'utf8').then(() => true, () => false), 60_000, 200);
    const client = new Client(await credentialsFromKubeconfig(kubeconfig));
    await waitFor('readyz', async () => (await client.send('GET', '/readyz')).status === 200, 60_000, 200);
    const base = await sample(pid);
    await client.ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
    const names = Array.from({ length: n }, (_, i) => `d-${i}`);
    const deploymentsPath = '/apis/apps/v1/namespaces/bench/deployments';
    const podsPath = '/api/v1/namespaces/bench/pods';

    const phase = async (what: string, pods: number, act: () => Promise<void>) => {
      const before = await sample(pid);
      const t0 = Date.now();
      await act();
      const requestsDoneMs = Date.now() - t0;
      await waitFor(`${what}: ${pods} pods`, async () => (await count(client, podsPath)) === pods, 600_000, 500);
      // Converged: every Deployment's status counts the pods too.
      await waitFor(`${what}: deployment status`, async () => {
        const list = JSON.parse(await client.ok('GET', deploymentsPath)) as { items: { spec: { replicas: number }; status?: { replicas?: number; updatedReplicas?: number } }[] };
        return list.items.every((d) => d.status?.replicas === d.spec.replicas && d.status?.updatedReplicas === d.spec.replicas);
      }, 600_000, 1000);
      const wallMs = Date.now() - t0;
      const after = await sample(pid);
      return { what, requestsDoneSeconds: round(requestsDoneMs / 1000, 2), convergedSeconds: round(wallMs / 1000, 2), cpuSeconds: round(after.cpuSeconds - before.cpuSeconds, 2), cpuCores: round((after.cpuSeconds - before.cpuSeconds) / (wallMs / 1000), 2), rssMiB: round(after.rssMiB), peakRssMiB: round(after.peakRssMiB) };
    };

    const create = await phase(`create ${n} deployments x3`, n * 3, () =>
      inBatches(names, 16, (name) => client.ok('POST', deploymentsPath, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name },
        spec: { replicas: 3, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m' } } }] } } },
      })),
    );
    const idleStart = await sample(pid);
    await new Promise((r) => setTimeout(r, idleMs));
    const idleEnd = await sample(pid);
    const idle = { seconds: idleMs / 1000, cpuSeconds: round(idleEnd.cpuSeconds - idleStart.cpuSeconds, 2), cpuCores: round((idleEnd.cpuSeconds - idleStart.cpuSeconds) / (idleMs / 1000), 3), rssMiB: round(idleEnd.rssMiB) };
    const scaleTo = (replicas: number) => () => inBatches(names, 16, (name) => client.ok('PATCH', `${deploymentsPath}/${name}/scale`, { spec: { replicas } }, 'application/merge-patch+json'));
    const scaleUp = await phase(`scale all to 5`, n * 5, scaleTo(5));
    const scaleDown = await phase(`scale all to 3`, n * 3, scaleTo(3));
    const end = await sample(pid);
    const result = {
      benchmark: 'controllers',
      deployments: n,
      node: process.version,
      startup: { rssMiB: round(base.rssMiB), cpuSeconds: round(base.cpuSeconds, 2) },
      phases: [create, scaleUp, scaleDown],
      idle,
      clientConflictRetries: client.conflicts,
      final: { rssMiB: round(end.rssMiB), peakRssMiB: round(end.peakRssMiB), totalCpuSeconds: round(end.cpuSeconds, 2) },
    };
    const json = JSON.stringify(result, null, 2);
    if (values.out) await writeFile(values.out, json);
    process.stdout.write(`${json}\n`);
    client.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
