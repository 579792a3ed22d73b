/**
 * The one registry for every kind (k8s.io/apiserver registry/generic/registry/store.go): CRUD over
 * the Store with resourceVersion checks, server-owned metadata, finalizers and graceful deletion.
 * Per-kind behaviour comes from a Strategy; defaulting/validation/managedFields from ObjectPolicies.
 */
import { randomUUID } from 'node:crypto';
import type { Store, StoreEntry } from '../../store/types.js';
import { StoreError, viewOf, wholeObject } from '../../store/types.js';
import type { ResourceInfo } from '../catalog.js';
import type { Clock } from '../clock.js';
import { randomNameSuffix } from '../name-suffix.js';
import { apiErrors, ApiError, type QualifiedResource } from '../errors.js';
import { objectKey } from '../keys.js';
import { apiVersionOf, cloneJson, formatTime, isPlainObject, jsonEqual, type KubeObject } from '../object.js';
import type { Strategy, StrategyContext } from '../strategy.js';
import type { FieldError } from '../validation/field-error.js';
import type { ObjectPolicies } from './policies.js';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** The object's managedFields were already computed (server-side apply): do not track again. */
  keepManagedFields?: boolean;
}

export interface UpdateOptions extends WriteOptions {
  subresource?: string;
  /** PATCH semantics: retry the update function on conflicts when no resourceVersion was pinned. */
  retryOnConflict?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WriteResult {
  entry: StoreEntry<KubeObject>;
  created: boolean;
}

export interface DeleteResult {
  entry: StoreEntry<KubeObject>;
  /** False when the object was only marked (finalizers or graceful deletion pending). */
  deleted: boolean;
}

/** Computes the new object from the current one (undefined when absent). */
export type UpdateFunction = (current: KubeObject | undefined) => KubeObject | Promise<KubeObject>;

export interface StrategyLookup {
  strategyFor(info: ResourceInfo): Strategy;
}

export interface RegistryDeps {
  store: Store;
  clock: Clock;
  policies: ObjectPolicies;
  strategies: StrategyLookup;
  /** With a garbage collector, Foreground/Orphan propagation add their finalizers. */
  garbageCollectorEnabled?: () => boolean;
}

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';
const MAX_CONFLICT_RETRIES = 12;
/**
 * Every write the registry stores is a private copy it built (cloned from the input or from the
 * stored object, sharing only stored objects, which never change), so the store may keep it as is.
 */
const ADOPT = { adopt: true } as const;

/**
 * Reads see committed state while compare-and-swap also sees writes still in the commit queue, so an
 * immediate re-read can meet the same conflict again: wait for the competing write's group commit
 * (a few ms), growing the wait on each attempt (1, 2, 4 ... capped at 50 ms).
 */
function conflictBackoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, 50)));
}

export function qualifiedResource(info: ResourceInfo): QualifiedResource {
  return { group: info.group, resource: info.resource };
}

export class GenericRegistry {
  constructor(private readonly deps: RegistryDeps) {}

  get store(): Store {
    return this.deps.store;
  }

  async get(info: ResourceInfo, namespace: string | undefined, name: string): Promise<StoreEntry<KubeObject>> {
    const entry = await this.deps.store.get<KubeObject>(objectKey(info, namespace, name));
    if (!entry) throw apiErrors.notFound(qualifiedResource(info), name);
    return entry;
  }

