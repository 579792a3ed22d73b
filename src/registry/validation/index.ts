/**
 * Per-kind validation of built-in objects as kube-apiserver's strategies run it: create when
 * `old` is undefined, update otherwise. Input is the decoded v1 JSON object after defaulting;
 * nothing is mutated. An empty list means valid; otherwise the caller answers 422 Invalid with
 * `invalidStatusMessage(...)` and `invalidStatusCauses(...)`.
 */
import type { FieldError } from './field-error.js';
import { isObject, objectOrEmpty, str, type JsonObject } from './json.js';
import { nameValidationFor } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validatePodCreate, validatePodTemplate, validatePodUpdate } from './pod.js';
import { validateDaemonSet, validateDeployment, validateReplicaSet, validateReplicationController, validateStatefulSet } from './apps.js';
import { validateCronJob, validateJob } from './batch.js';
import { validateConfigMap, validateNamespace, validateSecret } from './config.js';
import { validateService } from './service.js';
import { validateRole, validateRoleBinding } from './rbac.js';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from './volume-claim.js';

export type { FieldError, FieldErrorType } from './field-error.js';
export { formatFieldError, formatFieldErrorBody, invalidStatusCauses, invalidStatusMessage, qualifiedKind } from './errors.js';
export { nameValidationFor, type NameValidation } from './names.js';
export { validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaOptions } from './object-meta.js';
export { GoLiteral } from './go-value.js';

/** Built-in kinds that are cluster-scoped (everything else built in is namespaced). */
const clusterScopedKinds = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass', 'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass', 'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy', 'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'storagemigration.k8s.io/StorageVersionMigration', 'internal.apiserver.k8s.io/StorageVersion', 'resource.k8s.io/DeviceTaintRule',
  'certificates.k8s.io/CertificateSigningRequest', 'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceSlice',
  'authentication.k8s.io/TokenReview', 'authentication.k8s.io/SelfSubjectReview',
  'authorization.k8s.io/SubjectAccessReview', 'authorization.k8s.io/SelfSubjectAccessReview',
  'authorization.k8s.io/SelfSubjectRulesReview',
]);

export function isClusterScopedKind(group: string, kind: string): boolean {
  return clusterScopedKinds.has(`${group}/${kind}`);
}

/** Groups served by kube-apiserver itself: their kinds not listed as cluster-scoped are namespaced. */
function isBuiltInGroup(group: string): boolean {
  return group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'autoscaling', 'policy'].includes(group);
}

/**
 * Metadata-only validation for kinds without kind-specific rules here. For custom resources the
 * scope is unknown to this module, so the object's own namespace decides; the CRD registry should
 * call validateObjectMeta with the CRD's scope instead.
 */
function validateGeneric(group: string, kind: string, object: JsonObject, old?: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  if (old) errs.push(...validateObjectMetaUpdate(object['metadata'], old['metadata']));
  const namespaced = isBuiltInGroup(group)
    ? !isClusterScopedKind(group, kind)
    : str(objectOrEmpty(object['metadata'])['namespace']) !== '';
  errs.push(...validateObjectMeta(object['metadata'], { namespaced, nameValidation: nameValidationFor(group, kind) }));
  return errs;
}

type Validator = (object: JsonObject, old?: JsonObject) => FieldError[];

const validators: Record<string, Validator> = {
  '/Pod': (o, old) => (old ? validatePodUpdate(o, old) : validatePodCreate(o)),
  '/PodTemplate': (o, old) => [...(old ? validateObjectMetaUpdate(o['metadata'], old['metadata']) : []), ...validatePodTemplate(o)],
  '/ReplicationController': validateReplicationController,
  '/ConfigMap': validateConfigMap,
  '/Secret': validateSecret,
  '/Namespace': validateNamespace,
  '/Service': validateService,
  '/PersistentVolumeClaim': (o, old) => [
    ...(old ? validateObjectMetaUpdate(o['metadata'], old['metadata']) : []),
    ...validateObjectMeta(o['metadata'], { namespaced: true, nameValidation: 'dns1123Subdomain' }),
    ...(old ? validatePersistentVolumeClaimUpdate(o, old) : validatePersistentVolumeClaim(o)),
  ],
  'apps/Deployment': validateDeployment,
  'apps/ReplicaSet': validateReplicaSet,
  'apps/StatefulSet': validateStatefulSet,
  'apps/DaemonSet': validateDaemonSet,
  'batch/Job': validateJob,
  'batch/CronJob': validateCronJob,
  'rbac.authorization.k8s.io/Role': (o, old) => validateRole(o, true, old),
  'rbac.authorization.k8s.io/ClusterRole': (o, old) => validateRole(o, false, old),
  'rbac.authorization.k8s.io/RoleBinding': (o, old) => validateRoleBinding(o, true, old),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (o, old) => validateRoleBinding(o, false, old),
};

/**
 * Validates `object` (group e.g. '' or 'apps', kind e.g. 'Deployment') for create, or for update
 * against `old`. Returns upstream's field errors in upstream's order.
 */
export function validateObject(group: string, kind: string, object: Record<string, unknown>, old?: object): FieldError[] {
  const previous = isObject(old) ? old : undefined;
  const validator = validators[`${group}/${kind}`];
  return validator ? validator(object, previous) : validateGeneric(group, kind, object, previous);
}
