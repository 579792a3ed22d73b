/** batch/v1 Job and CronJob validation (pkg/apis/batch/validation), the rules users feel. */
import type { FieldError } from './field-error.js';
import { invalid, notSupported, required } from './errors.js';
import { GoLiteral, goLabelSelector, goQuote, goStringMap } from './go-value.js';
import { isObject, objectOrEmpty, optionalNumber, semanticEqual, str, stringMap, type JsonObject } from './json.js';
import { isDNS1123Label } from './names.js';
import { validateImmutableField, validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validatePodTemplateSpec } from './pod.js';
import { compileLabelSelector, selectorMatches, validateLabelSelector } from './selector.js';
import { cronScheduleError } from './cron.js';

const legacyControllerUidLabel = 'controller-uid';
const legacyJobNameLabel = 'job-name';
const controllerUidLabel = 'batch.kubernetes.io/controller-uid';
const jobNameLabel = 'batch.kubernetes.io/job-name';

function hasLabel(templateMeta: JsonObject, key: string, expected: string): FieldError[] {
  const labels = stringMap(templateMeta['labels']) ?? {};
  if (!(key in labels)) return [required(`spec.template.metadata.labels[${key}]`, `must be '${expected}'`)];
  if (labels[key] !== expected) {
    return [invalid(`spec.template.metadata.labels[${key}]`, new GoLiteral(goStringMap(labels)), `must be '${expected}'`)];
  }
  return [];
}

/** validateGeneratedSelector: with a generated selector the template must carry the job's labels. */
function validateGeneratedSelector(job: JsonObject): FieldError[] {
  const spec = objectOrEmpty(job['spec']);
  if (spec['manualSelector'] === true || !isObject(spec['selector'])) return [];
  const meta = objectOrEmpty(job['metadata']);
  const uid = str(meta['uid']);
  const name = str(meta['name']);
  const errs: FieldError[] = [];
  if (uid === '') errs.push(required('metadata.uid'));
  const templateMeta = objectOrEmpty(objectOrEmpty(spec['template'])['metadata']);
  errs.push(...hasLabel(templateMeta, legacyControllerUidLabel, uid));
  errs.push(...hasLabel(templateMeta, legacyJobNameLabel, name));
  errs.push(...hasLabel(templateMeta, controllerUidLabel, uid));
  errs.push(...hasLabel(templateMeta, jobNameLabel, name));
  const expected = { [controllerUidLabel]: uid, [jobNameLabel]: name, [legacyControllerUidLabel]: uid, [legacyJobNameLabel]: name };
  const compiled = compileLabelSelector(spec['selector']);
  if (compiled !== undefined && !selectorMatches(compiled, expected)) {
    errs.push(invalid('spec.selector', goLabelSelector(spec['selector']), '`selector` not auto-generated'));
  }
  return errs;
}

