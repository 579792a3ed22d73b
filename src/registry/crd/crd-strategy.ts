/**
 * The strategy of customresourcedefinitions (apiextensions-apiserver registry/customresourcedefinition
 * strategy.go + etcd.go): v1 defaults, status reset on create with the storage version recorded in
 * status.storedVersions, upstream validation, and deletion that waits for the CRD's objects: the
 * first delete adds the `customresourcecleanup` finalizer and a Terminating condition, the CRD
 * controller deletes the objects and then drops the finalizer.
 */
import { formatTime, isPlainObject, jsonEqual, type KubeObject } from '../object.js';
import type { ResourceInfo } from '../catalog.js';
import type { Strategy } from '../strategy.js';
import { validateCrd, validateCrdUpdate } from './crd-validation.js';
import { CLEANUP_FINALIZER, type CrdCondition, type CrdSpec, type CustomResourceDefinition } from './types.js';

/** SetDefaults_CustomResourceDefinitionSpec (v1). */
export function defaultCrdSpec(object: KubeObject): void {
  if (!isPlainObject(object.spec)) return;
  const spec = object.spec as unknown as CrdSpec;
  if (isPlainObject(spec.names)) {
    if (!spec.names.singular && typeof spec.names.kind === 'string') spec.names.singular = spec.names.kind.toLowerCase();
    if (!spec.names.listKind && typeof spec.names.kind === 'string' && spec.names.kind) spec.names.listKind = `${spec.names.kind}List`;
  }
  if (!isPlainObject(spec.conversion)) spec.conversion = { strategy: 'None' };
  else if (!spec.conversion.strategy) spec.conversion.strategy = 'None';
}

function recordStorageVersion(crd: CustomResourceDefinition): void {
  const storage = (Array.isArray(crd.spec?.versions) ? crd.spec.versions : []).find((v) => v.storage === true);
  if (!storage) return;
  const status = (crd.status ??= {});
  const stored = (status.storedVersions ??= []);
  if (!stored.includes(storage.name)) stored.push(storage.name);
}

export function setCondition(crd: CustomResourceDefinition, condition: CrdCondition, now: Date): void {
  const status = (crd.status ??= {});
  const conditions = (status.conditions ??= []);
  const existing = conditions.find((c) => c.type === condition.type);
  if (!existing) {
    conditions.push({ ...condition, lastTransitionTime: formatTime(now) });
    return;
  }
  if (existing.status !== condition.status) existing.lastTransitionTime = formatTime(now);
  existing.status = condition.status;
  existing.reason = condition.reason;
  existing.message = condition.message;
}

export function crdStrategy(info: ResourceInfo, base: Strategy): Strategy {
  void info;
  return {
    ...base,
    trackGeneration: true,
    prepareForCreate(object) {
      defaultCrdSpec(object);
      const crd = object as CustomResourceDefinition;
      crd.status = { acceptedNames: { plural: '', kind: '' }, storedVersions: [] };
      recordStorageVersion(crd);
    },
    prepareForUpdate(object, old) {
      defaultCrdSpec(object);
      const crd = object as CustomResourceDefinition;
      crd.status = structuredClone((old as CustomResourceDefinition).status ?? {});
      recordStorageVersion(crd);
    },
    validate: (object) => validateCrd(object as CustomResourceDefinition),
    validateUpdate: (object, old) => validateCrdUpdate(object as CustomResourceDefinition, old as CustomResourceDefinition),
    specChanged: (next, old) => !jsonEqual(next.spec, old.spec),
    // A CRD always waits for its objects to be deleted first (etcd.go Delete).
    deleteDecision: (crd) => (crd.metadata.deletionTimestamp ? { graceful: false } : { graceful: true, gracePeriodSeconds: 0 }),
    onMarkDeleted(object) {
      delete object.metadata.deletionGracePeriodSeconds;
      const finalizers = (object.metadata.finalizers ??= []);
      if (!finalizers.includes(CLEANUP_FINALIZER)) finalizers.push(CLEANUP_FINALIZER);
      setCondition(object as CustomResourceDefinition, {
        type: 'Terminating',
        status: 'True',
        reason: 'InstanceDeletionPending',
        message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
      }, new Date(object.metadata.deletionTimestamp as unknown as string));
    },
  };
}
