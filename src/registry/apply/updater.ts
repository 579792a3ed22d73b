/**
 * Ownership bookkeeping for one write (sigs.k8s.io/structured-merge-diff/v4/merge.Updater):
 * - update: a non-apply write takes the fields it changed from every other manager;
 * - apply: merges the configuration, reports conflicts with managers owning fields it changes
 *   (unless forced, which takes them over), and prunes fields the applier dropped and nobody else
 *   owns.
 * Managers are keyed by their identifier (see managed-fields.ts). All API versions of a kind are
 * treated as having the same fields: vkube converts between versions without renaming fields.
 */
import { compareTyped, type Comparison } from './compare.js';
import { FieldSet } from './field-set.js';
import { mergeTyped } from './merge.js';
import type { Path } from './path-element.js';
import { ensureNamedFieldsAreMembers, removeFromObject } from './remove.js';
import { toFieldSet } from './to-field-set.js';
import type { TypeRef } from './type-ref.js';
import { deepEqual, isJsonObject, type JsonObject } from './values.js';

export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  /** True for an Apply manager. */
  applied: boolean;
}

/** Manager identifier → the fields it owns. */
export type ManagedSets = Map<string, VersionedSet>;

export interface Conflict {
  /** Manager identifier. */
  manager: string;
  path: Path;
}

export class ConflictsError extends Error {
  override readonly name = 'ConflictsError';
  constructor(readonly conflicts: Conflict[]) {
    super(`${conflicts.length} apply conflict(s)`);
  }
}

export interface UpdaterContext {
  ref: TypeRef;
  version: string;
  /** Fields a write never owns (the strategy resets them), e.g. `status` on the main resource. */
  ignored?: FieldSet;
}

function filterIgnored(set: FieldSet, ignored: FieldSet | undefined): FieldSet {
  return ignored ? set.recursiveDifference(ignored) : set;
}

/** Takes changed fields away from every manager but `workflow`; conflicts unless `force`. */
function takeOwnership(
  ctx: UpdaterContext,
  live: JsonObject,
  updated: JsonObject,
  managers: ManagedSets,
  workflow: string,
  force: boolean,
): { managers: ManagedSets; comparison: Comparison } {
  const raw = compareTyped(live, updated, ctx.ref);
  const comparison: Comparison = {
    added: filterIgnored(raw.added, ctx.ignored),
    modified: filterIgnored(raw.modified, ctx.ignored),
    removed: filterIgnored(raw.removed, ctx.ignored),
  };
  const changed = comparison.modified.union(comparison.added);
  const conflicts = new Map<string, FieldSet>();
  const removed = new Map<string, FieldSet>();
  for (const [manager, owned] of managers) {
    if (manager === workflow) continue;
    const conflictSet = owned.set.intersection(changed);
    if (!conflictSet.isEmpty()) conflicts.set(manager, conflictSet);
    if (!comparison.removed.isEmpty()) removed.set(manager, comparison.removed);
  }
  if (!force && conflicts.size > 0) {
    const list: Conflict[] = [];
    for (const manager of [...conflicts.keys()].sort()) {
      for (const path of conflicts.get(manager)!.paths()) list.push({ manager, path });
    }
    throw new ConflictsError(list);
  }
  const next: ManagedSets = new Map(managers);
  for (const [manager, lost] of [...conflicts, ...removed]) {
    const owned = next.get(manager)!;
    next.set(manager, { ...owned, set: owned.set.difference(lost) });
  }
  for (const [manager, owned] of next) if (owned.set.isEmpty()) next.delete(manager);
  return { managers: next, comparison };
}

/** A create/update/patch: `manager` owns what it added or modified, and loses what it removed. */
export function updateOwnership(
  ctx: UpdaterContext,
  live: JsonObject,
  updated: JsonObject,
  managers: ManagedSets,
  manager: string,
): ManagedSets {
  const { managers: next, comparison } = takeOwnership(ctx, live, updated, managers, manager, true);
  const previous = next.get(manager)?.set ?? FieldSet.empty();
  const owned = filterIgnored(
    previous.difference(comparison.removed).union(comparison.modified).union(comparison.added),
    ctx.ignored,
  );
  if (owned.isEmpty()) next.delete(manager);
  else next.set(manager, { set: owned, apiVersion: ctx.version, applied: false });
  return next;
}

export interface ApplyOutcome {
  /** The merged object, or undefined when applying changed nothing. */
  object: JsonObject | undefined;
  managers: ManagedSets;
}

export function applyOwnership(
  ctx: UpdaterContext,
  live: JsonObject,
  config: JsonObject,
  managers: ManagedSets,
  manager: string,
  force: boolean,
  /** The configuration's own field set, when the caller already computed it (validation). */
  configFields?: FieldSet,
): ApplyOutcome {
  const mergedValue = mergeTyped(live, config, ctx.ref);
  let merged: JsonObject = isJsonObject(mergedValue) ? mergedValue : {};
  const lastSet = managers.get(manager);
  const configSet = filterIgnored(configFields ?? toFieldSet(config, ctx.ref, { allowDuplicates: false }), ctx.ignored);
  const withApplier: ManagedSets = new Map(managers);
  withApplier.set(manager, { set: configSet, apiVersion: ctx.version, applied: true });
  merged = prune(ctx, merged, withApplier, lastSet, configSet);
  const { managers: next } = takeOwnership(ctx, live, merged, withApplier, manager, force);
  return { object: deepEqual(live, merged) ? undefined : merged, managers: next };
}

/**
 * Removes a field, list item or map entry iff the applier applied it last time, did not apply it
 * now, and no other manager (applier or updater) owns it.
 */
function prune(
  ctx: UpdaterContext,
  merged: JsonObject,
  managers: ManagedSets,
  lastSet: VersionedSet | undefined,
  configSet: FieldSet,
): JsonObject {
  if (!lastSet || lastSet.set.isEmpty()) return merged;
  // Nothing was dropped (the common re-apply): every field applied last time is applied again, so
  // everything the passes below could remove is still owned.
  if (lastSet.set.difference(configSet).isEmpty()) return merged;
  const ensure = (set: FieldSet): FieldSet => ensureNamedFieldsAreMembers(set, ctx.ref);
  const mergedSet = ensure(toFieldSet(merged, ctx.ref, { allowDuplicates: true }));
  const last = ensure(lastSet.set);

  // Remove everything applied last time, then add back whatever some manager still owns.
  let pruned = removeFromObject(merged, last, ctx.ref);
  let owned = FieldSet.empty();
  for (const { set } of managers.values()) owned = owned.union(set);
  const prunedSet = ensure(toFieldSet(pruned, ctx.ref, { allowDuplicates: true }));
  pruned = removeFromObject(merged, mergedSet.difference(prunedSet.union(ensure(owned))), ctx.ref);

  // Only what the applier owned last time may go: put back anything else the first pass took.
  const keptSet = ensure(toFieldSet(pruned, ctx.ref, { allowDuplicates: true }));
  return removeFromObject(merged, mergedSet.difference(keptSet).intersection(last), ctx.ref);
}
