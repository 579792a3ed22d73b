/** PersistentVolumeClaim spec checks users hit (pkg/apis/core/validation ValidatePersistentVolumeClaimSpec). */
import type { FieldError } from './field-error.js';
import { forbidden, notSupported, required } from './errors.js';
import { goStructDiff, objectOrEmpty, semanticEqual, str, stringArray, type JsonObject } from './json.js';
import { validateLabelSelector } from './selector.js';

const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']; // sets.List order
const volumeModes = ['Block', 'Filesystem'];

/** Used for PVCs (`spec`) and StatefulSet volumeClaimTemplates. */
export function validatePersistentVolumeClaimSpec(specValue: unknown, fldPath: string): FieldError[] {
  const spec = objectOrEmpty(specValue);
  const errs: FieldError[] = [];
  const modes = stringArray(spec['accessModes']);
  if (modes.length === 0) errs.push(required(`${fldPath}.accessModes`, 'at least 1 access mode is required'));
  errs.push(...validateLabelSelector(spec['selector'], `${fldPath}.selector`));
  for (const mode of modes) {
    if (!accessModes.includes(mode)) errs.push(notSupported(`${fldPath}.accessModes`, mode, accessModes));
  }
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    errs.push(forbidden(`${fldPath}.accessModes`, 'may not use ReadWriteOncePod with other access modes'));
  }
  const requests = objectOrEmpty(objectOrEmpty(spec['resources'])['requests']);
  if (!('storage' in requests)) errs.push(required(`${fldPath}.resources[storage]`));
  const volumeMode = spec['volumeMode'];
  if (typeof volumeMode === 'string' && !volumeModes.includes(volumeMode)) {
    errs.push(notSupported(`${fldPath}.volumeMode`, volumeMode, volumeModes));
  }
  return errs;
}

export function validatePersistentVolumeClaim(pvc: JsonObject): FieldError[] {
  return validatePersistentVolumeClaimSpec(pvc['spec'], 'spec');
}

/** ValidatePersistentVolumeClaimUpdate's spec rule: only a bound claim's storage request may change. */
export function validatePersistentVolumeClaimUpdate(pvc: JsonObject, old: JsonObject): FieldError[] {
  const spec = { ...objectOrEmpty(pvc['spec']) };
  const oldSpec = { ...objectOrEmpty(old['spec']) };
  const errs = validatePersistentVolumeClaim(pvc);
  // The PV controller may set volumeName once.
  if (str(oldSpec['volumeName']) === '') oldSpec['volumeName'] = spec['volumeName'];
  if (str(objectOrEmpty(pvc['status'])['phase']) === 'Bound') {
    const resources = objectOrEmpty(spec['resources']);
    const requests = objectOrEmpty(resources['requests']);
    const oldRequests = objectOrEmpty(objectOrEmpty(oldSpec['resources'])['requests']);
    spec['resources'] = { ...resources, requests: { ...requests, storage: oldRequests['storage'] } };
    spec['volumeAttributesClassName'] = oldSpec['volumeAttributesClassName'];
  }
  if (!semanticEqual(spec, oldSpec)) {
    errs.push(
      forbidden(
        'spec',
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${goStructDiff('core.PersistentVolumeClaimSpec', oldSpec, spec)}`,
      ),
    );
  }
  return errs;
}
