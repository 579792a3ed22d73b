import type { V1Container, V1EphemeralContainer, V1Pod, V1PodCondition, V1PodSpec, V1PodStatus } from '@kubernetes/client-node';
import { LABELS_ANNOTATION, SERVICE_ACCOUNT_NAME_ANNOTATION, type ObjectRef } from '../mappings/index.js';
import type { SyncContext } from './context.js';
import { cloneJson, hostObjectMeta, virtualRefOf } from './metadata.js';
import { referenceRenamer, translateContainer, translateVolume } from './pod-references.js';
import {
  automountsToken,
  needsTokenVolume,
  replaceTokenProjections,
  serviceAccountMount,
  tokenVolume,
  translateDns,
  withApiServerEnv,
  withTokenMount,
} from './pod-runtime.js';
import { translateAffinity, translateTopologySpread } from './pod-scheduling.js';

export interface PodTranslateOptions {
  /** The virtual ServiceAccount's automountServiceAccountToken (default true); the pod's own setting wins. */
  serviceAccountAutomount?: boolean;
}

/** The hostname a pod would have had in the virtual cluster: its name, as a DNS label. */
export function virtualHostname(virtualPodName: string): string {
  return virtualPodName.slice(0, 63).replaceAll('.', '-').replace(/-+$/, '');
}

