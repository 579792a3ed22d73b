/**
 * Defaults of the non-core, non-workload groups (pkg/apis/{networking,discovery,rbac,autoscaling,
 * scheduling,storage,admissionregistration}/v1 defaults.go, autoscaling/v2, v1.33).
 */
import { child, defaultField, existing, isObject, items, type JsonObject } from './util.js';

const rbacGroup = 'rbac.authorization.k8s.io';

export function defaultNetworkPolicy(policy: JsonObject): void {
  const spec = child(policy, 'spec');
  for (const rule of [...items(spec, 'ingress'), ...items(spec, 'egress')]) {
    for (const port of items(rule, 'ports')) defaultField(port, 'protocol', 'TCP');
  }
  const types = spec['policyTypes'];
  if (!Array.isArray(types) || types.length === 0) {
    const egress = spec['egress'];
    spec['policyTypes'] = Array.isArray(egress) && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

export function defaultIngressClass(ingressClass: JsonObject): void {
  const parameters = existing(child(ingressClass, 'spec'), 'parameters');
  if (parameters) defaultField(parameters, 'scope', 'Cluster');
}

export function defaultEndpointSlice(slice: JsonObject): void {
  for (const port of items(slice, 'ports')) {
    defaultField(port, 'name', '');
    defaultField(port, 'protocol', 'TCP');
  }
}

/** RoleBinding and ClusterRoleBinding: roleRef and subjects' apiGroup. */
export function defaultRoleBinding(binding: JsonObject): void {
  const roleRef = child(binding, 'roleRef');
  if (typeof roleRef['apiGroup'] !== 'string' || roleRef['apiGroup'] === '') roleRef['apiGroup'] = rbacGroup;
  for (const subject of items(binding, 'subjects')) {
    if (typeof subject['apiGroup'] === 'string' && subject['apiGroup'] !== '') continue;
    // ServiceAccount subjects keep an empty apiGroup, which `omitempty` leaves out of the JSON.
    if (subject['kind'] === 'ServiceAccount') delete subject['apiGroup'];
    else if (subject['kind'] === 'User' || subject['kind'] === 'Group') subject['apiGroup'] = rbacGroup;
  }
}

const scaleUpRules = (): JsonObject => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});

const scaleDownRules = (): JsonObject => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

/** Fills unset fields of user rules from the defaults (copyHPAScalingRules). */
function mergeScalingRules(user: unknown, defaults: JsonObject): JsonObject {
  if (!isObject(user)) return defaults;
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) {
    if (user[k] !== undefined && user[k] !== null) defaults[k] = user[k];
  }
  return defaults;
}

/**
 * HorizontalPodAutoscaler: minReplicas 1 for every version; autoscaling/v2 also defaults
 * metrics (CPU 80% utilization) and fills a given `behavior`'s scale rules.
 */
export function defaultHorizontalPodAutoscaler(hpa: JsonObject): void {
  const spec = child(hpa, 'spec');
  defaultField(spec, 'minReplicas', 1);
  if (hpa['apiVersion'] === 'autoscaling/v1') return;
  const metrics = spec['metrics'];
  if (!Array.isArray(metrics) || metrics.length === 0) {
    spec['metrics'] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = existing(spec, 'behavior');
  if (behavior) {
    behavior['scaleUp'] = mergeScalingRules(behavior['scaleUp'], scaleUpRules());
    behavior['scaleDown'] = mergeScalingRules(behavior['scaleDown'], scaleDownRules());
  }
}

export function defaultPriorityClass(priorityClass: JsonObject): void {
  defaultField(priorityClass, 'preemptionPolicy', 'PreemptLowerPriority');
}

export function defaultStorageClass(storageClass: JsonObject): void {
  defaultField(storageClass, 'reclaimPolicy', 'Delete');
  defaultField(storageClass, 'volumeBindingMode', 'Immediate');
}

export function defaultCSIDriver(driver: JsonObject): void {
  const spec = child(driver, 'spec');
  defaultField(spec, 'attachRequired', true);
  defaultField(spec, 'podInfoOnMount', false);
  defaultField(spec, 'storageCapacity', false);
  defaultField(spec, 'fsGroupPolicy', 'ReadWriteOnceWithFSType');
  const modes = spec['volumeLifecycleModes'];
  if (!Array.isArray(modes) || modes.length === 0) spec['volumeLifecycleModes'] = ['Persistent'];
  defaultField(spec, 'requiresRepublish', false);
  defaultField(spec, 'seLinuxMount', false);
}

/** Validating/MutatingWebhookConfiguration webhooks, their service port and rule scope. */
export function defaultWebhookConfiguration(config: JsonObject, mutating: boolean): void {
  for (const webhook of items(config, 'webhooks')) {
    defaultField(webhook, 'failurePolicy', 'Fail');
    defaultField(webhook, 'matchPolicy', 'Equivalent');
    defaultField(webhook, 'namespaceSelector', {});
    defaultField(webhook, 'objectSelector', {});
    defaultField(webhook, 'timeoutSeconds', 10);
    if (mutating) defaultField(webhook, 'reinvocationPolicy', 'Never');
    const service = existing(child(webhook, 'clientConfig'), 'service');
    if (service) defaultField(service, 'port', 443);
    for (const rule of items(webhook, 'rules')) defaultField(rule, 'scope', '*');
  }
}
