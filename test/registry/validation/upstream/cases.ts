/**
 * Inputs for the upstream golden fixtures (see generate.ts). Each validation case is defaulted by
 * our applyDefaults (and the strategy helpers) before both implementations validate it.
 */
type Json = Record<string, unknown>;
const c = (name: string, image = 'nginx', extra: Json = {}): Json => ({ name, image, ...extra });
const meta = (extra: Json = {}): Json => ({ name: 'web', namespace: 'default', uid: 'uid-1', resourceVersion: '5', ...extra });
const podT = (spec: Json = {}, labels: Json = { app: 'web' }): Json => ({ metadata: { labels }, spec: { containers: [c('app')], ...spec } });

export const validationCases: { group: string; kind: string; apiVersion: string; object: Json; old?: Json }[] = [];
const add = (group: string, kind: string, object: Json, old?: Json): void => {
  const apiVersion = group === '' ? 'v1' : `${group}/v1`;
  validationCases.push({ group, kind, apiVersion, object: { apiVersion, kind, ...object }, old: old && { apiVersion, kind, ...old } });
};

// Pods
add('', 'Pod', { metadata: meta(), spec: { containers: [c('app')] } });
add('', 'Pod', { metadata: meta({ name: 'Web_1', labels: { 'a/b/c': 'x', ok: '-bad' }, annotations: { 'bad key': 'v' }, finalizers: ['custom', 'orphan', 'foregroundDeletion'] }), spec: { containers: [] } });
add('', 'Pod', { metadata: meta(), spec: { containers: [c('App'), c('b', ''), c('b', ' x')], restartPolicy: 'Sometimes', dnsPolicy: 'X' } });
add('', 'Pod', { metadata: meta(), spec: { containers: [c('a', 'x', { ports: [{ containerPort: 0 }, { containerPort: 70000, name: 'HTTP' }, { containerPort: 80, name: 'web', protocol: 'HTTP' }, { containerPort: 81, name: 'web' }], env: [{ name: '' }, { name: 'A=B' }], volumeMounts: [{ name: 'nope', mountPath: '' }] })], volumes: [{ name: 'v', emptyDir: {}, configMap: { name: 'x' } }, { name: 'Bad' }, { name: 's', secret: {} }] } });
add('', 'Pod', { metadata: meta(), spec: { containers: [c('a', 'x', { restartPolicy: 'Always' })], initContainers: [c('a', 'y', { restartPolicy: 'Never', livenessProbe: { exec: { command: ['x'] } } })], activeDeadlineSeconds: 0, hostname: 'a.b', serviceAccountName: 'Bad' } });
add('', 'Pod', { metadata: meta(), spec: { containers: [c('app', 'nginx:2')], activeDeadlineSeconds: 20, tolerations: [{ key: 'a', operator: 'Exists' }] } }, { metadata: meta(), spec: { containers: [c('app')], activeDeadlineSeconds: 30, tolerations: [{ key: 'a', operator: 'Exists' }] } });
add('', 'Pod', { metadata: meta({ uid: 'other', resourceVersion: '' }), spec: { containers: [c('app')], activeDeadlineSeconds: 60 } }, { metadata: meta(), spec: { containers: [c('app')], activeDeadlineSeconds: 30 } });
add('', 'Pod', { metadata: meta(), spec: { containers: [c('app'), c('b')] } }, { metadata: meta(), spec: { containers: [c('app')] } });
// ConfigMaps and Secrets
add('', 'ConfigMap', { metadata: meta(), data: { 'a b': 'x', '..x': 'y', k: 'v' }, binaryData: { k: 'eA==' } });
add('', 'ConfigMap', { metadata: meta(), immutable: false, data: { k: 'w' } }, { metadata: meta(), immutable: true, data: { k: 'v' } });
add('', 'Secret', { metadata: meta(), type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } });
add('', 'Secret', { metadata: meta(), type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('oops').toString('base64') } });
add('', 'Secret', { metadata: meta(), type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('[1]').toString('base64') } });
add('', 'Secret', { metadata: meta(), type: 'kubernetes.io/basic-auth' });
add('', 'Secret', { metadata: meta(), type: 'kubernetes.io/service-account-token', stringData: { 'a b': 'x' } });
add('', 'Secret', { metadata: meta(), type: 'kubernetes.io/ssh-auth', immutable: true, data: { a: 'eA==' } }, { metadata: meta(), immutable: true, data: { a: 'eQ==' } });
// Namespaces
add('', 'Namespace', { metadata: { name: 'a.b', namespace: 'x' }, spec: { finalizers: ['custom', 'example.com/x'] } });
// Services
add('', 'Service', { metadata: meta(), spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
add('', 'Service', { metadata: meta({ name: '1web' }), spec: { type: 'Internal', ports: [{ port: 0 }, { port: 80, name: 'a' }, { port: 80, name: 'a', nodePort: 30000 }] } });
add('', 'Service', { metadata: meta(), spec: {} });
add('', 'Service', { metadata: meta(), spec: { type: 'ExternalName' } });
add('', 'Service', { metadata: meta(), spec: { type: 'LoadBalancer', clusterIP: 'None', ports: [{ port: 80, targetPort: 'Bad--' }] } });
add('', 'Service', { metadata: meta(), spec: { clusterIP: '10.0.0.300', ports: [{ port: 80 }], sessionAffinity: 'Sticky' } });
add('', 'Service', { metadata: meta(), spec: { clusterIP: '10.0.0.2', clusterIPs: ['10.0.0.2'], ports: [{ port: 80 }] } }, { metadata: meta(), spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [{ port: 80 }] } });
// Deployments
add('apps', 'Deployment', { metadata: meta(), spec: { selector: { matchLabels: { app: 'web' } }, template: podT() } });
add('apps', 'Deployment', { metadata: meta(), spec: { replicas: -1, selector: { matchLabels: { app: 'x' } }, template: podT({ restartPolicy: 'Never', activeDeadlineSeconds: 5 }), strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } }, minReadySeconds: 700 } });
add('apps', 'Deployment', { metadata: meta(), spec: { selector: {}, template: podT({}, { 'bad key': 'x' }), strategy: { type: 'Recreate', rollingUpdate: {} } } });
add('apps', 'Deployment', { metadata: meta(), spec: { template: podT() } });
add('apps', 'Deployment', { metadata: meta(), spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In' }, { key: 'x', operator: 'Bogus', values: ['a'] }] }, template: podT(), strategy: { rollingUpdate: { maxUnavailable: '150%', maxSurge: 'half' } } } });
// StatefulSets, DaemonSets
add('apps', 'StatefulSet', { metadata: meta({ name: 'a.b' }), spec: { serviceName: 'Bad', selector: { matchLabels: { app: 'x' } }, template: podT(), podManagementPolicy: 'Sometimes', updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } } });
add('apps', 'StatefulSet', { metadata: meta(), spec: { serviceName: 'other', replicas: 3, selector: { matchLabels: { app: 'web' } }, template: podT() } }, { metadata: meta(), spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: podT() } });
add('apps', 'DaemonSet', { metadata: meta(), spec: { selector: { matchLabels: { app: 'x' } }, template: podT(), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } } });
add('apps', 'DaemonSet', { metadata: meta(), spec: { selector: {}, template: podT(), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } } });
// Jobs
add('batch', 'Job', { metadata: meta({ name: 'pi' }), spec: { template: podT({ restartPolicy: 'Never' }) } });
add('batch', 'Job', { metadata: meta({ name: 'pi' }), spec: { backoffLimit: -1, completionMode: 'Sometimes', podReplacementPolicy: 'Never', template: podT({ restartPolicy: 'Always' }) } });
add('batch', 'Job', { metadata: meta({ name: 'pi' }), spec: { manualSelector: true, template: podT({ restartPolicy: 'OnFailure' }) } });
add('batch', 'CronJob', { metadata: meta({ name: 'a'.repeat(53) }), spec: { schedule: '61 * * * *', concurrencyPolicy: 'Sometimes', jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: podT({ restartPolicy: 'Never' }) } } } });
add('batch', 'CronJob', { metadata: meta(), spec: { schedule: 'TZ=UTC * * *', jobTemplate: { spec: { template: podT({ restartPolicy: 'Never' }) } } } });
add('batch', 'CronJob', { metadata: meta(), spec: { schedule: '@often', jobTemplate: { spec: { template: podT({ restartPolicy: 'Never' }) } } } });
add('batch', 'CronJob', { metadata: meta(), spec: { schedule: 'x 5-1 0 */0 1-2-3', jobTemplate: { spec: { template: podT({ restartPolicy: 'Never' }) } } } });
// RBAC
add('rbac.authorization.k8s.io', 'Role', { metadata: meta({ name: 'a/b' }), rules: [{ apiGroups: [''], resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }, { verbs: ['get'] }] });
add('rbac.authorization.k8s.io', 'RoleBinding', { metadata: meta(), roleRef: { apiGroup: 'x', kind: 'Thing' }, subjects: [{ kind: 'Robot', name: 'x' }, { kind: 'ServiceAccount', name: 'Bad', apiGroup: 'x' }, { kind: 'User', name: 'u', apiGroup: 'wrong' }] });

