/**
 * Lists at a past revision: take the current entries under the prefix and undo every change
 * newer than the revision. For each key, the first change after the revision carries the state
 * the key had at that revision (its `prev`, or nothing if the change created the key).
 */
import type { ChangeLog } from './change-log.js';
import type { MemoryIndex } from './memory-index.js';
import type { StoreEntry } from './types.js';

export async function listAtRevision(
  index: MemoryIndex,
  changeLog: ChangeLog,
  prefix: string,
  revision: number,
  currentRevision: number,
): Promise<StoreEntry[]> {
  // Both captured in the same tick, so they describe the same (current) revision.
  const currentItems = index.all(prefix);
  const newer = changeLog.history(revision, currentRevision, prefix);
  const stateAtRevision = new Map<string, StoreEntry | null>();
  for await (const event of newer) {
    if (!stateAtRevision.has(event.key)) stateAtRevision.set(event.key, event.prev ?? null);
  }
  if (stateAtRevision.size === 0) return currentItems;
  const items = currentItems.filter((entry) => !stateAtRevision.has(entry.key));
  for (const entry of stateAtRevision.values()) if (entry !== null) items.push(entry);
  return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
