/**
 * Store benchmark: node --import tsx bench/store/store-bench.ts [--pods 10000] [--seconds 3]
 * Prints one JSON object: durable create throughput with 1 and 32 writers, get latency,
 * list latency for 10k pods in one namespace (with other keys around it), reopen time.
 */
import { setMaxListeners } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openLevelStore, type LevelStore } from '../../src/store/level-store.js';
import type { StoredObject } from '../../src/store/types.js';

const { values } = parseArgs({ options: { pods: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '3' } } });
const PODS = Number(values.pods);
const SECONDS = Number(values.seconds);

function podObject(namespace: string, name: string): StoredObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `9d1b1f2e-${name.padStart(12, '0').slice(-12)}`,
      labels: { app: 'bench', 'pod-template-hash': '5d8f7c9b6d' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'bench-5d8f7c9b6d', uid: 'c0ffee', controller: true }],
      creationTimestamp: '2026-11-22T14:00:00Z',
    },
    spec: {
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } }, ports: [{ containerPort: 8080 }] }],
      nodeName: 'node-1',
      serviceAccountName: 'default',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** Durable creates for SECONDS with `writers` concurrent writers; returns creates/s. */
async function createThroughput(store: LevelStore, writers: number, label: string): Promise<number> {
  let created = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await store.create(`/registry/core/pods/${label}/w${writer}-${i}`, podObject(label, `w${writer}-${i}`));
        created++;
      }
    }),
  );
  return Math.round(created / ((performance.now() - started) / 1000));
}

async function main(): Promise<void> {
  const path = await mkdtemp(join(tmpdir(), 'vkube-bench-'));
  try {
    let store = await openLevelStore({ path, compactIntervalMs: 0 });
    const createsPerSecond1 = await createThroughput(store, 1, 'throughput-1');
    const createsPerSecond32 = await createThroughput(store, 32, 'throughput-32');
    const watching = new AbortController();
    setMaxListeners(0, watching.signal); // 100 watches share one signal on purpose
    let delivered = 0;
    const watchers = Array.from({ length: 100 }, async () => {
      for await (const _event of store.watch('/registry/core/pods/', { fromRevision: store.currentRevision(), signal: watching.signal })) delivered++;
    });
    const createsPerSecond32Watched = await createThroughput(store, 32, 'throughput-32-watched');
    watching.abort();
    await Promise.all(watchers);

    // 10k pods in one namespace, plus as many in neighbouring namespaces the list must skip.
    const fillStarted = performance.now();
    for (const namespace of ['bench', 'bench-a', 'other']) {
      for (let start = 0; start < PODS; start += 256) {
        const batch = [];
        for (let i = start; i < Math.min(PODS, start + 256); i++) {
          batch.push(store.create(`/registry/core/pods/${namespace}/pod-${i}`, podObject(namespace, `pod-${i}`)));
        }
        await Promise.all(batch);
      }
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;

    const getLatencies: number[] = [];
    const getStarted = performance.now();
    for (let i = 0; i < 100_000; i++) {
      const key = `/registry/core/pods/bench/pod-${(i * 7919) % PODS}`;
      const t0 = performance.now();
      await store.get(key);
      getLatencies.push(performance.now() - t0);
    }
    const getsPerSecond = Math.round(100_000 / ((performance.now() - getStarted) / 1000));
    getLatencies.sort((a, b) => a - b);

    const listLatencies: number[] = [];
    let listed = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      listed = (await store.list('/registry/core/pods/bench/')).items.length;
      listLatencies.push(performance.now() - t0);
    }
    listLatencies.sort((a, b) => a - b);

    const pageStarted = performance.now();
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await store.list('/registry/core/pods/bench/', { limit: 500, continue: token });
      token = page.continue;
      pages++;
    } while (token !== undefined);
    const pagedListMs = performance.now() - pageStarted;

    const keys = store.size();
    const revision = store.currentRevision();
    await store.close();
    const reopenStarted = performance.now();
    store = await openLevelStore({ path, compactIntervalMs: 0 });
    const reopenMs = performance.now() - reopenStarted;
    await store.close();

    console.log(
      JSON.stringify(
        {
          durableCreatesPerSecond: {
            writers1: createsPerSecond1,
            writers32: createsPerSecond32,
            writers32With100Watchers: createsPerSecond32Watched,
            eventsDelivered: delivered,
          },
          fill: { pods: PODS * 3, seconds: round(fillSeconds) },
          get: { count: 100_000, perSecond: getsPerSecond, p50Ms: round(percentile(getLatencies, 50)), p99Ms: round(percentile(getLatencies, 99)) },
          list: { items: listed, keysInStore: keys, p50Ms: round(percentile(listLatencies, 50)), maxMs: round(listLatencies[listLatencies.length - 1]!) },
          pagedList: { limit: 500, pages, totalMs: round(pagedListMs) },
          reopen: { keys, revision, ms: round(reopenMs) },
        },
        null,
        2,
      ),
    );
  } finally {
    await rm(path, { recursive: true, force: true });
  }
}

await main();
