/**
 * apps/v1 workload validation (pkg/apis/apps/validation) plus the apps/v1 selector immutability
 * the registry strategies add, and core ReplicationController.
 */
import type { FieldError } from './field-error.js';
import { child, forbidden, invalid, notSupported, required } from './errors.js';
import { GoLiteral, goLabelSelector, goQuote, goStringMap } from './go-value.js';
import { isObject, objectOrEmpty, optionalNumber, semanticEqual, str, stringMap, type JsonObject } from './json.js';
import { validateImmutableField, validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validatePodTemplateSpec } from './pod.js';
import { compileLabelSelector, selectorMatches, validateLabelSelector } from './selector.js';
import { isDNS1123Label, nameValidationFor, regexError } from './names.js';

/** `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}` as `%#v` prints it. */
export function goIntOrString(value: unknown): GoLiteral {
  if (typeof value === 'string') return new GoLiteral(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`);
  const n = typeof value === 'number' ? value : 0;
  return new GoLiteral(`intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`);
}

/** getIntOrPercentValue: the number, or the percentage's number. */
function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = Number.parseInt(value.replace(/%$/, ''), 10);
    return Number.isNaN(n) ? 0 : n;
  }
  return 0;
}

function validatePositiveIntOrPercent(value: unknown, fldPath: string): FieldError[] {
  if (typeof value === 'string') {
    return /^[0-9]+%$/.test(value)
      ? []
      : [invalid(fldPath, goIntOrString(value), regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%'))];
  }
  return validateNonnegativeField(value, fldPath);
}

function notMoreThan100Percent(value: unknown, fldPath: string): FieldError[] {
  if (typeof value !== 'string' || !/^[0-9]+%$/.test(value) || intOrPercentValue(value) <= 100) return [];
  return [invalid(fldPath, goIntOrString(value), 'must not be greater than 100%')];
}

function selectorErrors(spec: JsonObject, fldPath: string, kindWord: string): FieldError[] {
  const selector = spec['selector'];
  if (!isObject(selector)) return [required(child(fldPath, 'selector'))];
  const errs = validateLabelSelector(selector, child(fldPath, 'selector'));
  const count = Object.keys(stringMap(selector['matchLabels']) ?? {}).length + (Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'].length : 0);
  if (count === 0) errs.push(invalid(child(fldPath, 'selector'), goLabelSelector(selector), `empty selector is invalid for ${kindWord}`));
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet (also used by Deployments and, in spirit, StatefulSets). */
function templateForController(spec: JsonObject, fldPath: string, owner: string, selectorInvalidDetail: string): FieldError[] {
  const compiled = compileLabelSelector(spec['selector']);
  if (compiled === undefined) return [invalid(child(fldPath, 'selector'), goLabelSelector(spec['selector']), selectorInvalidDetail)];
  const errs: FieldError[] = [];
  const template = objectOrEmpty(spec['template']);
  const templatePath = child(fldPath, 'template');
  const labels = stringMap(objectOrEmpty(template['metadata'])['labels']);
  if (compiled.kind !== 'everything' && !selectorMatches(compiled, labels ?? {})) {
    errs.push(invalid(child(templatePath, 'metadata', 'labels'), new GoLiteral(goStringMap(labels)), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, templatePath));
  errs.push(...restartAlwaysOnly(template, templatePath, owner));
  return errs;
}

function restartAlwaysOnly(template: JsonObject, templatePath: string, owner: string): FieldError[] {
  const podSpec = objectOrEmpty(template['spec']);
  const errs: FieldError[] = [];
  const restartPolicy = str(podSpec['restartPolicy']);
  if (restartPolicy !== 'Always') errs.push(notSupported(child(templatePath, 'spec', 'restartPolicy'), restartPolicy, ['Always']));
  if (podSpec['activeDeadlineSeconds'] !== undefined && podSpec['activeDeadlineSeconds'] !== null) {
    errs.push(forbidden(child(templatePath, 'spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${owner} is not Supported`));
  }
  return errs;
}

function metaErrors(group: string, kind: string, obj: JsonObject, old?: JsonObject): FieldError[] {
  const errs = validateObjectMeta(obj['metadata'], { namespaced: true, nameValidation: nameValidationFor(group, kind) });
  if (old) errs.push(...validateObjectMetaUpdate(obj['metadata'], old['metadata']));
  return errs;
}