/** validateJobSpec: the parts shared by Jobs and CronJob job templates. */
function validateJobSpecCommon(spec: JsonObject, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errs.push(...validateNonnegativeField(spec[f], `${fldPath}.${f}`));
  }
  const mode = spec['completionMode'];
  if (typeof mode === 'string') {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(`${fldPath}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed' && optionalNumber(spec['completions']) === undefined) {
      errs.push(required(`${fldPath}.completions`, 'when completion mode is Indexed'));
    }
  }
  const replacement = spec['podReplacementPolicy'];
  if (typeof replacement === 'string') {
    if (isObject(spec['podFailurePolicy'])) {
      if (replacement !== 'Failed') errs.push(notSupported(`${fldPath}.podReplacementPolicy`, replacement, ['Failed']));
    } else if (replacement !== 'Failed' && replacement !== 'TerminatingOrFailed') {
      errs.push(notSupported(`${fldPath}.podReplacementPolicy`, replacement, ['Failed', 'TerminatingOrFailed']));
    }
  }
  const template = objectOrEmpty(spec['template']);
  errs.push(...validatePodTemplateSpec(template, `${fldPath}.template`));
  const restartPolicy = str(objectOrEmpty(template['spec'])['restartPolicy']);
  const restartPath = `${fldPath}.template.spec.restartPolicy`;
  if (restartPolicy === 'Always' || restartPolicy === '') {
    errs.push(required(restartPath, `valid values: ${goQuote('OnFailure')}, ${goQuote('Never')}`));
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  } else if (isObject(spec['podFailurePolicy']) && restartPolicy !== 'Never') {
    errs.push(invalid(restartPath, restartPolicy, `only ${goQuote('Never')} is supported when podFailurePolicy is specified`));
  }
  return errs;
}

function validateJobSpec(spec: JsonObject): FieldError[] {
  const errs = validateJobSpecCommon(spec, 'spec');
  if (!isObject(spec['selector'])) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec['selector'], 'spec.selector'));
  const compiled = compileLabelSelector(spec['selector']);
  const labels = stringMap(objectOrEmpty(objectOrEmpty(spec['template'])['metadata'])['labels']);
  if (compiled !== undefined && !selectorMatches(compiled, labels ?? {})) {
    errs.push(invalid('spec.template.metadata.labels', new GoLiteral(goStringMap(labels)), '`selector` does not match template `labels`'));
  }
  return errs;
}

/** Scheduling directives may change while a never-started Job is suspended. */
function templateForImmutability(template: JsonObject, from: JsonObject): JsonObject {
  const meta = objectOrEmpty(template['metadata']);
  const fromMeta = objectOrEmpty(from['metadata']);
  const spec = objectOrEmpty(template['spec']);
  const fromSpec = objectOrEmpty(from['spec']);
  const affinity = isObject(spec['affinity']) ? { ...spec['affinity'], nodeAffinity: objectOrEmpty(fromSpec['affinity'])['nodeAffinity'] } : undefined;
  return {
    ...template,
    metadata: { ...meta, labels: fromMeta['labels'], annotations: fromMeta['annotations'] },
    spec: { ...spec, nodeSelector: fromSpec['nodeSelector'], tolerations: fromSpec['tolerations'], schedulingGates: fromSpec['schedulingGates'], affinity },
  };
}

export function validateJob(job: JsonObject, old?: JsonObject): FieldError[] {
  const meta = objectOrEmpty(job['metadata']);
  const spec = objectOrEmpty(job['spec']);
  const errs = validateObjectMeta(job['metadata'], { namespaced: true, nameValidation: 'dns1123Subdomain' });
  if (old) {
    errs.push(...validateObjectMetaUpdate(job['metadata'], old['metadata']));
  } else {
    errs.push(...validateGeneratedSelector(job));
  }
  errs.push(...validateJobSpec(spec));
  const completions = optionalNumber(spec['completions']);
  if (!old && spec['completionMode'] === 'Indexed' && completions !== undefined && completions > 0) {
    const maxHostname = `${str(meta['name'])}-${completions - 1}`;
    if (isDNS1123Label(maxHostname).length > 0) {
      errs.push(invalid('metadata.name', str(meta['name']), `will not able to create pod with invalid DNS label: ${maxHostname}`));
    }
  }
  if (old) {
    const oldSpec = objectOrEmpty(old['spec']);
    if (spec['completionMode'] !== 'Indexed') errs.push(...validateImmutableField(spec['completions'] ?? null, oldSpec['completions'] ?? null, 'spec.completions'));
    errs.push(...validateImmutableField(spec['selector'], oldSpec['selector'], 'spec.selector', goLabelSelector(spec['selector'])));
    const oldTemplate = objectOrEmpty(oldSpec['template']);
    const newTemplate = objectOrEmpty(spec['template']);
    const mutableDirectives = oldSpec['suspend'] === true && !objectOrEmpty(old['status'])['startTime'];
    const compareTo = mutableDirectives ? templateForImmutability(oldTemplate, newTemplate) : oldTemplate;
    if (!semanticEqual(newTemplate, compareTo)) {
      // Go prints the whole core.PodTemplateSpec struct here; we cannot reproduce it from JSON.
      errs.push(invalid('spec.template', new GoLiteral('core.PodTemplateSpec{...}'), 'field is immutable'));
    }
    for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
      errs.push(...validateImmutableField(spec[f] ?? null, oldSpec[f] ?? null, `spec.${f}`));
    }
  }
  return errs;
}

export function validateCronJob(cronJob: JsonObject, old?: JsonObject): FieldError[] {
  const meta = objectOrEmpty(cronJob['metadata']);
  const spec = objectOrEmpty(cronJob['spec']);
  const oldSpec = old ? objectOrEmpty(old['spec']) : undefined;
  const errs = validateObjectMeta(cronJob['metadata'], { namespaced: true, nameValidation: 'dns1123Subdomain' });
  if (old) errs.push(...validateObjectMetaUpdate(cronJob['metadata'], old['metadata']));
  const schedule = str(spec['schedule']);
  if (schedule === '') {
    errs.push(required('spec.schedule'));
  } else {
    const parseError = cronScheduleError(schedule);
    if (parseError !== undefined) errs.push(invalid('spec.schedule', schedule, parseError));
    const allowTZ = oldSpec !== undefined && str(oldSpec['schedule']).includes('TZ');
    if (allowTZ && schedule.includes('TZ') && typeof spec['timeZone'] === 'string') {
      errs.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  errs.push(...validateNonnegativeField(spec['startingDeadlineSeconds'], 'spec.startingDeadlineSeconds'));
  const policy = str(spec['concurrencyPolicy']);
  if (policy === '') errs.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  const jobSpec = objectOrEmpty(objectOrEmpty(spec['jobTemplate'])['spec']);
  errs.push(...validateJobSpecCommon(jobSpec, 'spec.jobTemplate.spec'));
  if (isObject(jobSpec['selector'])) {
    errs.push(invalid('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec['selector']), '`selector` will be auto-generated'));
  }
  if (jobSpec['manualSelector'] === true) errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  errs.push(...validateNonnegativeField(spec['successfulJobsHistoryLimit'], 'spec.successfulJobsHistoryLimit'));
  errs.push(...validateNonnegativeField(spec['failedJobsHistoryLimit'], 'spec.failedJobsHistoryLimit'));
  if (!old && Buffer.byteLength(str(meta['name'])) > 52) {
    errs.push(invalid('metadata.name', str(meta['name']), 'must be no more than 52 characters'));
  }
  return errs;
}
