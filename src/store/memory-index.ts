/**
 * The committed (durable) state in memory: key → entry for gets, plus the sorted key set for
 * prefix lists. Only the commit queue mutates it, and only after the LevelDB batch is on disk.
 */
import { SortedKeys } from './sorted-keys.js';
import type { StoreEntry } from './types.js';

export interface PrefixPage {
  items: StoreEntry[];
  /** Items under the prefix after this page (0 when the page reached the end). */
  remaining: number;
}

export class MemoryIndex {
  private readonly entries: Map<string, StoreEntry>;
  private readonly keys: SortedKeys;

  constructor(entries: readonly StoreEntry[] = []) {
    // LevelDB hands them over in byte order, which is already key order for practical keys.
    const sorted = isSortedByKey(entries) ? entries : [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.entries = new Map(sorted.map((entry) => [entry.key, entry]));
    this.keys = SortedKeys.fromSorted(sorted.map((entry) => entry.key));
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): StoreEntry | undefined {
    return this.entries.get(key);
  }

  set(entry: StoreEntry): void {
    if (!this.entries.has(entry.key)) this.keys.insert(entry.key);
    this.entries.set(entry.key, entry);
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.keys.delete(key);
  }

  /**
   * Entries under `prefix`, after `afterKey` when given, at most `limit` of them (0: all).
   * The remaining count comes from ranks, so it costs two binary searches, not a scan.
   */
  page(prefix: string, afterKey: string | undefined, limit: number): PrefixPage {
    const items: StoreEntry[] = [];
    const start = afterKey !== undefined && afterKey >= prefix ? afterKey : prefix;
    let lastKey: string | undefined;
    for (const key of this.keys.from(start, start === afterKey)) {
      if (!key.startsWith(prefix)) break;
      if (limit > 0 && items.length === limit) {
        const end = this.keys.rank(prefix + '\uffff');
        return { items, remaining: end - this.keys.rank(lastKey!) - 1 };
      }
      items.push(this.entries.get(key)!);
      lastKey = key;
    }
    return { items, remaining: 0 };
  }

  /** Every entry under `prefix`, in key order. */
  all(prefix: string): StoreEntry[] {
    return this.page(prefix, undefined, 0).items;
  }
}

function isSortedByKey(entries: readonly StoreEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i - 1]!.key >= entries[i]!.key) return false;
  return true;
}
