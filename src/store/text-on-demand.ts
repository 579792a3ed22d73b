/**
 * Entries that keep their managedFields (decoded, or as their own text) instead of the object's
 * JSON text, for keys whose objects grow with the workload and are mostly read decoded (serve uses
 * it for events; at 10,000 pods the pods' and events' texts were 63 MB of the store's 73). The
 * text is printed again when someone reads `raw` (a GET, LIST or watch, a change-log record of an
 * update or delete) and kept a while among the recently printed ones.
 *
 * The view is what `raw` says less managedFields, in the same key order, so the whole object is the
 * view with managedFields put back at their place in metadata, and `JSON.stringify` of it is the
 * persisted text again (the text was printed by `JSON.stringify` of that same object, or parsed from
 * such text).
 */
import { GenerationalTable } from './generational-table.js';
import { internStrings } from './interned-strings.js';
import { deepFreeze } from './json-clone.js';
import type { StoreEntry, StoredObject } from './types.js';

export class TextOnDemandEntry<T extends StoredObject = StoredObject> implements StoreEntry<T> {
  constructor(
    readonly key: string,
    readonly revision: number,
    readonly createRevision: number,
    readonly view: T,
    /** metadata.managedFields: decoded (shared, never changed) or as their JSON text. */
    private readonly managedFields: unknown,
    /** Where they were among metadata's keys. */
    private readonly managedFieldsAt: number,
    /** The length of the text, for the change log's ring budget. */
    readonly textLength: number,
  ) {}

  get raw(): string {
    let text = recentlyPrinted.get(this);
    if (text === undefined) {
      text = JSON.stringify(this.whole());
      remember(this, text);
    }
    return text;
  }

  /** The whole object: the view with managedFields back in metadata (shares the view's members). */
  whole(): T {
    const metadata = this.view.metadata ?? {};
    const members = Object.entries(metadata);
    const managedFields = this.managedFields instanceof ManagedFieldsText ? JSON.parse(this.managedFields.text) : this.managedFields;
    members.splice(this.managedFieldsAt, 0, ['managedFields', managedFields]);
    // fromEntries defines members (a key named __proto__ stays a member, as JSON.parse made it).
    return { ...this.view, metadata: Object.fromEntries(members) };
  }
}

/**
 * The texts of the entries written or read last, up to this many characters: a write's text is
 * read again at once (the response, the disk batch, every watcher it is sent to, the next GET of
 * the same object), and each print costs a decode of the managedFields and a JSON.stringify (about
 * 35 µs for a 3.3 KB pod).
 */
const RECENT_TEXT_BUDGET = 4 * 1024 * 1024;
const recentlyPrinted = new Map<TextOnDemandEntry, string>();
let recentCharacters = 0;

function remember(entry: TextOnDemandEntry, text: string): void {
  recentlyPrinted.set(entry, text);
  recentCharacters += text.length;
  // Map iteration is insertion order: the oldest go first. The newest always stays.
  for (const [oldest, oldText] of recentlyPrinted) {
    if (recentCharacters <= RECENT_TEXT_BUDGET || oldest === entry) break;
    recentlyPrinted.delete(oldest);
    recentCharacters -= oldText.length;
  }
}

/**
 * The entry for `stamped` (the object as persisted, printed as `raw`) and its `view`: one that
 * prints its text on demand when the object has managedFields (otherwise the view is the whole
 * object and the text is kept: there is nothing to save). `stamped`'s managedFields must be the
 * store's own (copied or handed over), as the view is.
 *
 * managedFields are kept decoded when every `fieldsV1` tree in them is one already shared (an
 * event's, the same for all the syncer mirrors), and as their JSON text otherwise: a pod's trees
 * name its volumes and IPs, so no two pods share one, and decoded they weigh 2.6 times their text
 * (10,000 pods: 43 MB decoded, against ~16.5 MB of text: the pods' texts were 41.8 MB with them
 * and 25.3 MB without; bench/sync --heap-snapshot-dir).
 */
export function textOnDemandEntry(key: string, revision: number, createRevision: number, view: StoredObject, stamped: StoredObject, raw: string): StoreEntry {
  const metadata = stamped.metadata;
  const managedFields = metadata?.managedFields;
  if (metadata === undefined || managedFields === undefined) return { key, revision, createRevision, raw, view };
  let kept: unknown;
  // Stops at the first tree not shared: a pod's are each its own, and looking one up prints it.
  if (Array.isArray(managedFields) && managedFields.every(shareFieldSet)) {
    internStrings(managedFields);
    kept = managedFields;
  } else {
    kept = new ManagedFieldsText(JSON.stringify(managedFields));
  }
  const entry = new TextOnDemandEntry(key, revision, createRevision, view, kept, Object.keys(metadata).indexOf('managedFields'), raw.length);
  remember(entry, raw);
  return entry;
}

/** managedFields kept as JSON text (a class, so that it cannot be mistaken for a string member). */
class ManagedFieldsText {
  constructor(readonly text: string) {}
}

/**
 * One copy of each `fieldsV1` tree seen more than once, frozen; a tree seen once is remembered by
 * its text only, so unique trees (pods') are not kept decoded here. Bounded by generations, as
 * interned strings are.
 */
const fieldSets = new GenerationalTable<string, object | null>(1024);

/** Replaces `managed.fieldsV1` by the shared tree; false when there is none (yet) for it. */
function shareFieldSet(managed: unknown): boolean {
  if (typeof managed !== 'object' || managed === null) return false;
  const entry = managed as { fieldsV1?: unknown };
  const fields = entry.fieldsV1;
  if (typeof fields !== 'object' || fields === null) return fields === undefined;
  if (Object.isFrozen(fields)) return true;
  const text = JSON.stringify(fields);
  // `has`, not `??`: a tree seen once is remembered as null.
  if (!fieldSets.has(text)) {
    fieldSets.set(text, null);
    return false;
  }
  let shared = fieldSets.get(text)!;
  // Seen once before: from now on it is shared.
  if (shared === null) fieldSets.set(text, (shared = deepFreeze(fields)));
  entry.fieldsV1 = shared;
  return true;
}

/** How long `raw` is, without printing it for entries that print on demand. */
export function textLength(entry: StoreEntry): number {
  return entry instanceof TextOnDemandEntry ? entry.textLength : entry.raw.length;
}

/** Whether reading `raw` prints it (a caller caching its bytes would keep what the entry saves). */
export function printsTextOnDemand(entry: StoreEntry): boolean {
  return entry instanceof TextOnDemandEntry;
}
