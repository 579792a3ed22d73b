/**
 * The two entry points every write goes through (upstream's FieldManager and its chain of
 * managers: version check, skip-non-applied, cap-managers, build-manager-info,
 * managed-fields-updater, strip-meta, structured merge):
 * - serverSideApply: PATCH with application/apply-patch+yaml (also creates, when `live` is absent);
 * - trackUpdate: create, update and the other patch types record who changed what.
 * Both are pure: the caller passes the clock reading as `now`.
 */
import { ApiError, apiErrors } from '../errors.js';
import type { FieldSchema } from '../schema/types.js';
import { ApplyConflictError } from './conflict.js';
import { createdFieldsV1 } from './create-fields.js';
import { FieldSet } from './field-set.js';
import {
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  isResetManagedFields,
  managedFieldsEntry,
  managerIdentifier,
  type Managed,
  type ManagedFieldsEntry,
  type ManagedFieldsDecodeError,
} from './managed-fields.js';
import { makePath } from './path-element.js';
import { toFieldSet, TypedValueError } from './to-field-set.js';
import { rootTypeRef } from './type-ref.js';
import { applyOwnership, ConflictsError, updateOwnership, type ApplyOutcome, type UpdaterContext } from './updater.js';
import { cloneJson, formatTime } from '../object.js';
import { isJsonObject, type JsonObject } from './values.js';

/** Upstream keeps at most this many Update managers; older ones merge into "ancient-changes". */
export const MAX_UPDATE_MANAGERS = 10;
const CURRENT_OPERATION = 'current-operation';
const BEFORE_FIRST_APPLY = 'before-first-apply';
const ANCIENT_CHANGES = 'ancient-changes';

/** Fields no manager ever owns (stripmeta.go). */
const STRIPPED = FieldSet.fromPaths([
  makePath('apiVersion'),
  makePath('kind'),
  makePath('metadata'),
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(
    (field) => makePath('metadata', field),
  ),
]);

export interface CommonArgs {
  manager: string;
  /** The request's group/version, e.g. `apps/v1` or `v1`. */
  apiVersion: string;
  schema: FieldSchema | undefined;
  now: Date;
  subresource?: string;
  /** Paths (field names) the endpoint's strategy resets, e.g. [['status']] for the main resource. */
  resetFields?: string[][];
}

export interface ServerSideApplyArgs extends CommonArgs {
  live: object | undefined;
  applied: object;
  force: boolean;
  /** The endpoint's kind; when given, an apply configuration of another kind is rejected. */
  kind?: string;
  /** The name in the URL; when given, the result must carry it (upstream checkName). */
  name?: string;
}

export interface TrackUpdateArgs extends CommonArgs {
  live: object | undefined;
  updated: object;
  operation?: 'Update';
  /** Told about an internal failure (upstream logs "[SHOULD NOT HAPPEN] failed to update managedFields"). */
  onError?: (error: unknown) => void;
}

function context(args: CommonArgs): UpdaterContext {
  const ctx: UpdaterContext = { ref: rootTypeRef(args.schema), version: args.apiVersion };
  if (args.resetFields && args.resetFields.length > 0) {
    ctx.ignored = FieldSet.fromPaths(args.resetFields.map((path) => makePath(...path)));
  }
  return ctx;
}

function identifierFor(args: CommonArgs, manager: string, operation: 'Apply' | 'Update'): string {
  return managerIdentifier({
    manager: manager || 'unknown',
    operation,
    apiVersion: args.apiVersion,
    ...(args.subresource ? { subresource: args.subresource } : {}),
  });
}

/**
 * The object without metadata.managedFields (never part of what is compared or merged), sharing
 * everything but its top level and metadata with `object`: enough to read it and to set the new
 * managedFields on it. Spreading keeps metadata where it was, so the key order is the object's.
 */
function shallowWithoutManagedFields(object: object | undefined): JsonObject {
  if (object === undefined) return {};
  const metadata = (object as JsonObject).metadata;
  if (!isJsonObject(metadata)) return { ...(object as JsonObject) };
  const { managedFields: _managedFields, ...rest } = metadata;
  return { ...(object as JsonObject), metadata: rest };
}

/**
 * A deep copy without metadata.managedFields, for apply, which merges into the live object. The
 * managedFields are left out before copying, not copied and then deleted: they are often the
 * largest part.
 */
function withoutManagedFields(object: object | undefined): JsonObject {
  return cloneJson(shallowWithoutManagedFields(object));
}

function managedFieldsOf(object: object | undefined): unknown {
  if (!object) return undefined;
  const metadata = (object as JsonObject).metadata;
  return isJsonObject(metadata) ? metadata.managedFields : undefined;
}

function withManagedFields(object: JsonObject, managed: Managed): JsonObject {
  return withManagedFieldsEntries(object, encodeManagedFields(managed));
}

