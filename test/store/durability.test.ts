import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openLevelStore } from '../../src/store/level-store.js';
import type { StoreEvent } from '../../src/store/types.js';

const WRITER = join(import.meta.dirname, 'fixtures', 'durable-writer.ts');
const ROUNDS = 4;
const ACKS_BEFORE_KILL = 400;

interface Acknowledged {
  creates: Map<string, number>;
  /** Highest acknowledged sequence per counter key. */
  updates: Map<string, { revision: number; sequence: number }>;
  startRevision: number;
}

/** Runs the writer until it has acknowledged enough writes, then kill -9s it. */
async function runAndKill(path: string, round: number): Promise<Acknowledged> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, String(round), '16'], {
    cwd: join(import.meta.dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const acknowledged: Acknowledged = { creates: new Map(), updates: new Map(), startRevision: -1 };
  let acks = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [kind, key, revision, sequence] = line.split(' ');
    if (kind === 'ready') acknowledged.startRevision = Number(key);
    else if (kind === 'create') acknowledged.creates.set(key!, Number(revision));
    else if (kind === 'update') acknowledged.updates.set(key!, { revision: Number(revision), sequence: Number(sequence) });
    if (kind !== 'ready' && ++acks === ACKS_BEFORE_KILL) child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  return acknowledged;
}

describe('durability under kill -9', () => {
  let path = '';
  afterAll(async () => {
    if (path !== '') await rm(path, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, with consistent revisions, across repeated crashes', async () => {
    path = await mkdtemp(join(tmpdir(), 'vkube-durability-'));
    let previousRevision = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const acknowledged = await runAndKill(path, round);
      expect(acknowledged.startRevision).toBe(previousRevision);
      expect(acknowledged.creates.size).toBeGreaterThan(ACKS_BEFORE_KILL / 2);
      const store = await openLevelStore({ path, compactIntervalMs: 0 });
      try {
        for (const [key, revision] of acknowledged.creates) {
          const entry = await store.get(key);
          expect(entry?.revision, key).toBe(revision);
          expect(entry?.view.metadata?.resourceVersion).toBe(String(revision));
          expect((entry?.view as { data?: { round?: string } }).data?.round).toBe(String(round));
        }
        for (const [key, { revision, sequence }] of acknowledged.updates) {
          const entry = await store.get<{ sequence: number }>(key);
          expect(entry!.revision).toBeGreaterThanOrEqual(revision);
          expect(entry!.view.sequence).toBeGreaterThanOrEqual(sequence);
        }
        const all = await store.list('/registry/');
        const revisions = all.items.map((item) => item.revision);
        expect(new Set(revisions).size).toBe(revisions.length);
        expect(Math.max(...revisions)).toBe(store.currentRevision());
        // The change log is gap-free and agrees with the data.
        const controller = new AbortController();
        const history: StoreEvent[] = [];
        if (store.currentRevision() > previousRevision) {
          for await (const event of store.watch('/registry/', { fromRevision: previousRevision, signal: controller.signal })) {
            history.push(event);
            if (event.revision === store.currentRevision()) break;
          }
        }
        controller.abort();
        expect(history.map((event) => event.revision)).toEqual(
          Array.from({ length: store.currentRevision() - previousRevision }, (_, i) => previousRevision + 1 + i),
        );
        for (const item of all.items) expect(item.revision).toBeLessThanOrEqual(store.currentRevision());
        previousRevision = store.currentRevision();
      } finally {
        await store.close();
      }
    }
  });
});
