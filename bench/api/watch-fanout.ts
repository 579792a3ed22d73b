/**
 * Watch fan-out: W watchers on one namespace's configmaps while a few writers create E configmaps.
 * Every watcher must receive every ADDED event. Delivery latency runs from the moment the create
 * request is sent to the moment a watcher reads the event line, so it includes the write itself.
 */
import type { ClientRequest } from 'node:http';
import { Agent, request } from 'node:https';
import type { BenchClient } from './client.js';
import { configMapManifest } from './fixtures.js';
import { round, runBounded, summarize } from './stats.js';

export interface FanoutOptions {
  namespace: string;
  watchers: number;
  events: number;
  writers: number;
  /** How long to wait for stragglers after the last write answered. */
  drainTimeoutMs: number;
}

export interface FanoutResult {
  watchers: number;
  events_written: number;
  writers: number;
  writes_per_s: number;
  events_expected: number;
  events_delivered: number;
  complete: boolean;
  events_per_s: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
  latency_max_ms: number;
  latency_from: string;
}

/** Pulls `"name":"…"` out of a watch line's object metadata without a full JSON.parse per line. */
export function eventObjectName(line: string): string | undefined {
  const metadata = line.indexOf('"metadata":{');
  if (metadata < 0) return undefined;
  const key = line.indexOf('"name":"', metadata);
  if (key < 0) return undefined;
  const start = key + 8;
  const end = line.indexOf('"', start);
  return end < 0 ? undefined : line.slice(start, end);
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

export async function measureWatchFanout(client: BenchClient, options: FanoutOptions): Promise<FanoutResult> {
  const { namespace, watchers, events, writers } = options;
  const collection = `/api/v1/namespaces/${namespace}/configmaps`;
  const listed = JSON.parse(await client.expect(200, 'GET', collection)) as { metadata: { resourceVersion: string } };
  const fromRevision = listed.metadata.resourceVersion;

  const sentAt = new Map<string, number>();
  const latenciesMs: number[] = [];
  const warmedUp = new Array<boolean>(watchers).fill(false);
  let delivered = 0;
  let lastDelivery = 0;
  let streamError: Error | undefined;
  const agent = new Agent({ keepAlive: false, maxSockets: watchers + 1, ca: client.credentials.ca, cert: client.credentials.cert, key: client.credentials.key });
  const requests: ClientRequest[] = [];

  const onLine = (watcher: number, line: string): void => {
    const now = performance.now();
    if (!line.startsWith('{"type":"ADDED"')) return;
    const name = eventObjectName(line);
    if (name === 'warmup') {
      warmedUp[watcher] = true;
      return;
    }
    const sent = name === undefined ? undefined : sentAt.get(name);
    if (sent === undefined) return;
    delivered++;
    lastDelivery = now;
    latenciesMs.push(now - sent);
  };

  for (let w = 0; w < watchers; w++) {
    const req = request(
      { agent, host: client.credentials.host, port: client.credentials.port, method: 'GET', path: `${collection}?watch=1&resourceVersion=${fromRevision}&timeoutSeconds=600`, headers: { Accept: 'application/json' } },
      (res) => {
        if (res.statusCode !== 200) streamError ??= new Error(`watch ${w}: HTTP ${res.statusCode}`);
        res.setEncoding('utf8');
        let pending = '';
        res.on('data', (chunk: string) => {
          pending += chunk;
          let newline = pending.indexOf('\n');
          while (newline >= 0) {
            onLine(w, pending.slice(0, newline));
            pending = pending.slice(newline + 1);
            newline = pending.indexOf('\n');
          }
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', (err) => {
      if (!req.destroyed) streamError ??= err;
    });
    req.end();
    requests.push(req);
  }

  try {
    // The warm-up event proves every watch is registered before timing starts; watches opened at
    // `fromRevision` replay it even if they register after the write.
    await client.expect(201, 'POST', collection, configMapManifest(namespace, 'warmup', 0));
    if (!(await until(() => warmedUp.every(Boolean) || streamError !== undefined, 60_000))) {
      throw new Error(`only ${warmedUp.filter(Boolean).length}/${watchers} watchers saw the warm-up event within 60 s`);
    }
    if (streamError) throw streamError;

    const started = performance.now();
    const writes = await runBounded(events, writers, async (i) => {
      const name = `event-${i.toString().padStart(6, '0')}`;
      sentAt.set(name, performance.now());
      await client.expect(201, 'POST', collection, configMapManifest(namespace, name, i));
    });
    const expected = events * watchers;
    const complete = await until(() => delivered >= expected || streamError !== undefined, options.drainTimeoutMs);
    if (streamError) throw streamError;
    const latency = summarize(latenciesMs, 1);
    return {
      watchers,
      events_written: events,
      writers,
      writes_per_s: round((events * 1000) / writes.elapsedMs, 1),
      events_expected: expected,
      events_delivered: delivered,
      complete,
      events_per_s: round((delivered * 1000) / Math.max(1, lastDelivery - started), 1),
      latency_p50_ms: latency.p50_ms,
      latency_p99_ms: latency.p99_ms,
      latency_max_ms: latency.max_ms,
      latency_from: 'create request sent -> event line read by the watcher',
    };
  } finally {
    for (const req of requests) req.destroy();
    agent.destroy();
  }
}