export function validateDeployment(obj: JsonObject, old?: JsonObject): FieldError[] {
  const spec = objectOrEmpty(obj['spec']);
  const errs = metaErrors('apps', 'Deployment', obj, old);
  errs.push(...validateNonnegativeField(spec['replicas'], 'spec.replicas'));
  errs.push(...selectorErrors(spec, 'spec', 'deployment'));
  errs.push(...templateForController(spec, 'spec', 'ReplicaSet', 'invalid label selector'));
  const strategy = objectOrEmpty(spec['strategy']);
  const type = str(strategy['type']);
  if (type === 'Recreate') {
    if (isObject(strategy['rollingUpdate'])) {
      errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type === 'RollingUpdate') {
    const ru = strategy['rollingUpdate'];
    if (!isObject(ru)) {
      errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    } else {
      errs.push(...validatePositiveIntOrPercent(ru['maxUnavailable'], 'spec.strategy.rollingUpdate.maxUnavailable'));
      errs.push(...validatePositiveIntOrPercent(ru['maxSurge'], 'spec.strategy.rollingUpdate.maxSurge'));
      if (intOrPercentValue(ru['maxUnavailable']) === 0 && intOrPercentValue(ru['maxSurge']) === 0) {
        errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', goIntOrString(ru['maxUnavailable']), 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...notMoreThan100Percent(ru['maxUnavailable'], 'spec.strategy.rollingUpdate.maxUnavailable'));
    }
  } else {
    errs.push(notSupported('spec.strategy', type, ['Recreate', 'RollingUpdate']));
  }
  errs.push(...validateNonnegativeField(spec['minReadySeconds'], 'spec.minReadySeconds'));
  errs.push(...validateNonnegativeField(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  const progressDeadline = optionalNumber(spec['progressDeadlineSeconds']);
  if (progressDeadline !== undefined) {
    errs.push(...validateNonnegativeField(progressDeadline, 'spec.progressDeadlineSeconds'));
    if (progressDeadline <= (optionalNumber(spec['minReadySeconds']) ?? 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', progressDeadline, 'must be greater than minReadySeconds'));
    }
  }
  if (old) errs.push(...selectorImmutable(spec, objectOrEmpty(old['spec'])));
  return errs;
}

/** apps/v1 strategies forbid changing spec.selector (the v1beta1 exception does not apply here). */
function selectorImmutable(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  return validateImmutableField(spec['selector'], oldSpec['selector'], 'spec.selector', goLabelSelector(spec['selector']));
}

export function validateReplicaSet(obj: JsonObject, old?: JsonObject): FieldError[] {
  const spec = objectOrEmpty(obj['spec']);
  const errs = metaErrors('apps', 'ReplicaSet', obj, old);
  errs.push(...validateNonnegativeField(spec['replicas'], 'spec.replicas'));
  errs.push(...validateNonnegativeField(spec['minReadySeconds'], 'spec.minReadySeconds'));
  errs.push(...selectorErrors(spec, 'spec', 'deployment'));
  errs.push(...templateForController(spec, 'spec', 'ReplicaSet', 'invalid label selector'));
  if (old) errs.push(...selectorImmutable(spec, objectOrEmpty(old['spec'])));
  return errs;
}

export function validateStatefulSet(obj: JsonObject, old?: JsonObject): FieldError[] {
  const spec = objectOrEmpty(obj['spec']);
  const errs = metaErrors('apps', 'StatefulSet', obj, old);
  const policy = str(spec['podManagementPolicy']);
  if (policy === '') errs.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const strategy = objectOrEmpty(spec['updateStrategy']);
  const type = str(strategy['type']);
  if (type === '') errs.push(required('spec.updateStrategy'));
  else if (type === 'OnDelete') {
    if (isObject(strategy['rollingUpdate'])) {
      errs.push(invalid('spec.updateStrategy.rollingUpdate', statefulSetRollingUpdateLiteral(strategy['rollingUpdate']), "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (type === 'RollingUpdate') {
    const ru = objectOrEmpty(strategy['rollingUpdate']);
    errs.push(...validateNonnegativeField(ru['partition'], 'spec.updateStrategy.rollingUpdate.partition'));
  } else {
    errs.push(invalid('spec.updateStrategy', new GoLiteral('apps.StatefulSetUpdateStrategy{...}'), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  errs.push(...validateNonnegativeField(spec['replicas'], 'spec.replicas'));
  errs.push(...validateNonnegativeField(spec['minReadySeconds'], 'spec.minReadySeconds'));
  const serviceName = str(spec['serviceName']);
  if (!old && serviceName !== '') {
    errs.push(...isDNS1123Label(serviceName).map((m) => invalid('spec.serviceName', serviceName, m)));
  }
  errs.push(...selectorErrors(spec, 'spec', 'statefulset'));
  const compiled = compileLabelSelector(spec['selector']);
  if (compiled === undefined) {
    errs.push(invalid('spec.selector', goLabelSelector(spec['selector']), ''));
  } else {
    const template = objectOrEmpty(spec['template']);
    const labels = stringMap(objectOrEmpty(template['metadata'])['labels']);
    if (compiled.kind !== 'everything' && !selectorMatches(compiled, labels ?? {})) {
      errs.push(invalid('spec.template.metadata.labels', new GoLiteral(goStringMap(labels)), '`selector` does not match template `labels`'));
    }
    errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  }
  errs.push(...restartAlwaysOnly(objectOrEmpty(spec['template']), 'spec.template', 'StatefulSet'));
  if (old) errs.push(...statefulSetSpecUpdate(spec, objectOrEmpty(old['spec'])));
  return errs;
}

/** `%#v` of apps.RollingUpdateStatefulSetStrategy (a set maxUnavailable pointer prints as an address in Go). */
function statefulSetRollingUpdateLiteral(value: JsonObject): GoLiteral {
  const partition = optionalNumber(value['partition']) ?? 0;
  const maxUnavailable = value['maxUnavailable'] === undefined || value['maxUnavailable'] === null ? '(*intstr.IntOrString)(nil)' : '(*intstr.IntOrString)(...)';
  return new GoLiteral(`apps.RollingUpdateStatefulSetStrategy{Partition:${partition}, MaxUnavailable:${maxUnavailable}}`);
}

const statefulSetMutable = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function statefulSetSpecUpdate(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  const strip = (s: JsonObject): JsonObject => Object.fromEntries(Object.entries(s).filter(([k]) => !statefulSetMutable.includes(k)));
  if (semanticEqual(strip(spec), strip(oldSpec))) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

export function validateDaemonSet(obj: JsonObject, old?: JsonObject): FieldError[] {
  const spec = objectOrEmpty(obj['spec']);
  const errs = metaErrors('apps', 'DaemonSet', obj, old);
  errs.push(...validateLabelSelector(spec['selector'], 'spec.selector'));
  const template = objectOrEmpty(spec['template']);
  const labels = stringMap(objectOrEmpty(template['metadata'])['labels']);
  const compiled = compileLabelSelector(spec['selector']);
  if (compiled !== undefined && !selectorMatches(compiled, labels ?? {})) {
    errs.push(invalid('spec.template.metadata.labels', new GoLiteral(goStringMap(labels)), '`selector` does not match template `labels`'));
  }
  const selector = spec['selector'];
  if (isObject(selector) && compiled?.kind === 'everything') {
    errs.push(invalid('spec.selector', goLabelSelector(selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...restartAlwaysOnly(template, 'spec.template', 'DaemonSet'));
  errs.push(...validateNonnegativeField(spec['minReadySeconds'], 'spec.minReadySeconds'));
  const strategy = objectOrEmpty(spec['updateStrategy']);
  const type = str(strategy['type']);
  if (type === 'RollingUpdate') {
    const ru = strategy['rollingUpdate'];
    if (!isObject(ru)) errs.push(required('spec.updateStrategy.rollingUpdate'));
    else errs.push(...daemonSetRollingUpdate(ru));
  } else if (type !== 'OnDelete') {
    errs.push(notSupported('spec.updateStrategy', new GoLiteral('apps.DaemonSetUpdateStrategy{...}'), ['RollingUpdate', 'OnDelete']));
  }
  errs.push(...validateNonnegativeField(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  if (old) errs.push(...selectorImmutable(spec, objectOrEmpty(old['spec'])));
  return errs;
}

function daemonSetRollingUpdate(ru: JsonObject): FieldError[] {
  const base = 'spec.updateStrategy.rollingUpdate';
  const errs = [
    ...validatePositiveIntOrPercent(ru['maxUnavailable'], `${base}.maxUnavailable`),
    ...validatePositiveIntOrPercent(ru['maxSurge'], `${base}.maxSurge`),
    ...notMoreThan100Percent(ru['maxUnavailable'], `${base}.maxUnavailable`),
    ...notMoreThan100Percent(ru['maxSurge'], `${base}.maxSurge`),
  ];
  const hasUnavailable = intOrPercentValue(ru['maxUnavailable']) !== 0;
  const hasSurge = intOrPercentValue(ru['maxSurge']) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(`${base}.maxSurge`, goIntOrString(ru['maxSurge']), 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errs.push(required(`${base}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

/** core/v1 ReplicationController: map selector, required and non-empty. */
export function validateReplicationController(obj: JsonObject, old?: JsonObject): FieldError[] {
  const spec = objectOrEmpty(obj['spec']);
  const errs = metaErrors('', 'ReplicationController', obj, old);
  errs.push(...validateNonnegativeField(spec['minReadySeconds'], 'spec.minReadySeconds'));
  const selector = stringMap(spec['selector']) ?? {};
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  if (spec['replicas'] === undefined || spec['replicas'] === null) errs.push(required('spec.replicas'));
  else errs.push(...validateNonnegativeField(spec['replicas'], 'spec.replicas'));
  if (!isObject(spec['template'])) {
    errs.push(required('spec.template'));
    return errs;
  }
  const template = spec['template'];
  const labels = stringMap(objectOrEmpty(template['metadata'])['labels']);
  const matches = Object.entries(selector).every(([k, v]) => labels?.[k] === v);
  if (Object.keys(selector).length > 0 && !matches) {
    errs.push(invalid('spec.template.metadata.labels', new GoLiteral(goStringMap(labels)), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...restartAlwaysOnly(template, 'spec.template', 'ReplicationController'));
  return errs;
}