  async create(info: ResourceInfo, namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): Promise<StoreEntry<KubeObject>> {
    const strategy = this.deps.strategies.strategyFor(info);
    const ctx = this.context(info, options);
    const object = cloneJson(input);
    const meta = (object.metadata ??= {});
    object.apiVersion = apiVersionOf(info.group, info.version);
    object.kind = info.kind;
    this.bindNamespace(info, namespace, object);
    const generated = !meta.name && !!meta.generateName;
    if (generated) meta.name = `${meta.generateName}${randomNameSuffix()}`;
    for (const f of ['uid', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'generation'] as const) delete meta[f];
    // Upstream fills uid and creationTimestamp before the strategy runs (a Job's selector uses the uid).
    meta.uid = randomUUID();
    meta.creationTimestamp = formatTime(ctx.now) as unknown as Date;
    strategy.prepareForCreate?.(object, ctx);
    this.deps.policies.applyDefaults(info.group, info.kind, object);
    const allocationErrors = strategy.allocate?.(object, ctx) ?? [];
    // A failed allocation has already given back what it took.
    if (allocationErrors.length) this.throwIfInvalid(info, object, allocationErrors);
    let tracked: KubeObject;
    try {
      this.throwIfInvalid(info, object, [
        ...this.deps.policies.validate(info.group, info.kind, info.namespaced, object),
        ...(strategy.validate?.(object, ctx) ?? []),
      ]);
      if (info.namespaced) await this.requireActiveNamespace(info, meta.namespace!, meta.name!);
      if (strategy.trackGeneration) meta.generation = 1;
      tracked = this.track(info, undefined, object, options, undefined, ctx.now);
    } catch (err) {
      strategy.afterDelete?.(object);
      throw err;
    }
    if (options.dryRun) {
      strategy.afterDelete?.(tracked);
      return dryRunEntry(tracked);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        // `tracked` is this write's private copy (cloned from the input, then built on): hand it over.
        return await this.deps.store.create(objectKey(info, meta.namespace, tracked.metadata.name!), tracked, ADOPT);
      } catch (err) {
        if (err instanceof StoreError && err.code === 'KeyExists') {
          if (generated && attempt < 8) {
            tracked.metadata.name = `${meta.generateName}${randomNameSuffix()}`;
            continue;
          }
          strategy.afterDelete?.(tracked);
          throw apiErrors.alreadyExists(qualifiedResource(info), tracked.metadata.name!);
        }
        strategy.afterDelete?.(tracked);
        throw toApiError(info, tracked.metadata.name!, err);
      }
    }
  }

  /** PUT: replaces the object (or its status/scale view via `subresource`). */
  async update(info: ResourceInfo, namespace: string | undefined, name: string, input: KubeObject, options: UpdateOptions = {}): Promise<WriteResult> {
    const meta = input.metadata ?? {};
    if (meta.name !== undefined && meta.name !== name) {
      throw apiErrors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    if (info.namespaced && meta.namespace && namespace && meta.namespace !== namespace) {
      throw apiErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const pinnedVersion = meta.resourceVersion;
    const strategy = this.deps.strategies.strategyFor(info);
    return this.guaranteedUpdate(info, namespace, name, (current) => {
      if (current && pinnedVersion && pinnedVersion !== current.metadata.resourceVersion) {
        throw apiErrors.conflict(qualifiedResource(info), name, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      if (current && !pinnedVersion && !strategy.allowUnconditionalUpdate) {
        throw this.invalid(info, name, [{ type: 'FieldValueInvalid', field: 'metadata.resourceVersion', badValue: 0, detail: 'must be specified for an update' }]);
      }
      return { ...input, metadata: { ...meta, name } };
    }, { ...options, retryOnConflict: !pinnedVersion });
  }

  /**
   * Read-modify-write with compare-and-swap, retried on conflicts when allowed (GuaranteedUpdate).
   * `fn` sees the current object (a private copy) and returns the desired one.
   */
  async guaranteedUpdate(info: ResourceInfo, namespace: string | undefined, name: string, fn: UpdateFunction, options: UpdateOptions = {}): Promise<WriteResult> {
    const key = objectKey(info, namespace, name);
    const strategy = this.deps.strategies.strategyFor(info);
    for (let attempt = 0; ; attempt++) {
      const current = await this.deps.store.get<KubeObject>(key);
      if (!current) {
        if (!strategy.allowCreateOnUpdate || options.subresource) throw apiErrors.notFound(qualifiedResource(info), name);
        return { entry: await this.create(info, namespace, await fn(undefined), options), created: true };
      }
      const old = wholeObject(current);
      const desired = await fn(cloneJson(old));
      const next = this.prepareUpdate(info, strategy, desired, old, options);
      if (jsonEqual(withoutVolatile(next), withoutVolatile(old))) return { entry: current, created: false };
      if (options.dryRun) return { entry: dryRunEntry(next), created: false };
      try {
        if (next.metadata.deletionTimestamp && !hasFinalizers(next, info)) {
          const gone = await this.deps.store.delete<KubeObject>(key, current.revision);
          strategy.afterDelete?.(gone.view);
          return { entry: gone, created: false };
        }
        return { entry: await this.deps.store.update(key, next, current.revision, ADOPT), created: false };
      } catch (err) {
        if (err instanceof StoreError && (err.code === 'Conflict' || err.code === 'NotFound') && options.retryOnConflict && attempt < MAX_CONFLICT_RETRIES) {
          await conflictBackoff(attempt);
          continue;
        }
        throw toApiError(info, name, err);
      }
    }
  }

  async delete(info: ResourceInfo, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    const key = objectKey(info, namespace, name);
    const strategy = this.deps.strategies.strategyFor(info);
    for (let attempt = 0; ; attempt++) {
      const current = await this.deps.store.get<KubeObject>(key);
      if (!current) throw apiErrors.notFound(qualifiedResource(info), name);
      const old = current.view;
      checkPreconditions(info, name, old, options.preconditions);
      const decision = strategy.deleteDecision?.(old, options.gracePeriodSeconds) ?? { graceful: false };
      const finalizers = [...(old.metadata.finalizers ?? [])];
      if (this.deps.garbageCollectorEnabled?.()) {
        const policy = options.propagationPolicy;
        if (policy === 'Foreground' && !finalizers.includes(FOREGROUND)) finalizers.push(FOREGROUND);
        if (policy === 'Orphan' && !finalizers.includes(ORPHAN)) finalizers.push(ORPHAN);
      }
      const pending = decision.graceful || finalizers.length > 0 || hasFinalizers(old, info);
      try {
        if (!pending) {
          if (options.dryRun) return { entry: current, deleted: true };
          const gone = await this.deps.store.delete<KubeObject>(key, current.revision);
          strategy.afterDelete?.(gone.view);
          return { entry: gone, deleted: true };
        }
        // Marking it is an update: it keeps the managedFields, which the view leaves out.
        const whole = wholeObject(current);
        const next = cloneJson(whole);
        const now = this.deps.clock.now();
        if (!next.metadata.deletionTimestamp || decision.graceful) {
          const grace = decision.graceful ? (decision.gracePeriodSeconds ?? 0) : 0;
          const existingGrace = next.metadata.deletionGracePeriodSeconds;
          // A second delete may shorten a grace period, never lengthen it (upstream BeforeDelete).
          if (!next.metadata.deletionTimestamp || existingGrace === undefined || grace < existingGrace) {
            next.metadata.deletionTimestamp = formatTime(new Date(now.getTime() + grace * 1000)) as unknown as Date;
            next.metadata.deletionGracePeriodSeconds = grace;
          }
        }
        next.metadata.finalizers = finalizers;
        strategy.onMarkDeleted?.(next);
        if (jsonEqual(next, whole)) return { entry: current, deleted: false };
        if (options.dryRun) return { entry: dryRunEntry(next), deleted: false };
        return { entry: await this.deps.store.update(key, next, current.revision, ADOPT), deleted: false };
      } catch (err) {
        if (err instanceof StoreError && (err.code === 'Conflict' || err.code === 'NotFound') && attempt < MAX_CONFLICT_RETRIES) {
          await conflictBackoff(attempt);
          continue;
        }
        throw toApiError(info, name, err);
      }
    }
  }

  private context(info: ResourceInfo, options: WriteOptions): StrategyContext {
    return { info, now: this.deps.clock.now(), dryRun: !!options.dryRun };
  }

  private bindNamespace(info: ResourceInfo, namespace: string | undefined, object: KubeObject): void {
    const meta = object.metadata;
    if (!info.namespaced) {
      delete meta.namespace;
      return;
    }
    if (meta.namespace && namespace && meta.namespace !== namespace) {
      throw apiErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace ?? meta.namespace;
    if (!meta.namespace) throw apiErrors.badRequest('the server could not find the requested resource: namespace is required');
  }

  private async requireActiveNamespace(info: ResourceInfo, namespace: string, name: string): Promise<void> {
    const entry = await this.deps.store.get<KubeObject>(`/registry/core/namespaces/${namespace}`);
    if (!entry) throw apiErrors.notFound({ group: '', resource: 'namespaces' }, namespace);
    if (entry.view.metadata.deletionTimestamp) {
      throw apiErrors.forbidden(
        qualifiedResource(info),
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
      );
    }
  }

  /** BeforeUpdate: server-owned fields come from the old object; the strategy normalises the rest. */
  private prepareUpdate(info: ResourceInfo, strategy: Strategy, desired: KubeObject, old: KubeObject, options: UpdateOptions): KubeObject {
    const ctx = this.context(info, options);
    let next: KubeObject;
    if (options.subresource === 'finalize') {
      // namespaces/finalize changes spec.finalizers only (the namespace controller's last step).
      next = cloneJson(old);
      const finalizers = isPlainObject(desired.spec) ? desired.spec.finalizers : undefined;
      next.spec = { ...(isPlainObject(old.spec) ? old.spec : {}), finalizers: Array.isArray(finalizers) ? cloneJson(finalizers) : [] };
    } else if (options.subresource === 'status') {
      next = cloneJson(old);
      if (desired.status !== undefined) next.status = cloneJson(desired.status);
      else delete next.status;
      next.metadata.managedFields = desired.metadata?.managedFields ?? old.metadata.managedFields;
    } else {
      next = cloneJson(desired);
      next.metadata ??= {};
      if (info.subresources.has('status')) {
        if (old.status !== undefined) next.status = cloneJson(old.status);
        else delete next.status;
      }
    }
    next.apiVersion = apiVersionOf(info.group, info.version);
    next.kind = info.kind;
    const meta = next.metadata;
    const oldMeta = old.metadata;
    meta.name = oldMeta.name;
    if (info.namespaced) meta.namespace = oldMeta.namespace;
    else delete meta.namespace;
    meta.uid = oldMeta.uid;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    meta.resourceVersion = oldMeta.resourceVersion;
    delete meta.selfLink;
    if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (oldMeta.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    if (oldMeta.generation !== undefined) meta.generation = oldMeta.generation;
    else delete meta.generation;
    if (!options.subresource) strategy.prepareForUpdate?.(next, old, ctx);
    this.deps.policies.applyDefaults(info.group, info.kind, next);
    const errors: FieldError[] = [
      ...this.deps.policies.validate(info.group, info.kind, info.namespaced, next, old),
      ...(strategy.validateUpdate?.(next, old, ctx) ?? []),
    ];
    this.throwIfInvalid(info, next, errors);
    if (strategy.trackGeneration && (strategy.specChanged ?? defaultSpecChanged)(next, old)) {
      meta.generation = (oldMeta.generation ?? 0) + 1;
    }
    return this.track(info, old, next, options, options.subresource, ctx.now);
  }

  private track(info: ResourceInfo, live: KubeObject | undefined, updated: KubeObject, options: WriteOptions, subresource: string | undefined, now: Date): KubeObject {
    if (options.keepManagedFields) return updated;
    const args = {
      live,
      updated,
      manager: options.fieldManager ?? 'unknown',
      apiVersion: apiVersionOf(info.group, info.version),
      group: info.group,
      kind: info.kind,
      now,
    };
    if (subresource) return this.deps.policies.trackManagedFields({ ...args, subresource });
    // The main resource's strategy resets status when there is a status subresource (upstream
    // GetResetFields), so the field manager ignores status there, as it does for apply.
    return this.deps.policies.trackManagedFields(info.subresources.has('status') ? { ...args, resetFields: [['status']] } : args);
  }

  private throwIfInvalid(info: ResourceInfo, object: KubeObject, errors: FieldError[]): void {
    if (errors.length) throw this.invalid(info, object.metadata?.name ?? '', errors);
  }

  invalid(info: ResourceInfo, name: string, errors: FieldError[]): ApiError {
    return apiErrors.invalid(info.kind, info.group, name, errors, (e) => this.deps.policies.formatFieldError(e), (e) => this.deps.policies.formatFieldErrorBody(e));
  }
}

/** Anything but metadata and status changed. */
function defaultSpecChanged(next: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject): Record<string, unknown> => {
    const { metadata: _m, status: _s, ...rest } = o;
    return rest;
  };
  return !jsonEqual(strip(next), strip(old));
}

/** Fields that change on every write and must not make a no-op update look like a change. */
function withoutVolatile(o: KubeObject): KubeObject {
  const { managedFields: _mf, resourceVersion: _rv, ...meta } = o.metadata ?? {};
  return { ...o, metadata: meta };
}

function hasFinalizers(o: KubeObject, info: ResourceInfo): boolean {
  if ((o.metadata.finalizers ?? []).length > 0) return true;
  // Namespaces also wait for spec.finalizers (the namespace controller's "kubernetes" finalizer).
  if (info.group === '' && info.resource === 'namespaces') {
    const spec = o.spec;
    return isPlainObject(spec) && Array.isArray(spec.finalizers) && spec.finalizers.length > 0;
  }
  return false;
}

function checkPreconditions(info: ResourceInfo, name: string, o: KubeObject, pre: DeleteOptions['preconditions']): void {
  if (pre?.uid && pre.uid !== o.metadata.uid) {
    throw apiErrors.conflict(qualifiedResource(info), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${o.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== o.metadata.resourceVersion) {
    throw apiErrors.conflict(
      qualifiedResource(info),
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${o.metadata.resourceVersion}`,
    );
  }
}

function dryRunEntry(object: KubeObject): StoreEntry<KubeObject> {
  return { key: '', revision: Number(object.metadata.resourceVersion ?? 0), createRevision: 0, view: viewOf(object), raw: JSON.stringify(object) };
}

export function toApiError(info: ResourceInfo, name: string, err: unknown): Error {
  if (err instanceof ApiError) return err;
  if (err instanceof StoreError) {
    const qr = qualifiedResource(info);
    switch (err.code) {
      case 'NotFound':
        return apiErrors.notFound(qr, name);
      case 'KeyExists':
        return apiErrors.alreadyExists(qr, name);
      case 'Conflict':
        return apiErrors.conflict(qr, name, 'the object has been modified; please apply your changes to the latest version and try again');
      case 'Expired':
        return apiErrors.expired(err.message);
      default:
        return apiErrors.internal(err.message, err);
    }
  }
  return err instanceof Error ? err : new Error(String(err));
}
