/**
 * Pod, PodTemplateSpec and PodTemplate validation (pkg/apis/core/validation: ValidatePodSpec,
 * ValidatePodTemplateSpec, ValidatePodCreate, ValidatePodUpdate), for the rules users feel.
 */
import type { FieldError } from './field-error.js';
import { child, forbidden, invalid, notSupported, required } from './errors.js';
import { asArray, goStructDiff, isObject, objectArray, objectOrEmpty, semanticEqual, str, type JsonObject } from './json.js';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validateContainers, validateContainersOnlyForPod, validateInitContainers, validateVolumes } from './containers.js';

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const maxInt32 = 2147483647;

function dns1123Label(value: string, fldPath: string): FieldError[] {
  return isDNS1123Label(value).map((msg) => invalid(fldPath, value, msg));
}

function dns1123Subdomain(value: string, fldPath: string): FieldError[] {
  return isDNS1123Subdomain(value).map((msg) => invalid(fldPath, value, msg));
}

export function validatePodSpec(specValue: unknown, fldPath: string): FieldError[] {
  const spec = objectOrEmpty(specValue);
  const errs: FieldError[] = [];
  if (spec['terminationGracePeriodSeconds'] === undefined || spec['terminationGracePeriodSeconds'] === null) {
    errs.push(required(child(fldPath, 'terminationGracePeriodSeconds')));
  }
  const volumes = validateVolumes(spec['volumes'], child(fldPath, 'volumes'));
  errs.push(...volumes.errors);
  errs.push(...validateContainers(spec['containers'], volumes.names, child(fldPath, 'containers')));
  errs.push(...validateInitContainers(spec['initContainers'], spec['containers'], volumes.names, child(fldPath, 'initContainers')));

  const restartPolicy = str(spec['restartPolicy']);
  if (restartPolicy === '') errs.push(required(child(fldPath, 'restartPolicy')));
  else if (!restartPolicies.includes(restartPolicy)) errs.push(notSupported(child(fldPath, 'restartPolicy'), restartPolicy, restartPolicies));

  const dnsPolicy = str(spec['dnsPolicy']);
  if (dnsPolicy === '') errs.push(required(child(fldPath, 'dnsPolicy')));
  else if (!dnsPolicies.includes(dnsPolicy)) errs.push(notSupported(child(fldPath, 'dnsPolicy'), dnsPolicy, dnsPolicies));

  errs.push(...validateLabels(spec['nodeSelector'], child(fldPath, 'nodeSelector')));
  const serviceAccountName = str(spec['serviceAccountName']);
  if (serviceAccountName !== '') errs.push(...dns1123Subdomain(serviceAccountName, child(fldPath, 'serviceAccountName')));
  const nodeName = str(spec['nodeName']);
  if (nodeName !== '') errs.push(...dns1123Subdomain(nodeName, child(fldPath, 'nodeName')));
  const deadline = spec['activeDeadlineSeconds'];
  if (typeof deadline === 'number' && (deadline < 1 || deadline > maxInt32)) {
    errs.push(invalid(child(fldPath, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, maxInt32)));
  }
  const hostname = str(spec['hostname']);
  if (hostname !== '') errs.push(...dns1123Label(hostname, child(fldPath, 'hostname')));
  const subdomain = str(spec['subdomain']);
  if (subdomain !== '') errs.push(...dns1123Label(subdomain, child(fldPath, 'subdomain')));
  const priorityClassName = str(spec['priorityClassName']);
  if (priorityClassName !== '') errs.push(...dns1123Subdomain(priorityClassName, child(fldPath, 'priorityClassName')));
  return errs;
}

