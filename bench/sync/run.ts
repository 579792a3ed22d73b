/**
 * bench/sync: N pods created in vkube across 100 virtual namespaces versus the same N pods created
 * directly on the host, against the same host (hack/host-cluster.sh up). Reports time until all are
 * Running (ratio), per-pod create→Running latency p50/p99 on each side, vkube's RSS (API server +
 * store + syncer: one process) and the restart resync time.
 *
 *   node --import tsx bench/sync/run.ts --pods 1000 [--namespaces 100] [--concurrency 32] [--latency-pods 20]
 *     [--vkube-only true] [--heap-snapshot-dir DIR] [--keep true] [--settle-seconds N] [--allocator-env false]
 *
 * --vkube-only skips the host-only baseline (no ratio: for iterating on vkube's own figures);
 * --heap-snapshot-dir writes a V8 heap snapshot of vkube once all pods run, before the RSS reading;
 * --settle-seconds reads RSS and heap again N seconds after all run, sampling RSS, heap, CPU and the
 *   syncer's queue every 10 s on the way (settleSamples);
 * --allocator-env false starts vkube without the glibc malloc settings it ships with (allocator-env.ts);
 * --keep leaves the host namespace and vkube's data directory (printed on stderr) for restarting by hand.
 *
 * The burst's create→Running latencies are mostly the wait in the host's queues and kwok's stage
 * delays; what vkube adds per pod is measured on both watches (addedBySyncer), in the burst and for
 * pods created one at a time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { loadHostKubeConfig } from '../../src/syncer/host/host-client.js';
import { ALLOCATOR_ENV, withAllocatorEnv } from '../../src/platform/allocator-env.js';
import { HostHttp } from '../../src/syncer/host/host-http.js';
import { builtVkubeEntry } from '../api/launch.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const pods = Number(args.get('pods') ?? 1000);
const namespaces = Number(args.get('namespaces') ?? 100);
const concurrency = Number(args.get('concurrency') ?? 32);
/** Virtual pods created one at a time (each once the one before runs), for the added latency off-load. */
const latencyPods = Number(args.get('latency-pods') ?? 20);
const vkubeOnly = args.get('vkube-only') === 'true';
const heapSnapshotDir = args.get('heap-snapshot-dir');
// Node writes the snapshot only into an existing directory; the read after it would throw.
if (heapSnapshotDir) mkdirSync(heapSnapshotDir, { recursive: true });
const keep = args.get('keep') === 'true';
/** glibc malloc settings vkube ships with (ALLOCATOR_ENV); false runs it with glibc's defaults, for comparison. */
const allocatorEnv = args.get('allocator-env') !== 'false';
/** Seconds to wait after all run before reading RSS and heap once more (V8 gives memory back when idle). */
const settleSeconds = Number(args.get('settle-seconds') ?? 0);
const suffix = randomBytes(3).toString('hex');
const vkubeEntry = builtVkubeEntry();

/** Both sides' clients keep their connections (client-node would handshake per request). */
function kubeConfig(file: string): KubeConfig {
  return loadHostKubeConfig(file);
}

