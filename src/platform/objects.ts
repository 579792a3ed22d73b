/**
 * The host objects one virtual cluster needs in its host namespace, built from a typed spec. The
 * same objects live as YAML in manifests/ (kustomize) and charts/vkube (helm);
 * test/cli/objects.test.ts renders all three and checks they agree.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { VKUBE_VERSION } from '../version.js';

export const MANAGED_BY_LABEL = 'vkube.io/managed-by';
export const APP_NAME_LABEL = 'app.kubernetes.io/name';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
/** Only on objects that describe a cluster (its StatefulSet, or the record of a `--local` one). */
export const CLUSTER_ROLE_LABEL = 'vkube.io/component';
export const DEFAULT_IMAGE = `ghcr.io/vkube/vkube:${VKUBE_VERSION}`;
export const API_PORT = 6443;
export const SERVICE_PORT = 443;

export type SyncMode = 'single' | 'namespaces';

export interface ClusterSpec {
  name: string;
  hostNamespace: string;
  syncMode: SyncMode;
  image: string;
  resources: { requests: { cpu: string; memory: string }; limits?: { cpu?: string; memory?: string } };
  persistence: { size: string; storageClassName?: string };
}

export function defaultClusterSpec(name: string, hostNamespace: string, overrides: Partial<Omit<ClusterSpec, 'name' | 'hostNamespace'>> = {}): ClusterSpec {
  return {
    name,
    hostNamespace,
    syncMode: 'single',
    image: DEFAULT_IMAGE,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    persistence: { size: '5Gi' },
    ...overrides,
  };
}

/** Names of the objects of cluster `name` (vcluster-like: the StatefulSet and Service carry the cluster's name). */
export function objectNames(name: string): { statefulSet: string; service: string; serviceAccount: string; role: string; kubeconfigSecret: string; pod: string; pvc: string } {
  return {
    statefulSet: name,
    service: name,
    serviceAccount: `${name}-syncer`,
    role: `${name}-syncer`,
    kubeconfigSecret: `${name}-kubeconfig`,
    pod: `${name}-0`,
    pvc: `data-${name}-0`,
  };
}

/** Cluster-scoped names must be unique across host namespaces. */
export function clusterRoleName(spec: Pick<ClusterSpec, 'name' | 'hostNamespace'>): string {
  return `vkube-${spec.hostNamespace}-${spec.name}`;
}

export function selectorLabels(name: string): Record<string, string> {
  return { [APP_NAME_LABEL]: 'vkube', [INSTANCE_LABEL]: name };
}

/** Every object we create carries these; `vkube delete` removes everything with the managed-by label. */
export function commonLabels(name: string): Record<string, string> {
  return { ...selectorLabels(name), [MANAGED_BY_LABEL]: name };
}

const SYNCED_KINDS_RULES = [
  { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'secrets', 'serviceaccounts', 'endpoints', 'persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
];
const NAMESPACES_RULE = { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] };

/** The syncer's rights (manifests/syncer-role.yaml); `namespaces` mode needs them cluster-wide. */
export function syncerRbac(spec: ClusterSpec): KubernetesObject[] {
  const names = objectNames(spec.name);
  const labels = commonLabels(spec.name);
  const subject = { kind: 'ServiceAccount', name: names.serviceAccount, namespace: spec.hostNamespace };
  if (spec.syncMode === 'namespaces') {
    const name = clusterRoleName(spec);
    return [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels }, rules: [...SYNCED_KINDS_RULES, NAMESPACES_RULE] } as KubernetesObject,
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name, labels }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [subject] } as KubernetesObject,
    ];
  }
  const metadata = { name: names.role, namespace: spec.hostNamespace, labels };
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: SYNCED_KINDS_RULES } as KubernetesObject,
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.role }, subjects: [subject] } as KubernetesObject,
  ];
}

/** The arguments `vkube serve` gets in the pod (POD_NAMESPACE comes from the downward API). */
export function serveArgs(spec: ClusterSpec): string[] {
  const names = objectNames(spec.name);
  return [
    'serve',
    `--name=${spec.name}`,
    '--bind-address=0.0.0.0',
    `--port=${API_PORT}`,
    '--data-dir=/data',
    '--kubeconfig-out=/data/kubeconfig.yaml',
    '--host-namespace=$(POD_NAMESPACE)',
    `--sync-mode=${spec.syncMode}`,
    `--advertise-service=${names.service}`,
    `--kubeconfig-secret=${names.kubeconfigSecret}`,
  ];
}

function probe(path: string, periodSeconds: number, failureThreshold: number): Record<string, unknown> {
  return { httpGet: { path, port: 'https', scheme: 'HTTPS' }, periodSeconds, failureThreshold, timeoutSeconds: 3 };
}

export function statefulSet(spec: ClusterSpec): KubernetesObject {
  const names = objectNames(spec.name);
  const labels = commonLabels(spec.name);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: names.statefulSet, namespace: spec.hostNamespace, labels: { ...labels, [CLUSTER_ROLE_LABEL]: 'cluster' }, annotations: { 'vkube.io/version': VKUBE_VERSION, 'vkube.io/sync-mode': spec.syncMode } },
    spec: {
      replicas: 1,
      serviceName: names.service,
      selector: { matchLabels: selectorLabels(spec.name) },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: names.serviceAccount,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: 'vkube',
              image: spec.image,
              args: serveArgs(spec),
              env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              ports: [{ name: 'https', containerPort: API_PORT, protocol: 'TCP' }],
              readinessProbe: probe('/readyz', 5, 3),
              livenessProbe: probe('/livez', 10, 6),
              startupProbe: probe('/livez', 2, 60),
              resources: spec.resources,
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'data', mountPath: '/data' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          // The root filesystem is read-only; node and its libraries may still want a /tmp.
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data', labels },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(spec.persistence.storageClassName ? { storageClassName: spec.persistence.storageClassName } : {}),
            resources: { requests: { storage: spec.persistence.size } },
          },
        },
      ],
    },
  } as KubernetesObject;
}

export function service(spec: ClusterSpec): KubernetesObject {
  const names = objectNames(spec.name);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: names.service, namespace: spec.hostNamespace, labels: commonLabels(spec.name) },
    spec: { type: 'ClusterIP', selector: selectorLabels(spec.name), ports: [{ name: 'https', port: SERVICE_PORT, targetPort: 'https', protocol: 'TCP' }] },
  } as KubernetesObject;
}

export function serviceAccount(spec: ClusterSpec): KubernetesObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: objectNames(spec.name).serviceAccount, namespace: spec.hostNamespace, labels: commonLabels(spec.name) } };
}

/** Everything `vkube create` applies, in apply order (identity and rights before the workload). */
export function clusterObjects(spec: ClusterSpec): KubernetesObject[] {
  return [serviceAccount(spec), ...syncerRbac(spec), service(spec), statefulSet(spec)];
}
