import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialsFromKubeconfig } from './client.js';
import { configMapManifest, podManifest, runningPodStatus, staticDocument } from './fixtures.js';
import { summariseProfile } from './profile-summary.js';
import { atLeast, below, percentile, runBounded, summarize } from './stats.js';
import { eventObjectName } from './watch-fanout.js';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises throughput from the elapsed time, not the sum of latencies', () => {
    const s = summarize([3, 1, 2, 4], 2000);
    expect(s).toMatchObject({ count: 4, rps: 2, p50_ms: 2, p99_ms: 4, max_ms: 4 });
  });

  it('runs exactly `total` operations with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const run = await runBounded(50, 4, async (index) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      seen.push(index);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    expect(run.latenciesMs).toHaveLength(50);
    expect(peak).toBe(4);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('stops every worker at the first failure and rethrows it', async () => {
    let started = 0;
    const failing = runBounded(1000, 3, async (index) => {
      started++;
      await new Promise((r) => setImmediate(r));
      if (index === 5) throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(started).toBeLessThan(20);
  });

  it('checks targets strictly for "under" and inclusively for "at least"', () => {
    expect(below(2, 1.99, 'ms').met).toBe(true);
    expect(below(2, 2, 'ms').met).toBe(false);
    expect(below(2, Number.NaN, 'ms').met).toBe(false);
    expect(atLeast(5000, 5000, 'GET/s').met).toBe(true);
    expect(atLeast(5000, 4999.9, 'GET/s')).toEqual({ target: '>= 5000 GET/s', value: 4999.9, met: false });
  });
});

describe('fixtures', () => {
  it('builds a realistic pod of a few KB once it has a status', () => {
    const pod = { ...podManifest('ns', 'p-1'), status: runningPodStatus(300) };
    const bytes = JSON.stringify(pod).length;
    expect(bytes).toBeGreaterThan(1500);
    expect(bytes).toBeLessThan(3500);
    expect(pod.status).toMatchObject({ phase: 'Running', podIP: '10.244.1.44' });
  });

  it('serves a static reference document of exactly 1 KB', () => {
    const doc = staticDocument();
    expect(Buffer.byteLength(doc)).toBe(1024);
    expect(JSON.parse(doc)).toMatchObject({ kind: 'ConfigMap' });
  });

  it('changes configmap data with the generation so every update is a real change', () => {
    expect(configMapManifest('ns', 'a', 1)).not.toEqual(configMapManifest('ns', 'a', 2));
  });
});

describe('watch line parsing', () => {
  it('finds the object name in metadata, not an earlier "name" key', () => {
    const line = JSON.stringify({ type: 'ADDED', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'event-000001', namespace: 'w', labels: { name: 'other' } }, data: { name: 'x' } } });
    expect(eventObjectName(line)).toBe('event-000001');
    expect(eventObjectName('{"type":"ADDED","object":{"kind":"X"}}')).toBeUndefined();
  });
});

describe('kubeconfig', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const write = async (server: string): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-kc-'));
    const file = join(dir, 'kubeconfig.yaml');
    await writeFile(file, [
      'apiVersion: v1', 'kind: Config',
      'clusters:', `  - name: c`, `    cluster: {server: "${server}", certificate-authority-data: ${b64('CA')}}`,
      'users:', '  - name: u', `    user: {client-certificate-data: ${b64('CERT')}, client-key-data: ${b64('KEY')}}`,
    ].join('\n'));
    return file;
  };

  it('reads the server address and decodes the admin credentials', async () => {
    expect(await credentialsFromKubeconfig(await write('https://127.0.0.1:6443'))).toEqual({ host: '127.0.0.1', port: 6443, ca: 'CA', cert: 'CERT', key: 'KEY' });
  });

  it('refuses to drive anything but 127.0.0.1', async () => {
    await expect(credentialsFromKubeconfig(await write('https://10.0.0.5:6443'))).rejects.toThrow('127.0.0.1');
  });
});

describe('profile summary', () => {
  it('splits self and inclusive time and can restrict to one subtree', () => {
    const frame = (functionName: string) => ({ functionName, url: 'file:///work/main/src/x.ts', lineNumber: 0 });
    const profile = {
      startTime: 0,
      endTime: 10_000, // 10 ms in microseconds, 10 samples
      nodes: [
        { id: 1, callFrame: frame('(root)'), hitCount: 0, children: [2, 4] },
        { id: 2, callFrame: frame('handleList'), hitCount: 2, children: [3] },
        { id: 3, callFrame: frame('renderList'), hitCount: 5 },
        { id: 4, callFrame: frame('handleGet'), hitCount: 3 },
      ],
    };
    const all = summariseProfile(profile);
    expect(all.inclusive.get('handleList src/x.ts:1')).toBeCloseTo(7);
    expect(all.self.get('handleList src/x.ts:1')).toBeCloseTo(2);
    const list = summariseProfile(profile, 'handleList');
    expect(list.self.get('handleGet src/x.ts:1')).toBe(0);
    expect(list.inclusive.get('(root) src/x.ts:1')).toBeCloseTo(7);
  });
});
