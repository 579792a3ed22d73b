/**
 * metadata.managedFields ⇄ per-manager field sets (k8s.io/apimachinery/pkg/util/managedfields/
 * internal/managedfields.go). A manager is identified by its name, operation, subresource and — for
 * Update managers only — apiVersion, serialised as JSON exactly like upstream's
 * BuildManagerIdentifier, so sorting and conflict messages match.
 */
import { FieldSet } from './field-set.js';
import { fieldsV1ToSet, setToFieldsV1, type FieldsV1 } from './fields-v1.js';
import type { ManagedSets, VersionedSet } from './updater.js';
import { compareStrings, goJsonString, isJsonObject } from './values.js';

export type ManagedFieldsOperation = 'Apply' | 'Update';

export interface ManagedFieldsEntry {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

/** Field sets plus each manager's last-change time (RFC 3339, whole seconds). */
export interface Managed {
  sets: ManagedSets;
  times: Map<string, string>;
}

export function emptyManaged(): Managed {
  return { sets: new Map(), times: new Map() };
}

export interface ManagerInfo {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion?: string;
  subresource?: string;
}

/** BuildManagerIdentifier: the entry minus fieldsType, fieldsV1, time (and apiVersion for Apply). */
export function managerIdentifier(info: ManagerInfo): string {
  const parts: string[] = [];
  if (info.manager) parts.push(`"manager":${goJsonString(info.manager)}`);
  parts.push(`"operation":${goJsonString(info.operation)}`);
  if (info.operation !== 'Apply' && info.apiVersion) parts.push(`"apiVersion":${goJsonString(info.apiVersion)}`);
  if (info.subresource) parts.push(`"subresource":${goJsonString(info.subresource)}`);
  return `{${parts.join(',')}}`;
}

export function parseManagerIdentifier(identifier: string): ManagerInfo | undefined {
  try {
    const parsed: unknown = JSON.parse(identifier);
    if (!isJsonObject(parsed)) return undefined;
    const info: ManagerInfo = {
      manager: typeof parsed.manager === 'string' ? parsed.manager : '',
      operation: parsed.operation === 'Apply' ? 'Apply' : 'Update',
    };
    if (typeof parsed.apiVersion === 'string') info.apiVersion = parsed.apiVersion;
    if (typeof parsed.subresource === 'string' && parsed.subresource) info.subresource = parsed.subresource;
    return info;
  } catch {
    return undefined;
  }
}

export class ManagedFieldsDecodeError extends Error {
  override readonly name = 'ManagedFieldsDecodeError';
}

/**
 * Sets decoded from the stored object's own managedFields, with the FieldsV1 they came from. We
 * wrote that FieldsV1 (every stored managedFields went through encodeManagedFields), so it is
 * already canonical: a set that comes through an update unchanged (FieldSet operations keep the
 * identity of what they do not change) is written back as it was instead of encoded again. On a
 * status update that is every manager but the one writing the status.
 */
const storedFieldsV1 = new WeakMap<FieldSet, unknown>();

/**
 * DecodeManagedFields, with upstream's validation messages. `stored`: the entries are the live
 * object's (see storedFieldsV1), not a client's.
 */
export function decodeManagedFields(entries: unknown, origin: 'client' | 'stored' = 'client'): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new ManagedFieldsDecodeError('managedFields must be a list');
  entries.forEach((raw: unknown, i) => {
    if (!isJsonObject(raw)) throw new ManagedFieldsDecodeError(`managed fields entry ${i} must be an object`);
    const operation = raw.operation;
    if (operation !== 'Apply' && operation !== 'Update') {
      throw new ManagedFieldsDecodeError('operation must be `Apply` or `Update`');
    }
    const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : '';
    if (apiVersion.length < 1) throw new ManagedFieldsDecodeError('apiVersion must not be empty');
    const fieldsType = typeof raw.fieldsType === 'string' ? raw.fieldsType : '';
    if (fieldsType === '') throw new ManagedFieldsDecodeError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') {
      throw new ManagedFieldsDecodeError(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    }
    const info: ManagerInfo = {
      manager: typeof raw.manager === 'string' ? raw.manager : '',
      operation,
      apiVersion,
    };
    if (typeof raw.subresource === 'string' && raw.subresource) info.subresource = raw.subresource;
    const identifier = managerIdentifier(info);
    let set: FieldSet;
    try {
      set = raw.fieldsV1 === undefined || raw.fieldsV1 === null ? FieldSet.empty() : fieldsV1ToSet(raw.fieldsV1);
    } catch (error) {
      throw new ManagedFieldsDecodeError(`error decoding set: ${(error as Error).message}`, { cause: error });
    }
    if (origin === 'stored' && isJsonObject(raw.fieldsV1)) storedFieldsV1.set(set, raw.fieldsV1);
    managed.sets.set(identifier, { set, apiVersion, applied: operation === 'Apply' });
    if (typeof raw.time === 'string') managed.times.set(identifier, raw.time);
    else managed.times.delete(identifier);
  });
  return managed;
}

function timeSeconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** encodeManagedFields: undefined when no manager owns anything (the field is then omitted). */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.sets.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [identifier, owned] of managed.sets) {
    const fieldsV1 = (storedFieldsV1.get(owned.set) as FieldsV1 | undefined) ?? setToFieldsV1(owned.set);
    entries.push(managedFieldsEntry(identifier, owned, fieldsV1, managed.times.get(identifier)));
  }
  return entries.sort(compareEntries);
}

/** One manager's entry, from its identifier; `fieldsV1` is its field set already encoded. */
export function managedFieldsEntry(
  identifier: string,
  owned: Pick<VersionedSet, 'apiVersion' | 'applied'>,
  fieldsV1: FieldsV1,
  time: string | undefined,
): ManagedFieldsEntry {
  const info = parseManagerIdentifier(identifier) ?? { manager: identifier, operation: 'Update' as const };
  const entry: ManagedFieldsEntry = {
    manager: info.manager,
    operation: owned.applied ? 'Apply' : info.operation,
    apiVersion: owned.apiVersion,
    fieldsType: 'FieldsV1',
    fieldsV1,
  };
  return orderEntry(entry, time, info.subresource);
}

/** Same key order as the Go struct serialises. */
function orderEntry(entry: ManagedFieldsEntry, time: string | undefined, subresource: string | undefined): ManagedFieldsEntry {
  const ordered: ManagedFieldsEntry = { manager: entry.manager, operation: entry.operation, apiVersion: entry.apiVersion } as ManagedFieldsEntry;
  if (time !== undefined) ordered.time = time;
  ordered.fieldsType = entry.fieldsType;
  ordered.fieldsV1 = entry.fieldsV1;
  if (subresource) ordered.subresource = subresource;
  return ordered;
}

/** sortEncodedManagedFields: operation, then time (seconds), manager, apiVersion, subresource. */
function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  if (p.operation !== q.operation) return compareStrings(p.operation, q.operation);
  const pSeconds = timeSeconds(p.time);
  const qSeconds = timeSeconds(q.time);
  if (pSeconds !== qSeconds) return pSeconds < qSeconds ? -1 : 1;
  if (p.manager !== q.manager) return compareStrings(p.manager, q.manager);
  if (p.apiVersion !== q.apiVersion) return compareStrings(p.apiVersion, q.apiVersion);
  return compareStrings(p.subresource ?? '', q.subresource ?? '');
}

/** isResetManagedFields: `[]`, or a single empty entry, asks to drop all managedFields. */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && isJsonObject(entries[0]) && Object.keys(entries[0]).length === 0;
}

