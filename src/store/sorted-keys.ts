/**
 * A sorted set of strings kept as a list of sorted chunks, so inserts and deletes move at most
 * one chunk (≤ CHUNK_MAX keys) instead of the whole array, while prefix scans stay a binary
 * search plus a sequential walk. At 100k keys that is ~200 chunks: cheap to search and to rank.
 */
const CHUNK_MAX = 512;

export class SortedKeys {
  private chunks: string[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Builds the set from keys that are already sorted and unique (the load path). */
  static fromSorted(keys: readonly string[]): SortedKeys {
    const set = new SortedKeys();
    const half = CHUNK_MAX / 2;
    for (let start = 0; start < keys.length; start += half) set.chunks.push(keys.slice(start, start + half));
    set.count = keys.length;
    return set;
  }

  /** Inserts `key`; returns false if it was already present. */
  insert(key: string): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.count = 1;
      return true;
    }
    const chunkIndex = Math.min(this.chunkFor(key), this.chunks.length - 1);
    const chunk = this.chunks[chunkIndex]!;
    const position = lowerBound(chunk, key);
    if (chunk[position] === key) return false;
    chunk.splice(position, 0, key);
    this.count++;
    if (chunk.length > CHUNK_MAX) this.chunks.splice(chunkIndex + 1, 0, chunk.splice(chunk.length >> 1));
    return true;
  }

  /** Removes `key`; returns false if it was absent. */
  delete(key: string): boolean {
    const chunkIndex = this.chunkFor(key);
    const chunk = this.chunks[chunkIndex];
    if (chunk === undefined) return false;
    const position = lowerBound(chunk, key);
    if (chunk[position] !== key) return false;
    chunk.splice(position, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(chunkIndex, 1);
    return true;
  }

  /** Keys ≥ `from` (or > `from` when `exclusive`), in order. */
  *from(from: string, exclusive = false): Generator<string> {
    let chunkIndex = this.chunkFor(from);
    if (chunkIndex >= this.chunks.length) return;
    let position = exclusive ? upperBound(this.chunks[chunkIndex]!, from) : lowerBound(this.chunks[chunkIndex]!, from);
    for (; chunkIndex < this.chunks.length; chunkIndex++, position = 0) {
      const chunk = this.chunks[chunkIndex]!;
      for (; position < chunk.length; position++) yield chunk[position]!;
    }
  }

  /** How many keys sort before `key` (strictly less). */
  rank(key: string): number {
    const chunkIndex = this.chunkFor(key);
    let before = 0;
    for (let i = 0; i < chunkIndex && i < this.chunks.length; i++) before += this.chunks[i]!.length;
    const chunk = this.chunks[chunkIndex];
    return chunk === undefined ? before : before + lowerBound(chunk, key);
  }

  /** Index of the first chunk whose last key is ≥ `key` (chunks.length if none). */
  private chunkFor(key: string): number {
    let low = 0;
    let high = this.chunks.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const chunk = this.chunks[middle]!;
      if (chunk[chunk.length - 1]! < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

function upperBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}
