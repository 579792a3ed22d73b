/**
 * A map bounded by generations: lookups see the current and the previous generation; when the
 * current one is full it becomes the previous one and the oldest is dropped. What recurs survives
 * (a hit in the previous generation is copied into the current one); what does not passes through
 * without piling up. For the tables that share common values (interned-strings.ts, text-on-demand.ts).
 */
export class GenerationalTable<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly generationSize: number) {}

  has(key: K): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  /** The value for `key` (undefined when absent), kept in the current generation. */
  get(key: K): V | undefined {
    if (this.current.has(key)) return this.current.get(key);
    if (!this.previous.has(key)) return undefined;
    const value = this.previous.get(key)!;
    this.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (!this.current.has(key) && this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }

  /** Keys held now, both generations (for tests). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
