/** Request-response workloads: creates, status updates, GET, LIST and update, each bounded by a count. */
import type { BenchClient } from './client.js';
import { configMapManifest, podManifest, runningPodStatus } from './fixtures.js';
import { round, runBounded, summarize, type LatencySummary } from './stats.js';

export async function createNamespace(client: BenchClient, name: string): Promise<void> {
  await client.expect(201, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export const podName = (index: number): string => `checkout-5d8f7c9b6d-${index.toString(36).padStart(5, '0')}`;

/** Creates `count` pods with `concurrency` clients; returns the timing and each created pod's JSON. */
export async function createPods(client: BenchClient, namespace: string, count: number, concurrency: number): Promise<{ summary: LatencySummary; created: string[] }> {
  const created = new Array<string>(count);
  const run = await runBounded(count, concurrency, async (i) => {
    created[i] = await client.expect(201, 'POST', `/api/v1/namespaces/${namespace}/pods`, podManifest(namespace, podName(i)));
  });
  return { summary: summarize(run.latenciesMs, run.elapsedMs), created };
}

/** What a kubelet does once containers run: PUT pods/{name}/status with the full object. */
export async function reportPodsRunning(client: BenchClient, namespace: string, created: readonly string[], concurrency: number): Promise<LatencySummary> {
  const run = await runBounded(created.length, concurrency, async (i) => {
    const pod = JSON.parse(created[i]!) as { metadata: { name: string }; status?: Record<string, unknown> };
    pod.status = runningPodStatus(i);
    await client.expect(200, 'PUT', `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/status`, pod);
  });
  return summarize(run.latenciesMs, run.elapsedMs);
}

export interface ListSummary {
  items: number;
  iterations: number;
  bytes: number;
  avg_item_bytes: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

/**
 * Sequential full LISTs (one in flight, as an informer's relist is). The item count is checked once
 * up front; the timed loop only counts bytes, so client-side decoding is not part of it.
 */
export async function measureList(client: BenchClient, path: string, expectedItems: number, iterations: number): Promise<ListSummary> {
  const first = await client.expect(200, 'GET', path);
  const items = (JSON.parse(first) as { items: unknown[] }).items.length;
  if (items !== expectedItems) throw new Error(`LIST ${path}: ${items} items, wanted ${expectedItems}`);
  const bytes = Buffer.byteLength(first);
  const summary = await measureBytes(client, path, iterations, bytes / 2);
  return { items, iterations, bytes, avg_item_bytes: Math.round(bytes / Math.max(1, items)), p50_ms: summary.p50_ms, p99_ms: summary.p99_ms, max_ms: summary.max_ms };
}

/** Sequential GETs that only count the body's bytes (at least `minBytes`): LISTs and their static reference. */
export async function measureBytes(client: BenchClient, path: string, iterations: number, minBytes = 0): Promise<{ bytes: number; p50_ms: number; p99_ms: number; max_ms: number }> {
  let bytes = 0;
  const run = await runBounded(iterations, 1, async () => {
    const answer = await client.getCountingBytes(path);
    if (answer.status !== 200 || answer.bytes < minBytes) throw new Error(`GET ${path}: HTTP ${answer.status}, ${answer.bytes} bytes`);
    bytes = answer.bytes;
  });
  const summary = summarize(run.latenciesMs, run.elapsedMs);
  return { bytes, p50_ms: summary.p50_ms, p99_ms: summary.p99_ms, max_ms: summary.max_ms };
}

/** `total` GETs of one path with `concurrency` in flight. */
export async function measureGet(client: BenchClient, path: string, total: number, concurrency: number): Promise<LatencySummary & { concurrency: number; bytes: number }> {
  let bytes = 0;
  const run = await runBounded(total, concurrency, async () => {
    bytes = (await client.expect(200, 'GET', path)).length;
  });
  return { ...summarize(run.latenciesMs, run.elapsedMs), concurrency, bytes };
}

export const configMapName = (index: number): string => `settings-${index.toString().padStart(5, '0')}`;

export async function createConfigMaps(client: BenchClient, namespace: string, count: number, concurrency: number): Promise<string[]> {
  const resourceVersions = new Array<string>(count);
  await runBounded(count, concurrency, async (i) => {
    const body = await client.expect(201, 'POST', `/api/v1/namespaces/${namespace}/configmaps`, configMapManifest(namespace, configMapName(i), 0));
    resourceVersions[i] = (JSON.parse(body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  });
  return resourceVersions;
}

/**
 * `total` PUTs with the latest resourceVersion. Worker w owns objects w, w+concurrency, ... so two
 * writers never race on one object and every PUT must succeed (a 409 is a bug, not noise).
 */
export async function measureUpdate(client: BenchClient, namespace: string, resourceVersions: string[], total: number, concurrency: number): Promise<LatencySummary & { concurrency: number }> {
  const workers = Math.min(concurrency, resourceVersions.length);
  const rounds = new Array<number>(workers).fill(0);
  const run = await runBounded(total, workers, async (_i, worker) => {
    const owned = Math.ceil((resourceVersions.length - worker) / workers);
    const turn = rounds[worker]!++;
    const index = worker + workers * (turn % owned);
    const manifest = configMapManifest(namespace, configMapName(index), turn + 1) as { metadata: Record<string, unknown> };
    manifest.metadata.resourceVersion = resourceVersions[index];
    const body = await client.expect(200, 'PUT', `/api/v1/namespaces/${namespace}/configmaps/${configMapName(index)}`, manifest);
    resourceVersions[index] = (JSON.parse(body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  });
  return { ...summarize(run.latenciesMs, run.elapsedMs), concurrency: workers };
}

export const ratio = (numerator: number, denominator: number): number => round(denominator > 0 ? numerator / denominator : Number.NaN, 3);
