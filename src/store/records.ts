/**
 * On-disk layout of the LevelDB engine and the encoding of its records.
 *
 * Keys (all UTF-8 strings, one LevelDB namespace):
 *   `d:<store key>`        the live object: `{"r":<revision>,"c":<createRevision>}\n<raw JSON>`
 *   `l:<16-digit revision>` one change-log record per revision (see LogRecord)
 *   `m:revision`           the last assigned revision, written in every batch
 *   `m:compacted`          the highest revision removed from the change log (0: none)
 *
 * Values are a small JSON header and then the raw object texts separated by '\n'. JSON.stringify
 * never emits a literal newline (it escapes them inside strings), so '\n' is a safe separator and
 * the raw texts are stored byte for byte, without being escaped into another JSON string.
 */
import { internStrings } from './interned-strings.js';
import { textOnDemandEntry } from './text-on-demand.js';
import { StoreError, viewOf, type StoreEntry, type StoreEvent, type StoredObject } from './types.js';

export const DATA_PREFIX = 'd:';
export const LOG_PREFIX = 'l:';
export const META_REVISION = 'm:revision';
export const META_COMPACTED = 'm:compacted';

/**
 * Options for every LevelDB read of the store: all are scans that read each record once (the live
 * data at open, the change log's history, compaction, the ring at open), and the index in memory is
 * the cache of what is read again. Blocks they pulled into LevelDB's block cache (8 MB by default)
 * would be kept in native memory for nothing.
 */
export const SCAN = { fillCache: false } as const;

/** LevelDB range bounds that cover every key starting with `prefix` (no key contains U+FFFF). */
export function prefixRange(prefix: string): { gte: string; lt: string } {
  return { gte: prefix, lt: prefix + '\uffff' };
}

export function dataKey(key: string): string {
  return DATA_PREFIX + key;
}

const REVISION_DIGITS = 16;

export function logKey(revision: number): string {
  return LOG_PREFIX + String(revision).padStart(REVISION_DIGITS, '0');
}

/** `raw`: the entry's text, when the caller has it already. */
export function encodeData(entry: StoreEntry, raw = entry.raw): string {
  return `{"r":${entry.revision},"c":${entry.createRevision}}\n${raw}`;
}

/** The view of a freshly decoded object, its common strings shared (interned-strings.ts). */
function viewOfDecoded(whole: StoredObject): StoredObject {
  const view = viewOf(whole);
  internStrings(view);
  return view;
}

function decodeView(raw: string): StoredObject {
  return viewOfDecoded(JSON.parse(raw) as StoredObject);
}

/** An entry read back from disk; `textOnDemand`: one that prints its text again when read (text-on-demand.ts). */
export function decodeData(key: string, value: string, textOnDemand = false): StoreEntry {
  const newline = value.indexOf('\n');
  const header = JSON.parse(value.slice(0, newline)) as { r: number; c: number };
  const raw = value.slice(newline + 1);
  if (!textOnDemand) return { key, revision: header.r, createRevision: header.c, raw, view: decodeView(raw) };
  const whole = JSON.parse(raw) as StoredObject;
  return textOnDemandEntry(key, header.r, header.c, viewOfDecoded(whole), whole, raw);
}

/**
 * A change-log record: enough to replay the event to watchers and to undo it when a list asks
 * for an older revision. For a delete, `raw` is the last object state re-stamped with the delete
 * revision (what watchers receive) and `prev*` is the state as it was before the delete.
 */
export interface LogRecord {
  type: StoreEvent['type'];
  key: string;
  revision: number;
  createRevision: number;
  raw: string;
  prevRaw?: string;
  prevRevision?: number;
  prevCreateRevision?: number;
  /** Wall-clock time of the commit (ms), for time-based compaction. */
  time: number;
}

interface LogHeader {
  t: 'p' | 'd';
  k: string;
  c: number;
  pr?: number;
  pc?: number;
  ts: number;
}

export function encodeLog(record: LogRecord): string {
  const header: LogHeader = { t: record.type === 'put' ? 'p' : 'd', k: record.key, c: record.createRevision, ts: record.time };
  if (record.prevRaw !== undefined) {
    header.pr = record.prevRevision;
    header.pc = record.prevCreateRevision;
    return `${JSON.stringify(header)}\n${record.raw}\n${record.prevRaw}`;
  }
  return `${JSON.stringify(header)}\n${record.raw}`;
}

export function decodeLog(revision: number, value: string): LogRecord {
  const first = value.indexOf('\n');
  const header = JSON.parse(value.slice(0, first)) as LogHeader;
  const second = value.indexOf('\n', first + 1);
  const record: LogRecord = {
    type: header.t === 'p' ? 'put' : 'delete',
    key: header.k,
    revision,
    createRevision: header.c,
    raw: second === -1 ? value.slice(first + 1) : value.slice(first + 1, second),
    time: header.ts,
  };
  if (second !== -1) {
    record.prevRaw = value.slice(second + 1);
    record.prevRevision = header.pr;
    record.prevCreateRevision = header.pc;
  }
  return record;
}

export function revisionOfLogKey(key: string): number {
  return Number(key.slice(LOG_PREFIX.length));
}

/** The event a log record stands for; parses the raw texts (callers cache the result). */
export function eventOfRecord(record: LogRecord): StoreEvent {
  const entry: StoreEntry = {
    key: record.key,
    revision: record.revision,
    createRevision: record.createRevision,
    raw: record.raw,
    view: decodeView(record.raw),
  };
  const event: StoreEvent = { type: record.type, key: record.key, revision: record.revision, entry };
  if (record.prevRaw !== undefined && record.prevRevision !== undefined) {
    event.prev = {
      key: record.key,
      revision: record.prevRevision,
      createRevision: record.prevCreateRevision ?? record.prevRevision,
      raw: record.prevRaw,
      view: decodeView(record.prevRaw),
    };
  }
  return event;
}

/** Continue tokens carry the list revision and the last key served; base64url JSON like upstream's. */
interface ContinueToken {
  v: 1;
  rv: number;
  start: string;
}

export function encodeContinue(revision: number, lastKey: string): string {
  const token: ContinueToken = { v: 1, rv: revision, start: lastKey };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(prefix: string, token: string): { revision: number; lastKey: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new StoreError('InvalidContinue', prefix, 'continue token is not valid', { cause });
  }
  if (!isContinueToken(parsed) || !parsed.start.startsWith(prefix)) {
    throw new StoreError('InvalidContinue', prefix, 'continue token is not valid for this list');
  }
  return { revision: parsed.rv, lastKey: parsed.start };
}

function isContinueToken(value: unknown): value is ContinueToken {
  if (typeof value !== 'object' || value === null) return false;
  const token = value as Record<string, unknown>;
  return token.v === 1 && Number.isSafeInteger(token.rv) && (token.rv as number) > 0 && typeof token.start === 'string';
}
