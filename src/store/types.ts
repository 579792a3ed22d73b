/**
 * The store contract. Every engine (LevelDB embedded, etcd later) implements `Store` and passes
 * the conformance suite in test/store/conformance.ts.
 *
 * Keys follow kube-apiserver's etcd layout: `/registry/<group or "core">/<resource>/<ns>/<name>`
 * (cluster-scoped objects have no namespace segment). Values are JSON objects (Kubernetes objects).
 *
 * Revisions are the store's global, monotonic counter (etcd's mod_revision). Every write bumps it
 * by one. The store writes `metadata.resourceVersion = String(revision)` into the object it persists,
 * so `raw` (the JSON text) can be served as is, without re-serialisation. (An engine may print
 * `raw` again on demand for keys read rarely: text-on-demand.ts.)
 */
import { TextOnDemandEntry } from './text-on-demand.js';

/** A JSON object as the store sees it: only metadata.resourceVersion is touched by the store. */
export interface StoredObject {
  metadata?: { resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface StoreEntry<T extends StoredObject = StoredObject> {
  key: string;
  /** Revision of the last write to this key (mod_revision); equals view.metadata.resourceVersion. */
  revision: number;
  /** Revision at which this key was created (create_revision). */
  createRevision: number;
  /**
   * The stored object without `metadata.managedFields`: what selectors, controllers, the syncer and
   * the informer caches read. Callers must treat it as immutable (it is shared with the caches).
   * managedFields are over half of a decoded pod and only writes and what is served to clients
   * need them, so they are kept only in `raw`: `wholeObject(entry)` decodes the whole object.
   */
  view: T;
  /** The JSON text of the whole object (managedFields included), exactly as persisted. */
  raw: string;
}

/**
 * The whole stored object, managedFields included (the view itself when `raw` holds none).
 * Treat it as immutable. Decodes `raw`, so a caller that reads it more than once keeps the result.
 */
export function wholeObject<T extends StoredObject>(entry: StoreEntry<T>): T {
  if (entry instanceof TextOnDemandEntry) return entry.whole() as T;
  // `"managedFields":` can only appear in JSON text as a key (a quote inside a string is escaped);
  // a key of that name elsewhere in the object only costs a decode.
  return entry.raw.includes('"managedFields":') ? (JSON.parse(entry.raw) as T) : entry.view;
}

/**
 * `object` without `metadata.managedFields` (top level and metadata shallow-copied; `object` itself
 * when it has none): the view of an object about to be stored.
 */
export function viewOf<T extends StoredObject>(object: T): T {
  const metadata = object.metadata;
  if (metadata === undefined || !('managedFields' in metadata)) return object;
  const { managedFields: _managedFields, ...rest } = metadata;
  return { ...object, metadata: rest };
}

export interface ListOptions {
  /** Page size; 0 or undefined means everything. */
  limit?: number;
  /** Opaque token from a previous page's `continue`. Pages of one list share one revision. */
  continue?: string;
  /**
   * List the state as of this revision (must be inside the retained window, else StoreError
   * 'Expired'; a revision above currentRevision() is also rejected with 'Expired', so callers
   * wanting upstream's "too large resource version" answer check that first).
   * Undefined or 0: the current state. Ignored when `continue` is given (the token has its own).
   */
  revision?: number;
}

export interface ListResult<T extends StoredObject = StoredObject> {
  items: StoreEntry<T>[];
  /** The revision this list reflects (use as the list's metadata.resourceVersion). */
  revision: number;
  /** Token for the next page, when `limit` cut the list short. */
  continue?: string;
  /** How many items remain after this page (when known). */
  remainingItemCount?: number;
}

export type StoreEventType = 'put' | 'delete';

export interface StoreEvent<T extends StoredObject = StoredObject> {
  type: StoreEventType;
  key: string;
  revision: number;
  /** For 'put': the new entry. For 'delete': the entry as it was when deleted (revision = delete revision). */
  entry: StoreEntry<T>;
  /** The previous entry, if the key existed before this event (needed for selector transitions). */
  prev?: StoreEntry<T>;
}

export interface WatchOptions {
  /** Deliver events with revision > fromRevision. Older than the retained window: StoreError 'Expired'. */
  fromRevision: number;
  signal: AbortSignal;
}

/** How a create or update hands its object to the store. */
export interface PutOptions {
  /**
   * The caller hands `object` over instead of lending it: the store keeps it as the entry's view
   * (resourceVersion is stamped on a shallow copy of its top level and metadata, managedFields
   * left out) rather than a deep copy. The caller must never change it, or anything in it, again, and it must be plain JSON:
   * what `JSON.parse(JSON.stringify(object))` gives back. Saves a deep copy per write; the registry
   * hands over the private copy each write builds.
   */
  adopt?: boolean;
}

export interface Store {
  /** The revision of the last acknowledged (durable) write. */
  currentRevision(): number;
  get<T extends StoredObject>(key: string): Promise<StoreEntry<T> | undefined>;
  /** Entries whose key starts with `prefix`, sorted by key. */
  list<T extends StoredObject>(prefix: string, options?: ListOptions): Promise<ListResult<T>>;
  /** Fails with 'KeyExists' if present. Resolves once durable. */
  create<T extends StoredObject>(key: string, object: T, options?: PutOptions): Promise<StoreEntry<T>>;
  /**
   * Compare-and-swap: fails with 'NotFound' if absent, with 'Conflict' if `expectedRevision` is
   * given and differs from the current revision of the key. Resolves once durable.
   * An update that changes nothing (the JSON, with resourceVersion stamped, equals the stored
   * `raw`) is a no-op, as in kube-apiserver's etcd3 GuaranteedUpdate: it resolves with the
   * current entry, and there is no new revision and no watch event.
   */
  update<T extends StoredObject>(key: string, object: T, expectedRevision?: number, options?: PutOptions): Promise<StoreEntry<T>>;
  /** Same CAS rules as update. Resolves (once durable) with the entry as it was deleted. */
  delete<T extends StoredObject>(key: string, expectedRevision?: number): Promise<StoreEntry<T>>;
  /**
   * Events for keys under `prefix` with revision > fromRevision, in revision order, until the
   * signal aborts (the iterable then ends). Throws StoreError 'Expired' at once if fromRevision
   * is older than the retained window (fromRevision < oldestRetainedRevision()).
   * A running watch can also end by throwing 'Expired' (the watcher fell too far behind, or the
   * history it was replaying got compacted): the caller re-lists, like a client after a 410.
   * close() ends watches normally; a failed store ends them with 'Closed'.
   */
  watch<T extends StoredObject>(prefix: string, options: WatchOptions): AsyncIterable<StoreEvent<T>>;
  /** The oldest revision a watch or list can start from (history through it has been compacted). */
  oldestRetainedRevision(): number;
  close(): Promise<void>;
}

/** 'Closed': the store was closed, or failed (a durable write did not complete; see `cause`). */
export type StoreErrorCode = 'KeyExists' | 'NotFound' | 'Conflict' | 'Expired' | 'InvalidContinue' | 'Closed';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    readonly key: string,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? `${code}: ${key}`, options);
    this.name = 'StoreError';
  }
}