// More
add('', 'Pod', { metadata: meta({ ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }, { apiVersion: '', kind: '', name: '', uid: '', controller: true }, { apiVersion: 'apps/v1', kind: 'RS', name: 'r', uid: 'u2', controller: true }], generateName: 'Web-' }), spec: { containers: [c('app')] } });
add('', 'Pod', { metadata: meta(), spec: { containers: [c('app', 'x', { imagePullPolicy: 'Sometimes', terminationMessagePolicy: 'Bogus' })], volumes: [{ name: 'p', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }], nodeName: 'Node_1', subdomain: 'a_b', priorityClassName: 'X' } });
add('', 'Pod', { metadata: meta(), spec: { containers: [c('app')], ephemeralContainers: [{ name: 'dbg', image: 'busybox' }], nodeName: 'n1', schedulingGates: [{ name: 'g' }] } });
add('', 'Pod', { metadata: meta(), spec: { containers: [c('app')], tolerations: [{ key: 'b', operator: 'Exists' }] } }, { metadata: meta(), spec: { containers: [c('app')], tolerations: [{ key: 'a', operator: 'Exists' }] } });
add('', 'Pod', { metadata: meta(), spec: { containers: [c('app')] } }, { metadata: meta(), spec: { containers: [c('app')], activeDeadlineSeconds: 30 } });
add('', 'Namespace', { metadata: { name: 'ok', resourceVersion: '1' } });
add('', 'Secret', { metadata: meta(), type: 'kubernetes.io/dockercfg', data: { '.dockercfg': Buffer.from('').toString('base64') } });
add('', 'Secret', { metadata: meta(), type: 'x', data: { a: 'eA==' } }, { metadata: meta(), type: 'y', data: { a: 'eA==' } });
add('', 'Service', { metadata: meta(), spec: { selector: { 'a b': 'x' }, sessionAffinity: 'None', sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } }, ports: [{ port: 80, appProtocol: 'a/b/c' }] } });
add('', 'Service', { metadata: meta(), spec: { type: 'NodePort', ports: [{ port: 80, name: 'a', nodePort: 30001 }, { port: 81, name: 'b', nodePort: 30001 }] } });
add('', 'Service', { metadata: meta(), spec: { type: 'ClusterIP', allocateLoadBalancerNodePorts: true, ports: [{ port: 80 }], clusterIP: 'None', clusterIPs: ['None', '10.0.0.1'], ipFamilies: ['IPv5', 'IPv4', 'IPv4'] } });
add('apps', 'Deployment', { metadata: meta(), spec: { selector: { matchLabels: { app: 'web' } }, template: podT(), progressDeadlineSeconds: 5, minReadySeconds: 10, revisionHistoryLimit: -1 } });
add('batch', 'Job', { metadata: meta({ name: 'pi' }), spec: { completionMode: 'Indexed', completions: 3, parallelism: 2, template: podT({ restartPolicy: 'Never' }) } });
add('batch', 'Job', { metadata: meta({ name: 'pi' }), spec: { completionMode: 'Indexed', template: podT({ restartPolicy: 'OnFailure' }), podFailurePolicy: { rules: [] } } });
add('rbac.authorization.k8s.io', 'RoleBinding', { metadata: meta(), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: '..' }, subjects: [{ kind: 'ServiceAccount', name: '' }] });


