import type { Level } from 'level';
import { describe, expect, it } from 'vitest';
import { ChangeLog } from '../../src/store/change-log.js';
import { CommitQueue } from '../../src/store/commit-queue.js';
import { EventHub } from '../../src/store/event-hub.js';
import { MemoryIndex } from '../../src/store/memory-index.js';
import { expectStoreError, pod } from './conformance.js';

/** Just enough of a LevelDB handle for the commit queue: batches that we fail on demand. */
class FlakyDatabase {
  batches = 0;
  failNext = false;
  async batch(): Promise<void> {
    this.batches++;
    if (this.failNext) throw new Error('EIO: disk went away');
  }
}

function queueOver(database: FlakyDatabase): { queue: CommitQueue; index: MemoryIndex; hub: EventHub } {
  const db = database as unknown as Level<string, string>;
  const index = new MemoryIndex();
  const hub = new EventHub(100);
  const queue = new CommitQueue(db, index, new ChangeLog(db, 10, 0), hub, { now: () => 0 }, 0);
  return { queue, index, hub };
}

describe('CommitQueue', () => {
  it('groups concurrent writes into few batches', async () => {
    const database = new FlakyDatabase();
    const { queue } = queueOver(database);
    await Promise.all(Array.from({ length: 100 }, (_, i) => queue.create(`/k/${i}`, pod(`p${i}`))));
    expect(database.batches).toBeLessThanOrEqual(2);
    expect(queue.committedRevision()).toBe(100);
  });

  it('fails the store when a batch write fails: rejects pending writes, later writes and watchers', async () => {
    const database = new FlakyDatabase();
    const { queue, index, hub } = queueOver(database);
    await queue.create('/k/ok', pod('ok'));
    const watcher = hub.subscribe('/k/', queue.committedRevision());
    database.failNext = true;
    const doomed = [queue.create('/k/a', pod('a')), queue.update('/k/ok', pod('ok', { spec: { x: 1 } }))];
    for (const write of doomed) await expectStoreError(write, 'Closed');
    await expectStoreError(queue.create('/k/b', pod('b')), 'Closed');
    await expectStoreError(watcher.next(), 'Closed');
    expect(queue.failed()?.cause).toBeInstanceOf(Error);
    expect(index.get('/k/a')).toBeUndefined();
    expect(queue.committedRevision()).toBe(1);
  });
});