function withManagedFieldsEntries(object: JsonObject, entries: ManagedFieldsEntry[] | undefined): JsonObject {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  if (entries) metadata.managedFields = entries as unknown as JsonObject[];
  else delete metadata.managedFields;
  if (entries || isJsonObject(object.metadata)) object.metadata = metadata;
  return object;
}

/** stripMetaManager: the manager never owns identity/bookkeeping fields. */
function stripMeta(managed: Managed, identifier: string): void {
  const owned = managed.sets.get(identifier);
  if (!owned) return;
  const set = owned.set.difference(STRIPPED);
  if (set.isEmpty()) managed.sets.delete(identifier);
  else managed.sets.set(identifier, { ...owned, set });
}

/** The Update part of the chain below skip-non-applied: record, stamp, strip, cap. */
function recordUpdate(ctx: UpdaterContext, live: JsonObject, updated: JsonObject, managed: Managed, identifier: string, now: Date): void {
  managed.sets = updateOwnership(ctx, live, updated, managed.sets, CURRENT_OPERATION);
  stripMeta(managed, CURRENT_OPERATION);
  const current = managed.sets.get(CURRENT_OPERATION);
  if (current) {
    managed.sets.delete(CURRENT_OPERATION);
    const previous = managed.sets.get(identifier);
    managed.sets.set(identifier, previous ? { ...current, set: current.set.union(previous.set) } : current);
    managed.times.set(identifier, formatTime(now));
  }
  capUpdateManagers(managed);
}

/** capManagersManager: merge the oldest Update managers into one "ancient-changes" per version. */
function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.sets].filter(([, owned]) => !owned.applied).map(([id]) => id);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  const seconds = (id: string): number => {
    const ms = Date.parse(managed.times.get(id) ?? '');
    return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
  };
  updaters.sort((a, b) => seconds(a) - seconds(b) || (a < b ? -1 : a > b ? 1 : 0));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const id = updaters[i]!;
    const owned = managed.sets.get(id)!;
    const bucket = managerIdentifier({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: owned.apiVersion });
    const first = firstByVersion.get(owned.apiVersion);
    if (first === undefined) {
      firstByVersion.set(owned.apiVersion, id);
      continue;
    }
    if (!managed.sets.has(bucket)) {
      managed.sets.set(bucket, managed.sets.get(first)!);
      managed.sets.delete(first);
    }
    managed.sets.set(bucket, { ...owned, set: owned.set.union(managed.sets.get(bucket)!.set) });
    managed.sets.delete(id);
    length--;
    const time = managed.times.get(id);
    if (time === undefined) managed.times.delete(bucket);
    else managed.times.set(bucket, time);
  }
}

function internalError(message: string, cause: unknown): ApiError {
  return new ApiError(500, 'InternalError', message, undefined, { cause });
}

/** objectGVKNN: `namespace/name; group/version, Kind=kind`, as upstream names an object in errors. */
function objectGVKNN(object: JsonObject): string {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return `${text(metadata.namespace)}/${text(metadata.name)}; ${groupVersionKindText(object.apiVersion, object.kind)}`;
}