/** Downward-API `metadata.labels` file format, so the redirected file reads as it would have. */
export function formatLabelsForDownwardApi(labels: Record<string, string> | undefined): string {
  return Object.keys(labels ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels?.[key])}`)
    .join('\n');
}

export function tokenSecretRef(virtualRef: ObjectRef, context: SyncContext): ObjectRef {
  return context.mappers.serviceAccountTokens.virtualToHost(virtualRef);
}

function translateContainers<T extends V1Container | V1EphemeralContainer>(
  containers: T[] | undefined,
  virtualNamespace: string,
  context: SyncContext,
  tokenVolumeName: string | undefined,
): T[] | undefined {
  const renamer = referenceRenamer(context, virtualNamespace);
  return containers?.map((container) => {
    const translated = withApiServerEnv(translateContainer(container, renamer), context);
    return tokenVolumeName ? withTokenMount(translated, tokenVolumeName) : translated;
  });
}

/**
 * The volume a container with nothing at the service-account path mounts there (undefined: no
 * token): ours when the host pod gets it (`ownTokenVolume`, from needsTokenVolume), otherwise the
 * pod's own token volume, which its containers all mount already (an ephemeral container added
 * later mounts it too).
 */
function tokenMountVolumeName(spec: V1PodSpec | undefined, context: SyncContext, serviceAccountAutomount: boolean, ownTokenVolume: boolean): string | undefined {
  if (!automountsToken(spec, serviceAccountAutomount)) return undefined;
  if (ownTokenVolume) return context.tokenVolumeName;
  const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  return containers.map(serviceAccountMount).find((mount) => mount !== undefined)?.name ?? context.tokenVolumeName;
}

/**
 * The host pod for a virtual pod: every ConfigMap/Secret/PVC reference renamed, the virtual
 * service-account token (from the host Secret the reconciler fills through the virtual
 * TokenRequest API) in place of any host token, the API server and DNS pointing at the virtual
 * cluster, and downward-API fields that would show host names redirected to annotations.
 * Ephemeral containers are left out: the API only accepts them through their subresource.
 */
export function podToHost(virtualPod: V1Pod, context: SyncContext, options: PodTranslateOptions = {}): V1Pod {
  const virtualRef = virtualRefOf(virtualPod);
  const hostRef = context.mappers.pods.virtualToHost(virtualRef);
  const virtualSpec: V1PodSpec = cloneJson(virtualPod.spec) ?? { containers: [] };
  const renamer = referenceRenamer(context, virtualRef.namespace);
  const tokenSecretName = tokenSecretRef(virtualRef, context).name;
  const serviceAccountAutomount = options.serviceAccountAutomount ?? true;
  const ownTokenVolume = needsTokenVolume(virtualSpec, serviceAccountAutomount);
  const tokenVolumeName = tokenMountVolumeName(virtualSpec, context, serviceAccountAutomount, ownTokenVolume);
  const virtualServiceAccount = virtualSpec.serviceAccountName ?? virtualSpec.serviceAccount ?? 'default';

  const {
    ephemeralContainers: _ephemeral,
    serviceAccount: _deprecatedServiceAccount,
    priority: _priority,
    priorityClassName: _priorityClassName,
    preemptionPolicy: _preemptionPolicy,
    overhead: _overhead,
    // Tenant controllers set readiness-gate conditions on the virtual pod only; on the host the
    // gate would keep the pod out of its Service's endpoints forever. podStatusToVirtual
    // applies the gates to the virtual Ready condition instead.
    readinessGates: _readinessGates,
    ...copied
  } = virtualSpec;
  const hostSpec: V1PodSpec = {
    ...copied,
    containers: translateContainers(virtualSpec.containers, virtualRef.namespace, context, tokenVolumeName) ?? [],
    serviceAccountName:
      context.hostServiceAccountName ??
      context.mappers.serviceAccounts.virtualToHost({ namespace: virtualRef.namespace, name: virtualServiceAccount }).name,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    hostname: virtualSpec.hostname ?? virtualHostname(virtualRef.name),
    ...translateDns(virtualSpec, virtualRef.namespace, context),
  };
  if (virtualSpec.initContainers) {
    hostSpec.initContainers = translateContainers(virtualSpec.initContainers, virtualRef.namespace, context, tokenVolumeName);
  }
  const volumes = (virtualSpec.volumes ?? []).map((volume) => replaceTokenProjections(translateVolume(volume, renamer), tokenSecretName));
  if (ownTokenVolume) volumes.push(tokenVolume(context.tokenVolumeName, tokenSecretName));
  if (volumes.length > 0) hostSpec.volumes = volumes;
  if (virtualSpec.imagePullSecrets) {
    hostSpec.imagePullSecrets = virtualSpec.imagePullSecrets.map((ref) => (ref.name ? { name: renamer.secret(ref.name) } : ref));
  }
  if (virtualSpec.affinity) hostSpec.affinity = translateAffinity(virtualSpec.affinity, virtualRef.namespace, context);
  if (virtualSpec.topologySpreadConstraints) {
    hostSpec.topologySpreadConstraints = translateTopologySpread(virtualSpec.topologySpreadConstraints, virtualRef.namespace, context);
  }
  if (hostSpec.dnsPolicy === undefined) delete hostSpec.dnsPolicy;
  if (hostSpec.dnsConfig === undefined) delete hostSpec.dnsConfig;

  const metadata = hostObjectMeta(virtualPod.metadata ?? {}, 'Pod', hostRef, context, {
    annotations: {
      [SERVICE_ACCOUNT_NAME_ANNOTATION]: virtualServiceAccount,
      [LABELS_ANNOTATION]: formatLabelsForDownwardApi(virtualPod.metadata?.labels),
    },
  });
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: hostSpec };
}

/** Ephemeral containers for the host pod's `ephemeralcontainers` subresource. */
export function ephemeralContainersToHost(virtualPod: V1Pod, context: SyncContext): V1EphemeralContainer[] {
  const virtualRef = virtualRefOf(virtualPod);
  const spec = cloneJson(virtualPod.spec);
  return translateContainers(spec?.ephemeralContainers, virtualRef.namespace, context, tokenMountVolumeName(spec, context, true, needsTokenVolume(spec, true))) ?? [];
}

/**
 * The virtual pod's status from the host pod's: phase, conditions, IPs and container statuses
 * come from the host. Conditions only the virtual side knows (readiness gates set by tenant
 * controllers, vkube's own sync conditions) are kept, as is the virtual qosClass. Statuses of
 * containers the virtual spec does not have (host-injected sidecars) are dropped.
 */
export function podStatusToVirtual(virtualPod: V1Pod, hostPod: V1Pod): V1PodStatus {
  const hostStatus: V1PodStatus = cloneJson(hostPod.status) ?? {};
  const virtualStatus = virtualPod.status ?? {};
  const status: V1PodStatus = { ...hostStatus };
  delete status.observedGeneration;
  if (virtualStatus.qosClass !== undefined) status.qosClass = virtualStatus.qosClass;
  const hostConditionTypes = new Set((hostStatus.conditions ?? []).map((condition) => condition.type));
  const virtualOnly = (virtualStatus.conditions ?? []).filter((condition) => !hostConditionTypes.has(condition.type));
  if (hostStatus.conditions || virtualOnly.length > 0) status.conditions = [...(hostStatus.conditions ?? []), ...cloneJson(virtualOnly)];
  status.conditions = applyReadinessGates(virtualPod, status.conditions);
  if (status.conditions === undefined) delete status.conditions;
  const names = (containers: Array<{ name: string }> | undefined) => new Set((containers ?? []).map((c) => c.name));
  const containerNames = names(virtualPod.spec?.containers);
  const initNames = names(virtualPod.spec?.initContainers);
  const ephemeralNames = names(virtualPod.spec?.ephemeralContainers);
  if (status.containerStatuses) status.containerStatuses = status.containerStatuses.filter((s) => containerNames.has(s.name));
  if (status.initContainerStatuses) status.initContainerStatuses = status.initContainerStatuses.filter((s) => initNames.has(s.name));
  if (status.ephemeralContainerStatuses) {
    status.ephemeralContainerStatuses = status.ephemeralContainerStatuses.filter((s) => ephemeralNames.has(s.name));
  }
  return status;
}

/**
 * kubelet's rule for readiness gates (pkg/kubelet/status/generate.go), applied on the virtual
 * side where the gate conditions live: Ready only when every gate's condition is True.
 */
export function applyReadinessGates(virtualPod: V1Pod, conditions: V1PodCondition[] | undefined): V1PodCondition[] | undefined {
  const gates = virtualPod.spec?.readinessGates ?? [];
  const ready = conditions?.find((condition) => condition.type === 'Ready');
  if (gates.length === 0 || conditions === undefined || ready === undefined || ready.status !== 'True') return conditions;
  const failures: string[] = [];
  for (const gate of gates) {
    const condition = conditions.find((candidate) => candidate.type === gate.conditionType);
    if (condition === undefined) failures.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (condition.status !== 'True') {
      failures.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${condition.status}`);
    }
  }
  if (failures.length === 0) return conditions;
  return conditions.map((condition) =>
    condition === ready ? { ...condition, status: 'False', reason: 'ReadinessGatesNotReady', message: failures.join(', ') } : condition,
  );
}