/** ValidatePodTemplateSpec: template labels/annotations and the spec (no name checks). */
export function validatePodTemplateSpec(templateValue: unknown, fldPath: string): FieldError[] {
  const template = objectOrEmpty(templateValue);
  const meta = objectOrEmpty(template['metadata']);
  const spec = objectOrEmpty(template['spec']);
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta['labels'], child(fldPath, 'labels')));
  errs.push(...validateAnnotations(meta['annotations'], child(fldPath, 'annotations')));
  errs.push(...validatePodSpec(spec, child(fldPath, 'spec')));
  if (asArray(spec['ephemeralContainers']).length > 0) {
    errs.push(forbidden(child(fldPath, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

function validatePodMetadataAndSpec(pod: JsonObject): FieldError[] {
  const spec = objectOrEmpty(pod['spec']);
  const errs = validateObjectMeta(pod['metadata'], { namespaced: true, nameValidation: 'dns1123Subdomain' });
  errs.push(...validatePodSpec(spec, 'spec'));
  if (str(spec['serviceAccountName']) === '') {
    objectArray(spec['volumes']).forEach((volume, vi) => {
      const projected = objectOrEmpty(volume['projected']);
      objectArray(projected['sources']).forEach((source, si) => {
        if (isObject(source['serviceAccountToken'])) {
          errs.push(
            forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'),
          );
        }
      });
    });
  }
  errs.push(...validateContainersOnlyForPod(spec['containers'], 'spec.containers'));
  errs.push(...validateContainersOnlyForPod(spec['initContainers'], 'spec.initContainers'));
  return errs;
}

export function validatePodCreate(pod: JsonObject): FieldError[] {
  const spec = objectOrEmpty(pod['spec']);
  const errs = validatePodMetadataAndSpec(pod);
  if (asArray(spec['ephemeralContainers']).length > 0) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (str(spec['nodeName']) !== '' && asArray(spec['schedulingGates']).length > 0) {
    errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function containerUpdates(newList: unknown, oldList: unknown, fldPath: string): { errs: FieldError[]; stop: boolean } {
  const n = objectArray(newList);
  if (n.length !== objectArray(oldList).length) {
    return { errs: [forbidden(fldPath, 'pod updates may not add or remove containers')], stop: true };
  }
  const errs: FieldError[] = [];
  n.forEach((ctr, i) => {
    const image = str(ctr['image']);
    if (image === '') errs.push(required(`${fldPath}[${i}].image`));
    if (image.trim() !== image) errs.push(invalid(`${fldPath}[${i}].image`, image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

/** Each old toleration must survive, ignoring tolerationSeconds (validateOnlyAddedTolerations). */
function onlyAddedTolerations(newValue: unknown, oldValue: unknown): FieldError[] {
  const next = objectArray(newValue);
  for (const old of objectArray(oldValue)) {
    const found = next.some((t) => semanticEqual({ ...old, tolerationSeconds: t['tolerationSeconds'] }, t));
    if (!found) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

export function validatePodUpdate(pod: JsonObject, oldPod: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod['metadata'], oldPod['metadata']);
  errs.push(...validatePodMetadataAndSpec(pod));
  const spec = objectOrEmpty(pod['spec']);
  const oldSpec = objectOrEmpty(oldPod['spec']);
  for (const f of ['containers', 'initContainers']) {
    const r = containerUpdates(spec[f], oldSpec[f], `spec.${f}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const deadline = spec['activeDeadlineSeconds'];
  const oldDeadline = oldSpec['activeDeadlineSeconds'];
  if (typeof deadline === 'number') {
    if (deadline < 0 || deadline > maxInt32) {
      errs.push(invalid('spec.activeDeadlineSeconds', deadline, inclusiveRangeError(0, maxInt32)));
      return errs;
    }
    if (typeof oldDeadline === 'number' && oldDeadline < deadline) {
      errs.push(invalid('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (typeof oldDeadline === 'number') {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...onlyAddedTolerations(spec['tolerations'], oldSpec['tolerations']));
  if (semanticEqual(spec, oldSpec)) return errs;

  // Put back what may change, then anything still different is forbidden.
  const munged: JsonObject = { ...spec };
  for (const f of ['containers', 'initContainers']) {
    const oldList = objectArray(oldSpec[f]);
    if (Array.isArray(spec[f])) munged[f] = objectArray(spec[f]).map((c, i) => ({ ...c, image: oldList[i]?.['image'] }));
  }
  munged['activeDeadlineSeconds'] = oldSpec['activeDeadlineSeconds'];
  munged['schedulingGates'] = oldSpec['schedulingGates'];
  munged['tolerations'] = oldSpec['tolerations'];
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(forbidden('spec', `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n${goStructDiff('core.PodSpec', oldSpec, munged)}`));
  }
  return errs;
}

export function validatePodTemplate(podTemplate: JsonObject): FieldError[] {
  const errs = validateObjectMeta(podTemplate['metadata'], { namespaced: true, nameValidation: 'dns1123Subdomain' });
  errs.push(...validatePodTemplateSpec(podTemplate['template'], 'template'));
  return errs;
}
