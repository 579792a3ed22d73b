/**
 * Server-side defaulting of built-in kinds, as kube-apiserver applies it when decoding every
 * create, update and patch body (and when reading stored objects): the v1 `SetObjectDefaults_*`
 * of k8s.io/kubernetes v1.33 with that release's default feature gates. Pure: mutates `object`,
 * no I/O. Defaults are idempotent, so running them again on a stored object changes nothing.
 *
 * Not here (strategy or storage work, see create-update.ts): Job selector generation, Service
 * clusterIP normalisation and carry-over, DaemonSet template generation, Namespace `kubernetes`
 * finalizer; also not here:
 * clusterIP/nodePort allocation, Pod status (phase, qosClass), quantity canonicalisation.
 */
import { defaultPod, defaultPodTemplateSpec } from './pod.js';
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultJob,
  defaultPersistentVolumeClaim,
  defaultReplicaSet,
  defaultReplicationController,
  defaultStatefulSet,
} from './workloads.js';
import { defaultEndpoints, defaultLimitRange, defaultNamespace, defaultNode, defaultPersistentVolume, defaultSecret, defaultService } from './core.js';
import {
  defaultCSIDriver,
  defaultEndpointSlice,
  defaultHorizontalPodAutoscaler,
  defaultIngressClass,
  defaultNetworkPolicy,
  defaultPriorityClass,
  defaultRoleBinding,
  defaultStorageClass,
  defaultWebhookConfiguration,
} from './apis.js';
import { child, existing, type JsonObject } from './util.js';

export {
  generateJobSelector,
  prepareDaemonSetForCreate,
  prepareDaemonSetForUpdate,
  prepareServiceForCreate,
  prepareServiceForUpdate,
} from './create-update.js';
export { prepareNamespaceForCreate } from './core.js';
export { imageTag } from './pod.js';

type Defaulter = (object: JsonObject) => void;

/**
 * Status fields without `omitempty`: Go always serializes them, so a real cluster shows e.g.
 * `status: {replicas: 0}` on a fresh ReplicaSet. Filled only when absent.
 */
const alwaysSerializedStatus: Record<string, string[]> = {
  '/ReplicationController': ['replicas'],
  'apps/ReplicaSet': ['replicas'],
  'apps/StatefulSet': ['replicas', 'availableReplicas'],
  'apps/DaemonSet': ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
  'autoscaling/HorizontalPodAutoscaler': ['desiredReplicas'],
  'policy/PodDisruptionBudget': ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'],
};

function fillStatusZeros(object: JsonObject, fields: string[]): void {
  const status = child(object, 'status');
  for (const f of fields) if (status[f] === undefined || status[f] === null) status[f] = 0;
}

const defaulters: Record<string, Defaulter> = {
  '/Pod': defaultPod,
  '/PodTemplate': (o) => defaultPodTemplateSpec(existing(o, 'template')),
  '/ReplicationController': defaultReplicationController,
  '/Service': defaultService,
  '/Namespace': defaultNamespace,
  '/Secret': defaultSecret,
  '/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  '/PersistentVolume': defaultPersistentVolume,
  '/Endpoints': defaultEndpoints,
  '/Node': defaultNode,
  '/LimitRange': defaultLimitRange,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'networking.k8s.io/NetworkPolicy': defaultNetworkPolicy,
  'networking.k8s.io/IngressClass': defaultIngressClass,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
  'rbac.authorization.k8s.io/RoleBinding': defaultRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultRoleBinding,
  'autoscaling/HorizontalPodAutoscaler': defaultHorizontalPodAutoscaler,
  'scheduling.k8s.io/PriorityClass': defaultPriorityClass,
  'storage.k8s.io/StorageClass': defaultStorageClass,
  'storage.k8s.io/CSIDriver': defaultCSIDriver,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': (o) => defaultWebhookConfiguration(o, false),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': (o) => defaultWebhookConfiguration(o, true),
};

/**
 * Applies upstream's defaults for `group`/`kind` ('' for core) to `object` in place. Kinds with no
 * upstream defaults (ConfigMap, Role, ClusterRole, Event, Ingress, PodDisruptionBudget, custom
 * resources, ...) are left untouched. HorizontalPodAutoscaler reads `object.apiVersion` to tell
 * autoscaling/v1 from v2.
 */
export function applyDefaults(group: string, kind: string, object: Record<string, unknown>): void {
  const key = `${group}/${kind}`;
  defaulters[key]?.(object);
  const statusFields = alwaysSerializedStatus[key];
  if (statusFields) fillStatusZeros(object, statusFields);
}