function podBody(name: string): V1Pod {
  return { metadata: { name, labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Creates the pods and resolves with per-pod create→Running times once all run. With `sequential`
 * each pod is created only once the one before it runs: its latency is then the path's own cost,
 * not the wait behind a burst of others in the host scheduler's and kwok's queues.
 */
async function createAndWait(kc: KubeConfig, watchPath: string, targets: Array<{ namespace: string; name: string }>, sequential = false): Promise<Phase> {
  const api = kc.makeApiClient(CoreV1Api);
  const started = new Map<string, number>();
  const running = new Map<string, number>();
  const t0 = performance.now();
  let resolveAll!: () => void;
  const allRunning = new Promise<void>((r) => (resolveAll = r));
  const runningWaiters = new Map<string, () => void>();
  const onEvent = (_type: string, obj: V1Pod): void => {
    const id = `${obj.metadata?.namespace}/${obj.metadata?.name}`;
    if (obj.status?.phase === 'Running' && started.has(id) && !running.has(id)) {
      running.set(id, performance.now());
      runningWaiters.get(id)?.();
      if (running.size === targets.length) resolveAll();
    }
  };
  // A watch the server ends is started again (without a resourceVersion: its ADDED events catch up).
  let current: { abort(): void } | undefined;
  let done = false;
  const rewatch = async (): Promise<void> => {
    if (done) return;
    current = await new Watch(kc).watch(watchPath, {}, onEvent, () => void setTimeout(() => void rewatch(), 100));
  };
  await rewatch();
  let next = 0;
  await Promise.all(Array.from({ length: sequential ? 1 : concurrency }, async () => {
    while (next < targets.length) {
      const t = targets[next++]!;
      const id = `${t.namespace}/${t.name}`;
      const isRunning = sequential ? new Promise<void>((r) => runningWaiters.set(id, r)) : undefined;
      started.set(id, performance.now());
      await api.createNamespacedPod({ namespace: t.namespace, body: podBody(t.name) });
      await isRunning;
    }
  }));
  await allRunning;
  const totalMs = performance.now() - t0;
  done = true;
  current?.abort();
  const latencies = [...running.entries()].map(([id, at]) => at - started.get(id)!).sort((a, b) => a - b);
  return { totalMs, latencies, started, running };
}

interface Phase {
  totalMs: number;
  /** create→Running per pod, sorted. */
  latencies: number[];
  /** When each pod's create was sent and when it was seen Running, by `namespace/name`. */
  started: Map<string, number>;
  running: Map<string, number>;
}

/**
 * Watches the host namespace during the vkube phases: when each virtual pod's host pod first
 * appears and when it is first Running, keyed by the virtual `namespace/name` it carries.
 */
function observeHostPods(kc: KubeConfig, namespace: string): { appeared: Map<string, number>; running: Map<string, number>; stop(): void } {
  const appeared = new Map<string, number>();
  const running = new Map<string, number>();
  let current: { abort(): void } | undefined;
  let stopped = false;
  const onEvent = (_type: string, obj: V1Pod): void => {
    const annotations = obj.metadata?.annotations ?? {};
    const id = `${annotations['vkube.io/object-namespace']}/${annotations['vkube.io/object-name']}`;
    const now = performance.now();
    if (!appeared.has(id)) appeared.set(id, now);
    if (obj.status?.phase === 'Running' && !running.has(id)) running.set(id, now);
  };
  const rewatch = async (): Promise<void> => {
    if (stopped) return;
    current = await new Watch(kc).watch(`/api/v1/namespaces/${namespace}/pods`, {}, onEvent, () => void setTimeout(() => void rewatch(), 100));
  };
  void rewatch();
  return { appeared, running, stop: () => ((stopped = true), current?.abort()) };
}

/**
 * What vkube adds to each pod: from the virtual create to its host pod's appearance (down), plus
 * from the host pod Running to the virtual pod Running (up). The host's own scheduling and kwok's
 * stage delays are between those two and not counted.
 */
function addedBySyncer(virtual: Phase, host: { appeared: Map<string, number>; running: Map<string, number> }): { down: number[]; up: number[]; total: number[] } {
  const down: number[] = [];
  const up: number[] = [];
  const total: number[] = [];
  for (const [id, createdAt] of virtual.started) {
    const appearedAt = host.appeared.get(id);
    const hostRunningAt = host.running.get(id);
    const virtualRunningAt = virtual.running.get(id);
    if (appearedAt === undefined || hostRunningAt === undefined || virtualRunningAt === undefined) continue;
    down.push(appearedAt - createdAt);
    up.push(virtualRunningAt - hostRunningAt);
    total.push(appearedAt - createdAt + (virtualRunningAt - hostRunningAt));
  }
  const sort = (l: number[]) => l.sort((a, b) => a - b);
  return { down: sort(down), up: sort(up), total: sort(total) };
}

function startVkube(dataDir: string, hostNamespace: string): { proc: ChildProcess; ready: Promise<{ kubeconfig: string; resyncMs: number }>; startedAt: number } {
  const kubeconfig = join(dataDir, 'kc.yaml');
  const startedAt = performance.now();
  const profile = process.env.VKUBE_BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.VKUBE_BENCH_CPU_PROF] : [];
  // V8 flags to try on vkube (heap sizing experiments), space-separated.
  const nodeFlags = process.env.VKUBE_BENCH_NODE_FLAGS?.split(' ').filter((flag) => flag !== '') ?? [];
  const snapshots = heapSnapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapSnapshotDir}`] : [];
  // As vkube's image and launchers start it (src/platform/allocator-env.ts), unless --allocator-env false.
  const env = allocatorEnv ? withAllocatorEnv(process.env) : process.env;
  const proc = spawn(process.execPath, [...nodeFlags, ...profile, ...snapshots, vkubeEntry, 'serve', '--name', `b${suffix}`, '--data-dir', join(dataDir, 'data'), '--port', '0', '--kubeconfig-out', kubeconfig, '--host-kubeconfig', join(repo, '.vkube/host/kubeconfig'), '--host-namespace', hostNamespace, '--log-level', 'info'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<{ kubeconfig: string; resyncMs: number }>((resolve, reject) => {
    let buffer = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const line = buffer.split('\n').find((l) => l.includes('syncer resync done'));
      if (line) resolve({ kubeconfig, resyncMs: (JSON.parse(line) as { ms: number }).ms });
    });
    proc.once('exit', (code) => reject(new Error(`vkube exited ${code}`)));
  });
  return { proc, ready, startedAt };
}

/** SIGUSR2 makes node (started with --heapsnapshot-signal) write a snapshot; resolves once it is complete. */
async function heapSnapshot(proc: ChildProcess, dir: string): Promise<void> {
  const before = new Set(readdirSync(dir));
  proc.kill('SIGUSR2');
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const written = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!written) continue;
    // Node writes the file in place: it is complete once its size stops changing.
    const size = statSync(join(dir, written)).size;
    await new Promise((r) => setTimeout(r, 2000));
    if (statSync(join(dir, written)).size === size && size > 0) return;
  }
}

/** utime + stime of a process, in seconds (USER_HZ is 100 on Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds used so far by each host component (pid files of hack/host-cluster.sh) and by the
 * whole machine (busy and idle, from /proc/stat): what the host and the machine spent in a phase is
 * the difference of two readings, so it shows whether a phase was bound by CPU or by something else
 * (the scheduler's and kwok's client rate limits).
 */
function cpuReading(): { components: Record<string, number>; machineBusy: number; machineIdle: number } {
  const runDir = join(repo, '.vkube/host/run');
  const components: Record<string, number> = {};
  for (const file of readdirSync(runDir).filter((f) => f.endsWith('.pid'))) {
    const pid = Number(readFileSync(join(runDir, file), 'utf8').trim());
    try {
      components[file.replace(/\.pid$/, '')] = cpuSeconds(pid);
    } catch {
      // A component that is not running has nothing to report.
    }
  }
  const bench = process.cpuUsage();
  components['bench client'] = (bench.user + bench.system) / 1e6;
  // cpu  user nice system idle iowait irq softirq steal ...
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + fields[4]!;
  const busy = fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
  return { components, machineBusy: busy / 100, machineIdle: idle / 100 };
}

/** What each process and the machine spent between two readings, in CPU seconds. */
function cpuSpent(before: ReturnType<typeof cpuReading>, after: ReturnType<typeof cpuReading>, extra: Record<string, number> = {}): Record<string, number> {
  const spent: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(after.components)) spent[name] = Number((seconds - (before.components[name] ?? 0)).toFixed(1));
  for (const [name, seconds] of Object.entries(extra)) spent[name] = Number(seconds.toFixed(1));
  spent['machine busy'] = Number((after.machineBusy - before.machineBusy).toFixed(1));
  spent['machine idle'] = Number((after.machineIdle - before.machineIdle).toFixed(1));
  return spent;
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

interface SettleSample {
  /** Seconds since all pods ran. */
  atSeconds: number;
  rssMb: number;
  heapTotalMb: number;
  /** vkube's CPU use over the interval before the sample (1 = one core), and its work queue then. */
  cpu: number;
  queueDepth: number;
}

/**
 * Waits `seconds` after all pods run, sampling every 10 s and at the end: whether vkube is idle by
 * then (CPU, syncer queue) and when it gives back the heap it grew for the burst
 * (src/apiserver/memory-reducer.ts waits for a quiet event loop). The last sample is the settled reading.
 */
async function settle(pid: number, kc: KubeConfig, seconds: number): Promise<{ rssMb: number; heapMb: Record<string, number>; samples: SettleSample[] }> {
  const samples: SettleSample[] = [];
  const t0 = performance.now();
  let cpuBefore = cpuSeconds(pid);
  let last = { rssMb: 0, heapMb: {} as Record<string, number> };
  let before = 0;
  for (let at = Math.min(10, seconds); before < seconds; before = at, at = Math.min(at + 10, seconds)) {
    await new Promise((r) => setTimeout(r, t0 + at * 1000 - performance.now()));
    const cpu = cpuSeconds(pid);
    const { heapMb, queueDepth } = await vkubeMetrics(kc);
    last = { rssMb: Math.round(rssMb(pid)), heapMb };
    samples.push({ atSeconds: at, rssMb: last.rssMb, heapTotalMb: heapMb.total!, cpu: Number(((cpu - cpuBefore) / (at - before)).toFixed(2)), queueDepth });
    cpuBefore = cpu;
  }
  return { ...last, samples };
}

/** From vkube's own /metrics: V8 heap figures (MB) and the watch events the host sent it, by kind. */
async function vkubeMetrics(kc: KubeConfig): Promise<{ heapMb: Record<string, number>; hostWatchEvents: Record<string, number>; queueDepth: number }> {
  const { text } = await new HostHttp(kc).request('GET', '/metrics');
  const mb = (pattern: RegExp) => Math.round(Number(pattern.exec(text)?.[1] ?? NaN) / 1048576);
  const hostWatchEvents: Record<string, number> = {};
  for (const [, kind, count] of text.matchAll(/^vkube_syncer_host_watch_events_total\{kind="([^"]+)"\} (\S+)$/gm)) hostWatchEvents[kind!] = Number(count);
  return {
    heapMb: {
      used: mb(/^nodejs_heap_size_used_bytes (\S+)$/m),
      total: mb(/^nodejs_heap_size_total_bytes (\S+)$/m),
      oldSpaceUsed: mb(/^nodejs_heap_space_size_used_bytes\{space="old"\} (\S+)$/m),
      external: mb(/^nodejs_external_memory_bytes (\S+)$/m),
    },
    hostWatchEvents,
    queueDepth: Number(/^vkube_syncer_queue_depth (\S+)$/m.exec(text)?.[1] ?? NaN),
  };
}

async function main(): Promise<void> {
  const hostKc = kubeConfig(join(repo, '.vkube/host/kubeconfig'));
  const hostApi = hostKc.makeApiClient(CoreV1Api);
  const directNs = `bench-direct-${suffix}`;
  const syncNs = `bench-sync-${suffix}`;
  for (const name of [directNs, syncNs]) await hostApi.createNamespace({ body: { metadata: { name } } });
  try {
    // Host only: the baseline.
    const directCpuBefore = cpuReading();
    const direct = vkubeOnly ? undefined : await createAndWait(hostKc, `/api/v1/namespaces/${directNs}/pods`, Array.from({ length: pods }, (_, i) => ({ namespace: directNs, name: `p-${i}` })));
    const directCpu = direct && cpuSpent(directCpuBefore, cpuReading());
    await hostApi.deleteNamespace({ name: directNs });
    // The host deletes those pods before the vkube phase starts, not while it runs.
    const gone = performance.now() + 600_000;
    while (performance.now() < gone && (await hostApi.readNamespace({ name: directNs }).then(() => true, () => false))) await new Promise((r) => setTimeout(r, 1000));

    // Through vkube.
    const dataDir = mkdtempSync(join(tmpdir(), 'vkube-bench-sync-'));
    if (keep) console.error(`kept: --data-dir ${join(dataDir, 'data')}`);
    let vk = startVkube(dataDir, syncNs);
    const { kubeconfig } = await vk.ready;
    const virtualKc = kubeConfig(kubeconfig);
    const virtualApi = virtualKc.makeApiClient(CoreV1Api);
    const virtualNamespaces = Array.from({ length: namespaces }, (_, i) => `ns-${i}`);
    for (const name of virtualNamespaces) await virtualApi.createNamespace({ body: { metadata: { name } } });
    const hostPods = observeHostPods(hostKc, syncNs);
    const syncedOneByOne = await createAndWait(virtualKc, '/api/v1/pods', Array.from({ length: latencyPods }, (_, i) => ({ namespace: virtualNamespaces[i % namespaces]!, name: `seq-${i}` })), true);
    const burstCpuBefore = cpuReading();
    const burstVkubeCpuBefore = cpuSeconds(vk.proc.pid!);
    const synced = await createAndWait(virtualKc, '/api/v1/pods', Array.from({ length: pods }, (_, i) => ({ namespace: virtualNamespaces[i % namespaces]!, name: `p-${i}` })));
    const burstCpu = cpuSpent(burstCpuBefore, cpuReading(), { vkube: cpuSeconds(vk.proc.pid!) - burstVkubeCpuBefore });
    hostPods.stop();
    const addedOneByOne = addedBySyncer(syncedOneByOne, hostPods);
    const addedBurst = addedBySyncer(synced, hostPods);
    const rss = rssMb(vk.proc.pid!);
    const metrics = await vkubeMetrics(virtualKc);
    const vkubeCpuSeconds = cpuSeconds(vk.proc.pid!);
    const settled = settleSeconds > 0 ? await settle(vk.proc.pid!, virtualKc, settleSeconds) : undefined;
    if (heapSnapshotDir) await heapSnapshot(vk.proc, heapSnapshotDir);

    // Restart: kill -9, start again, time the full resync.
    // With a CPU profile, stop cleanly so it is written; otherwise crash like a real kill -9.
    vk.proc.kill(process.env.VKUBE_BENCH_CPU_PROF ? 'SIGTERM' : 'SIGKILL');
    await new Promise((r) => vk.proc.once('exit', r));
    vk = startVkube(dataDir, syncNs);
    const restarted = await vk.ready;
    const restartToResyncMs = performance.now() - vk.startedAt;
    const hostCount = (await hostApi.listNamespacedPod({ namespace: syncNs })).items.length;
    vk.proc.kill('SIGTERM');

    const p = (l: number[], q: number) => percentile(l, q).toFixed(0);
    console.log(JSON.stringify({
      pods,
      namespaces,
      vkubeAllRunningMs: Math.round(synced.totalMs),
      vkubeLatencyMs: { p50: p(synced.latencies, 50), p99: p(synced.latencies, 99) },
      ...(direct && {
        directAllRunningMs: Math.round(direct.totalMs),
        ratio: Number((synced.totalMs / direct.totalMs).toFixed(3)),
        directLatencyMs: { p50: p(direct.latencies, 50), p99: p(direct.latencies, 99) },
        // Differences of the two sides' create→Running percentiles: queueing in the burst dominates.
        burstLatencyDifferenceMs: { p50: (percentile(synced.latencies, 50) - percentile(direct.latencies, 50)).toFixed(0), p99: (percentile(synced.latencies, 99) - percentile(direct.latencies, 99)).toFixed(0) },
      }),
      // CPU seconds each process and the whole machine spent from the first create to all Running,
      // on each side (2 cores: machine busy + idle is twice the wall time).
      cpuSecondsWhileCreating: { ...(directCpu && { direct: directCpu }), vkube: burstCpu },
      // Measured per pod on both watches (see addedBySyncer).
      addedBySyncerMs: {
        burst: { pods: addedBurst.total.length, p50: p(addedBurst.total, 50), p99: p(addedBurst.total, 99), downP99: p(addedBurst.down, 99), upP99: p(addedBurst.up, 99) },
        oneByOne: { pods: addedOneByOne.total.length, p50: p(addedOneByOne.total, 50), p99: p(addedOneByOne.total, 99), downP99: p(addedOneByOne.down, 99), upP99: p(addedOneByOne.up, 99) },
      },
      // How vkube was started: the glibc malloc settings in its environment (RSS depends on them).
      allocatorEnv: allocatorEnv ? ALLOCATOR_ENV : {},
      vkubeRssMb: Math.round(rss),
      // At the same moment: what of the RSS is V8 heap in use, and what V8 holds for it.
      vkubeHeapMb: metrics.heapMb,
      ...(settled && { settledAfterSeconds: settleSeconds, vkubeSettledRssMb: settled.rssMb, vkubeSettledHeapMb: settled.heapMb, settleSamples: settled.samples }),
      // Watch events vkube received from the host, from its start to all pods Running.
      hostWatchEvents: metrics.hostWatchEvents,
      // CPU vkube used from its start to all pods Running (the creates through its API included).
      vkubeCpuSeconds,
      restartResyncMs: restarted.resyncMs,
      restartProcessStartToResyncDoneMs: Math.round(restartToResyncMs),
      hostPodsAfterRestart: hostCount,
      hostPodsExpected: pods + latencyPods,
    }, null, 2));
  } finally {
    if (keep) console.error(`kept: --host-namespace ${syncNs} --name b${suffix}`);
    else await hostApi.deleteNamespace({ name: syncNs }).catch(() => undefined);
    await hostApi.deleteNamespace({ name: directNs }).catch(() => undefined);
  }
}

await main();
