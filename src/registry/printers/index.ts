// Server-side Table printing for every built-in kind, as kube-apiserver does it: the per-kind printers of
// kubernetes/kubernetes pkg/printers/internalversion (v1.33), apiserver's default table convertor for the
// kinds registered without one, and apiextensions-apiserver's convertor for custom resources.
import { swaggerDocs } from './swagger-docs.generated.js';
import { column, nameColumn } from './columns.js';
import { parseTimestamp } from './format.js';
import { nameOf, valueAt } from './json.js';
import { horizontalPodAutoscalerPrinter } from './autoscaling.js';
import {
  certificateSigningRequestPrinter,
  eventPrinter,
  eventsV1Printer,
  flowSchemaPrinter,
  leasePrinter,
  namespacePrinter,
  nodePrinter,
  priorityClassPrinter,
  priorityLevelConfigurationPrinter,
  runtimeClassPrinter,
} from './cluster.js';
import {
  clusterRoleBindingPrinter,
  configMapPrinter,
  mutatingWebhookConfigurationPrinter,
  podDisruptionBudgetPrinter,
  resourceQuotaPrinter,
  roleBindingPrinter,
  secretPrinter,
  serviceAccountPrinter,
  validatingAdmissionPolicyBindingPrinter,
  validatingAdmissionPolicyPrinter,
  validatingWebhookConfigurationPrinter,
} from './config.js';
import {
  endpointSlicePrinter,
  endpointsPrinter,
  ingressClassPrinter,
  ingressPrinter,
  ipAddressPrinter,
  networkPolicyPrinter,
  serviceCIDRPrinter,
  servicePrinter,
} from './network.js';
import { podPrinter, podTemplatePrinter } from './pods.js';
import {
  csiDriverPrinter,
  csiNodePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
  volumeAttachmentPrinter,
  volumeAttributesClassPrinter,
} from './storage.js';
import type { TablePrinter } from './types.js';
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workloads.js';

export type { TableColumnDefinition, TablePrinter, TableRowCondition } from './types.js';
export { crdPrinter, type CustomResourceColumnDefinition } from './crd.js';
export { humanDuration } from './format.js';
export { canonicalQuantity } from './quantity.js';

/**
 * Keyed by "group/resource" ("" group for core). Kinds kube-apiserver registers with
 * rest.NewDefaultTableConvertor — limitranges, roles, clusterroles, csistoragecapacities — and
 * customresourcedefinitions are deliberately absent: they print with defaultPrinter().
 */
const BUILTIN_PRINTERS: ReadonlyMap<string, TablePrinter> = new Map([
  ['/pods', podPrinter],
  ['/podtemplates', podTemplatePrinter],
  ['/replicationcontrollers', replicationControllerPrinter],
  ['/services', servicePrinter],
  ['/endpoints', endpointsPrinter],
  ['/namespaces', namespacePrinter],
  ['/nodes', nodePrinter],
  ['/events', eventPrinter],
  ['/secrets', secretPrinter],
  ['/configmaps', configMapPrinter],
  ['/serviceaccounts', serviceAccountPrinter],
  ['/persistentvolumes', persistentVolumePrinter],
  ['/persistentvolumeclaims', persistentVolumeClaimPrinter],
  ['/resourcequotas', resourceQuotaPrinter],
  ['apps/replicasets', replicaSetPrinter],
  ['apps/deployments', deploymentPrinter],
  ['apps/statefulsets', statefulSetPrinter],
  ['apps/daemonsets', daemonSetPrinter],
  ['apps/controllerrevisions', controllerRevisionPrinter],
  ['batch/jobs', jobPrinter],
  ['batch/cronjobs', cronJobPrinter],
  ['autoscaling/horizontalpodautoscalers', horizontalPodAutoscalerPrinter],
  ['discovery.k8s.io/endpointslices', endpointSlicePrinter],
  ['events.k8s.io/events', eventsV1Printer],
  ['networking.k8s.io/ingresses', ingressPrinter],
  ['networking.k8s.io/ingressclasses', ingressClassPrinter],
  ['networking.k8s.io/networkpolicies', networkPolicyPrinter],
  ['networking.k8s.io/servicecidrs', serviceCIDRPrinter],
  ['networking.k8s.io/ipaddresses', ipAddressPrinter],
  ['policy/poddisruptionbudgets', podDisruptionBudgetPrinter],
  ['coordination.k8s.io/leases', leasePrinter],
  ['scheduling.k8s.io/priorityclasses', priorityClassPrinter],
  ['node.k8s.io/runtimeclasses', runtimeClassPrinter],
  ['storage.k8s.io/storageclasses', storageClassPrinter],
  ['storage.k8s.io/csidrivers', csiDriverPrinter],
  ['storage.k8s.io/csinodes', csiNodePrinter],
  ['storage.k8s.io/volumeattachments', volumeAttachmentPrinter],
  ['storage.k8s.io/volumeattributesclasses', volumeAttributesClassPrinter],
  ['rbac.authorization.k8s.io/rolebindings', roleBindingPrinter],
  ['rbac.authorization.k8s.io/clusterrolebindings', clusterRoleBindingPrinter],
  ['admissionregistration.k8s.io/mutatingwebhookconfigurations', mutatingWebhookConfigurationPrinter],
  ['admissionregistration.k8s.io/validatingwebhookconfigurations', validatingWebhookConfigurationPrinter],
  ['admissionregistration.k8s.io/validatingadmissionpolicies', validatingAdmissionPolicyPrinter],
  ['admissionregistration.k8s.io/validatingadmissionpolicybindings', validatingAdmissionPolicyBindingPrinter],
  ['certificates.k8s.io/certificatesigningrequests', certificateSigningRequestPrinter],
  ['flowcontrol.apiserver.k8s.io/flowschemas', flowSchemaPrinter],
  ['flowcontrol.apiserver.k8s.io/prioritylevelconfigurations', priorityLevelConfigurationPrinter],
]);

/** The upstream printer of a built-in resource; undefined where kube-apiserver uses the default convertor. */
export function printerFor(group: string, resource: string): TablePrinter | undefined {
  return BUILTIN_PRINTERS.get(`${group}/${resource}`);
}

/** Go's `time.Time{}.UTC().Format(time.RFC3339)`, the zero time. */
const ZERO_TIME_RFC3339 = '0001-01-01T00:00:00Z';

/** `t.UTC().Format(time.RFC3339)`: whole seconds, "Z". */
function formatRfc3339Utc(value: unknown): string {
  const ms = parseTimestamp(value);
  if (ms === undefined) return ZERO_TIME_RFC3339;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const DEFAULT_PRINTER: TablePrinter = {
  columns: [nameColumn(), column('Created At', 'date', swaggerDocs.ObjectMeta.creationTimestamp)],
  cells(object) {
    return [nameOf(object), formatRfc3339Utc(valueAt(object, 'metadata', 'creationTimestamp'))];
  },
};

/**
 * apiserver's `rest.NewDefaultTableConvertor` (registry/rest/table.go): Name and "Created At", the latter
 * an RFC3339 UTC timestamp (type date) rather than an age.
 */
export function defaultPrinter(): TablePrinter {
  return DEFAULT_PRINTER;
}

/** printerFor, falling back to the default convertor. */
export function printerOrDefault(group: string, resource: string): TablePrinter {
  return printerFor(group, resource) ?? DEFAULT_PRINTER;
}