function groupVersionKindText(apiVersion: unknown, kind: unknown): string {
  const gv = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = gv.indexOf('/');
  const group = slash < 0 ? '' : gv.slice(0, slash);
  const version = slash < 0 ? gv : gv.slice(slash + 1);
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

/**
 * Server-side apply. Throws ApplyConflictError (409) on conflicts without `force`, and ApiError 400
 * for an invalid apply configuration. The returned object carries the new metadata.managedFields;
 * the caller runs the usual create/update path (defaulting, validation, storage) on it.
 */
export function serverSideApply(args: ServerSideApplyArgs): { object: object } {
  if (!isJsonObject(args.applied)) throw apiErrors.badRequest('error decoding YAML: the apply configuration must be an object');
  const applied = args.applied;
  if (
    typeof applied.kind !== 'string' ||
    applied.kind === '' ||
    applied.apiVersion !== args.apiVersion ||
    (args.kind !== undefined && applied.kind !== args.kind)
  ) {
    throw apiErrors.badRequest(`invalid object type: ${groupVersionKindText(applied.apiVersion, applied.kind)}`);
  }
  let managed: Managed;
  try {
    managed = decodeManagedFields(managedFieldsOf(args.live), 'stored');
  } catch (error) {
    throw internalError(`failed to decode managed fields: ${(error as ManagedFieldsDecodeError).message}`, error);
  }
  const ctx = context(args);
  const live = withoutManagedFields(args.live);
  const identifier = identifierFor(args, args.manager, 'Apply');
  try {
    // An object nobody tracked yet: its current fields belong to "before-first-apply".
    if (managed.sets.size === 0 && args.live !== undefined) {
      recordUpdate(ctx, {}, live, managed, identifierFor(args, BEFORE_FIRST_APPLY, 'Update'), args.now);
    }
    const appliedMeta = applied.metadata;
    if (isJsonObject(appliedMeta) && Array.isArray(appliedMeta.managedFields)) {
      throw apiErrors.badRequest('metadata.managedFields must be nil');
    }
    let configFields: FieldSet;
    try {
      configFields = toFieldSet(applied, ctx.ref, { allowDuplicates: false });
    } catch (error) {
      throw internalError(`failed to create typed patch object (${objectGVKNN(applied)}): ${(error as Error).message}`, error);
    }
    let outcome: ApplyOutcome;
    try {
      outcome = applyOwnership(ctx, live, structuredClone(applied), managed.sets, identifier, args.force, configFields);
    } catch (error) {
      if (!(error instanceof TypedValueError)) throw error;
      throw internalError(`failed to create typed live object (${objectGVKNN(live)}): ${error.message}`, error);
    }
    managed.sets = outcome.managers;
    stripMeta(managed, identifier);
    if (outcome.object) managed.times.set(identifier, formatTime(args.now));
    const object = withManagedFields(outcome.object ?? live, managed);
    checkName(object, args.name);
    return { object };
  } catch (error) {
    if (error instanceof ConflictsError) throw new ApplyConflictError(error.conflicts);
    if (error instanceof ApiError) throw error;
    throw internalError(`failed to apply: ${(error as Error).message}`, error);
  }
}

function checkName(object: JsonObject, urlName: string | undefined): void {
  if (urlName === undefined) return;
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (name !== urlName) {
    throw apiErrors.badRequest(`the name of the object (${name}) does not match the name on the URL (${urlName})`);
  }
}

/**
 * Records a non-apply write (create when `live` is undefined). Returns `updated` with
 * metadata.managedFields maintained. Like upstream's UpdateNoErrors it never fails: on an internal
 * error the managedFields are dropped rather than failing the write.
 */
export function trackUpdate(args: TrackUpdateArgs): object {
  try {
    const created = trackCreate(args);
    if (created !== undefined) return created;
  } catch {
    // What the one walk does not take (an invalid list item, elements that compare equal): the
    // general path decides, onError included.
  }
  return trackUpdateGeneral(args);
}

/**
 * The fast path for a create whose request carries no managers (or asks for a reset), for which
 * the general path records one Update manager owning all the object sets but the reset and
 * stripped fields: that entry, its FieldsV1 written in one walk (create-fields.ts). Undefined for
 * any other write; throws what the walk does not take. Exported for tests.
 */
export function trackCreate(args: TrackUpdateArgs): object | undefined {
  if (args.live !== undefined || args.subresource || managedForUpdate(args).sets.size > 0) return undefined;
  const updated = shallowWithoutManagedFields(args.updated);
  const ctx = context(args);
  const fieldsV1 = createdFieldsV1(updated, ctx.ref, ctx.ignored, STRIPPED);
  const identifier = identifierFor(args, args.manager, 'Update');
  const entry = fieldsV1 && managedFieldsEntry(identifier, { apiVersion: ctx.version, applied: false }, fieldsV1, formatTime(args.now));
  return withManagedFieldsEntries(updated, entry ? [entry] : undefined);
}

/** trackUpdate without the create fast path; exported so tests can hold the two side by side. */
export function trackUpdateGeneral(args: TrackUpdateArgs): object {
  // No deep copies: recording an update only reads `live` and `updated` (updater.ts, compare.ts),
  // and the result shares all but its top level and metadata with `args.updated`. Both are the
  // registry's JSON values (its private copy, edited by strategies and defaulting).
  const updated = shallowWithoutManagedFields(args.updated);
  try {
    const managed = managedForUpdate(args);
    const liveUid = args.live ? (args.live as { metadata?: { uid?: unknown } }).metadata?.uid : undefined;
    // skipNonAppliedManager: an existing object nobody tracks stays untracked.
    if (managed.sets.size === 0 && typeof liveUid === 'string' && liveUid !== '') return updated;
    recordUpdate(context(args), shallowWithoutManagedFields(args.live), updated, managed, identifierFor(args, args.manager, 'Update'), args.now);
    return withManagedFields(updated, managed);
  } catch (error) {
    args.onError?.(error);
    return updated;
  }
}

/** decodeLiveOrNew: a subresource write always starts from the live managedFields. */
function managedForUpdate(args: TrackUpdateArgs): Managed {
  const fromLive = (): Managed => {
    try {
      return decodeManagedFields(managedFieldsOf(args.live), 'stored');
    } catch {
      return emptyManaged();
    }
  };
  if (args.subresource) return fromLive();
  const requested = managedFieldsOf(args.updated);
  if (isResetManagedFields(requested)) return emptyManaged();
  try {
    const managed = decodeManagedFields(requested);
    return managed.sets.size > 0 ? managed : fromLive();
  } catch {
    return fromLive();
  }
}
