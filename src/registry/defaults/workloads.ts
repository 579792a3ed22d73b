/**
 * apps/v1, batch/v1 and core/v1 ReplicationController defaults (pkg/apis/{apps,batch,core}/v1
 * defaults.go at v1.33; StatefulSetAutoDeletePVC and JobPodReplacementPolicy on,
 * MaxUnavailableStatefulSet off).
 */
import { defaultPodTemplateSpec } from './pod.js';
import { child, defaultField, defaultZero, existing, isEmptyMap, items, type JsonObject } from './util.js';

/** SetDefaults_PersistentVolumeClaim + ..._PersistentVolumeClaimSpec. */
export function defaultPersistentVolumeClaim(pvc: JsonObject): void {
  defaultField(child(pvc, 'spec'), 'volumeMode', 'Filesystem');
  defaultZero(child(pvc, 'status'), 'phase', 'Pending');
}

export function defaultDeployment(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  defaultField(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  defaultZero(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const rollingUpdate = child(strategy, 'rollingUpdate');
    defaultField(rollingUpdate, 'maxUnavailable', '25%');
    defaultField(rollingUpdate, 'maxSurge', '25%');
  }
  defaultField(spec, 'revisionHistoryLimit', 10);
  defaultField(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplateSpec(existing(spec, 'template'));
}

export function defaultReplicaSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  defaultField(spec, 'replicas', 1);
  defaultPodTemplateSpec(existing(spec, 'template'));
}

export function defaultDaemonSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  const strategy = child(spec, 'updateStrategy');
  defaultZero(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const rollingUpdate = child(strategy, 'rollingUpdate');
    defaultField(rollingUpdate, 'maxUnavailable', 1);
    defaultField(rollingUpdate, 'maxSurge', 0);
  }
  defaultField(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplateSpec(existing(spec, 'template'));
}

export function defaultStatefulSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  defaultZero(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  if (strategy['type'] === undefined || strategy['type'] === null || strategy['type'] === '') {
    strategy['type'] = 'RollingUpdate';
    child(strategy, 'rollingUpdate');
  }
  const rollingUpdate = existing(strategy, 'rollingUpdate');
  if (strategy['type'] === 'RollingUpdate' && rollingUpdate) defaultField(rollingUpdate, 'partition', 0);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  defaultZero(retention, 'whenDeleted', 'Retain');
  defaultZero(retention, 'whenScaled', 'Retain');
  defaultField(spec, 'replicas', 1);
  defaultField(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplateSpec(existing(spec, 'template'));
  for (const claim of items(spec, 'volumeClaimTemplates')) {
    defaultPersistentVolumeClaim(claim);
    // apps/v1 conversion stamps the type on every claim template (issue 87583).
    claim['apiVersion'] = 'v1';
    claim['kind'] = 'PersistentVolumeClaim';
  }
}

/** core/v1 ReplicationController: selector and labels from the template, replicas 1. */
export function defaultReplicationController(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  const template = existing(spec, 'template');
  const templateMeta = template ? existing(template, 'metadata') : undefined;
  const labels = templateMeta ? existing(templateMeta, 'labels') : undefined;
  if (labels) {
    if (isEmptyMap(spec['selector'])) spec['selector'] = { ...labels };
    const meta = child(obj, 'metadata');
    if (isEmptyMap(meta['labels'])) meta['labels'] = { ...labels };
  }
  defaultField(spec, 'replicas', 1);
  defaultPodTemplateSpec(template);
}

/** SetDefaults_Job; the Job's labels default to its template's labels when empty. */
export function defaultJob(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  if ((spec['completions'] === undefined || spec['completions'] === null) && (spec['parallelism'] === undefined || spec['parallelism'] === null)) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  defaultField(spec, 'parallelism', 1);
  if (spec['backoffLimit'] === undefined || spec['backoffLimit'] === null) {
    const perIndex = spec['backoffLimitPerIndex'] !== undefined && spec['backoffLimitPerIndex'] !== null;
    spec['backoffLimit'] = perIndex ? 2147483647 : 6;
  }
  const template = existing(spec, 'template');
  const templateMeta = template ? existing(template, 'metadata') : undefined;
  const templateLabels = templateMeta ? existing(templateMeta, 'labels') : undefined;
  const meta = child(obj, 'metadata');
  if (templateLabels && isEmptyMap(meta['labels'])) meta['labels'] = { ...templateLabels };
  defaultField(spec, 'completionMode', 'NonIndexed');
  defaultField(spec, 'suspend', false);
  const failurePolicy = existing(spec, 'podFailurePolicy');
  for (const rule of items(failurePolicy, 'rules')) {
    for (const pattern of items(rule, 'onPodConditions')) defaultZero(pattern, 'status', 'True');
  }
  defaultField(spec, 'podReplacementPolicy', failurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultField(spec, 'manualSelector', false);
  defaultPodTemplateSpec(template);
}

/** SetDefaults_CronJob; the job template only gets pod-spec defaults (not SetDefaults_Job). */
export function defaultCronJob(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  defaultZero(spec, 'concurrencyPolicy', 'Allow');
  defaultField(spec, 'suspend', false);
  defaultField(spec, 'successfulJobsHistoryLimit', 3);
  defaultField(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = existing(spec, 'jobTemplate');
  const jobSpec = jobTemplate ? existing(jobTemplate, 'spec') : undefined;
  defaultPodTemplateSpec(jobSpec ? existing(jobSpec, 'template') : undefined);
}