// Updates and further kinds
const jobSpec = (extra: Json = {}): Json => ({ template: podT({ restartPolicy: 'Never' }), ...extra });
add('batch', 'Job', { metadata: meta({ name: 'pi' }), spec: jobSpec({ completions: 3 }) }, { metadata: meta({ name: 'pi' }), spec: jobSpec() });
add('batch', 'Job', { metadata: meta({ name: 'pi' }), spec: jobSpec({ suspend: true, template: podT({ restartPolicy: 'Never', nodeSelector: { zone: 'a' } }) }) }, { metadata: meta({ name: 'pi' }), spec: jobSpec({ suspend: true }) });
add('batch', 'CronJob', { metadata: meta(), spec: { schedule: 'CRON_TZ=UTC 0 * * * *', timeZone: 'UTC', jobTemplate: { spec: { template: podT({ restartPolicy: 'Never' }) } } } }, { metadata: meta(), spec: { schedule: 'TZ=UTC 0 * * * *', jobTemplate: { spec: { template: podT({ restartPolicy: 'Never' }) } } } });
add('', 'ReplicationController', { metadata: meta(), spec: { selector: { app: 'x' }, replicas: -2, template: podT({ restartPolicy: 'OnFailure' }) } });
add('', 'ReplicationController', { metadata: meta(), spec: { template: podT() } });
add('', 'PodTemplate', { metadata: meta({ name: 'T' }), template: podT({ containers: [] }, { 'bad key': 'v' }) });
add('', 'PersistentVolumeClaim', { metadata: meta(), spec: { accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'Bogus'], volumeMode: 'Disk' } });
add('', 'PersistentVolumeClaim', { metadata: meta(), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'b' } }, { metadata: meta(), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'a' } });
add('apps', 'ReplicaSet', { metadata: meta(), spec: { selector: { matchLabels: { app: 'web' } }, template: podT(), minReadySeconds: -1 } });
add('apps', 'ReplicaSet', { metadata: meta(), spec: { selector: { matchLabels: { app: 'web', x: 'y' } }, template: podT({}, { app: 'web', x: 'y' }) } }, { metadata: meta(), spec: { selector: { matchLabels: { app: 'web' } }, template: podT() } });
add('rbac.authorization.k8s.io', 'ClusterRole', { metadata: { name: 'c' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }], aggregationRule: { clusterRoleSelectors: [] } });
add('rbac.authorization.k8s.io', 'ClusterRoleBinding', { metadata: { name: 'b', resourceVersion: '1' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }, { metadata: { name: 'b', resourceVersion: '1' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } });
add('rbac.authorization.k8s.io', 'RoleBinding', { metadata: meta(), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a' } }, { metadata: meta(), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'b' } });
add('apps', 'Deployment', { metadata: meta(), spec: { selector: { matchLabels: { app: 'web' } }, template: podT({ containers: [c('app', 'nginx', { ports: [{ containerPort: 80, hostPort: 70000 }], env: [{ name: 'OK' }] })], initContainers: [c('init', 'busybox', { restartPolicy: 'Always' })] }) } });

const podTemplate = (spec: Json = {}): Json => ({ metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'a', image: 'nginx:1', ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80 } }, readinessProbe: { grpc: { port: 1 } }, env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }], resources: { limits: { cpu: '1' } } }], volumes: [{ name: 'v' }, { name: 'c', configMap: { name: 'c' } }, { name: 's', secret: { secretName: 's' } }, { name: 'h', hostPath: { path: '/x' } }, { name: 'p', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }, { name: 'd', downwardAPI: { items: [{ path: 'x', fieldRef: { fieldPath: 'metadata.name' } }] } }, { name: 'e', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } }], ...spec } });
const dm = { name: 'w', namespace: 'd' };
export const defaultCases: [string, string, Json][] = [
  ['', 'Pod', { apiVersion: 'v1', kind: 'Pod', metadata: dm, ...podTemplate({ serviceAccount: 'sa', hostNetwork: true, terminationGracePeriodSeconds: -5 }) , status: { podIP: '10.0.0.1' } }],
  ['', 'Pod', { apiVersion: 'v1', kind: 'Pod', metadata: dm, spec: { containers: [{ name: 'a', image: 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' }, { name: 'b', image: 'repo:5000/x' }] }, status: { podIPs: [{ ip: '10.0.0.2' }] } }],
  ['', 'PodTemplate', { apiVersion: 'v1', kind: 'PodTemplate', metadata: dm, template: podTemplate() }],
  ['', 'ReplicationController', { apiVersion: 'v1', kind: 'ReplicationController', metadata: dm, spec: { template: podTemplate() } }],
  ['', 'Service', { apiVersion: 'v1', kind: 'Service', metadata: dm, spec: { type: 'LoadBalancer', ports: [{ port: 80 }, { port: 81, targetPort: 'x' }], sessionAffinity: 'ClientIP' }, status: { loadBalancer: { ingress: [{ ip: '1.1.1.1' }] } } }],
  ['', 'Service', { apiVersion: 'v1', kind: 'Service', metadata: dm, spec: { type: 'ClusterIP', externalIPs: ['1.2.3.4'], ports: [{ port: 80 }] } }],
  ['', 'Service', { apiVersion: 'v1', kind: 'Service', metadata: dm, spec: { type: 'ExternalName', externalName: 'x.com' } }],
  ['', 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }],
  ['', 'Secret', { apiVersion: 'v1', kind: 'Secret', metadata: dm, data: { a: 'eA==' }, stringData: { a: 'y', b: 'z' } }],
  ['', 'PersistentVolumeClaim', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: dm, spec: { accessModes: ['ReadWriteOnce'] } }],
  ['', 'PersistentVolume', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { hostPath: { path: '/x' } } }],
  ['', 'Endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: dm, subsets: [{ ports: [{ port: 1 }] }] }],
  ['', 'LimitRange', { apiVersion: 'v1', kind: 'LimitRange', metadata: dm, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { memory: '1Gi' } }] } }],
  ['', 'Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { capacity: { cpu: '4' } } }],
  ['apps', 'Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: dm, spec: { selector: { matchLabels: { app: 'w' } }, template: podTemplate() } }],
  ['apps', 'ReplicaSet', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: dm, spec: { selector: { matchLabels: { app: 'w' } }, template: podTemplate() } }],
  ['apps', 'StatefulSet', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: dm, spec: { selector: { matchLabels: { app: 'w' } }, template: podTemplate(), volumeClaimTemplates: [{ metadata: { name: 'x' }, spec: { accessModes: ['ReadWriteOnce'] } }] } }],
  ['apps', 'DaemonSet', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: dm, spec: { selector: { matchLabels: { app: 'w' } }, template: podTemplate() } }],
  ['batch', 'Job', { apiVersion: 'batch/v1', kind: 'Job', metadata: dm, spec: { template: podTemplate({ restartPolicy: 'Never' }) } }],
  ['batch', 'Job', { apiVersion: 'batch/v1', kind: 'Job', metadata: dm, spec: { parallelism: 2, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: podTemplate({ restartPolicy: 'Never' }) } }],
  ['batch', 'CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: dm, spec: { schedule: '@daily', jobTemplate: { spec: { template: podTemplate({ restartPolicy: 'Never' }) } } } }],
  ['networking.k8s.io', 'NetworkPolicy', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: dm, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } }],
  ['networking.k8s.io', 'Ingress', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: dm, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { number: 80 } } } }] } }] } }],
  ['networking.k8s.io', 'IngressClass', { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'i' }, spec: { controller: 'x/y', parameters: { kind: 'K', name: 'n' } } }],
  ['discovery.k8s.io', 'EndpointSlice', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: dm, addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] }],
  ['rbac.authorization.k8s.io', 'ClusterRoleBinding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'Group', name: 'g' }, { kind: 'ServiceAccount', name: 's', namespace: 'd' }] }],
  ['autoscaling', 'HorizontalPodAutoscaler', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: dm, spec: { maxReplicas: 3, scaleTargetRef: { kind: 'Deployment', name: 'w', apiVersion: 'apps/v1' }, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } }],
  ['scheduling.k8s.io', 'PriorityClass', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 5 }],
  ['storage.k8s.io', 'StorageClass', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' }, provisioner: 'p' }],
  ['storage.k8s.io', 'CSIDriver', { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'c' }, spec: {} }],
  ['admissionregistration.k8s.io', 'MutatingWebhookConfiguration', { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'w' }, webhooks: [{ name: 'a.b.c', sideEffects: 'None', admissionReviewVersions: ['v1'], clientConfig: { service: { name: 's', namespace: 'n' } }, rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] }] }],
  ['policy', 'PodDisruptionBudget', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: dm, spec: { minAvailable: 1 } }],
];

