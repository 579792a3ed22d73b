/**
 * Realistic objects for the benchmark. A pod created by a Deployment carries two containers with
 * env, probes, mounts and resources, and (once the kubelet reports) a status with conditions and
 * container statuses: about 2-3 KB of JSON once the server adds its metadata.
 */

export interface PodManifest {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string>; resourceVersion?: string };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const HASH = '5d8f7c9b6d';

/**
 * No ownerReferences: an owner that does not exist makes the garbage collector delete the pod,
 * which would race the status updates of the next phase.
 */
export function podManifest(namespace: string, name: string): PodManifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: { app: 'checkout', 'pod-template-hash': HASH },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T14:00:00Z' },
    },
    spec: {
      serviceAccountName: 'default',
      nodeName: 'node-1',
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/shop/checkout:1.42.7',
          args: ['--listen=:8080', '--log-format=json'],
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'DATABASE_URL', value: 'postgres://checkout@db.shop.svc:5432/checkout' },
          ],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 5 },
        },
      ],
    },
  };
}

/** The status a kubelet would write once both containers run. */
export function runningPodStatus(index: number): Record<string, unknown> {
  const ip = `10.244.${(index >> 8) & 255}.${index & 255}`;
  const at = '2026-11-22T14:00:05Z';
  const container = (name: string, image: string) => ({
    name,
    image,
    imageID: `${image.split(':')[0]}@sha256:3f1b5c9d2e7a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e`,
    containerID: `containerd://${index.toString(16).padStart(8, '0')}a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d`,
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt: at } },
  });
  return {
    phase: 'Running',
    hostIP: '192.168.10.21',
    hostIPs: [{ ip: '192.168.10.21' }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: '2026-11-22T14:00:01Z',
    qosClass: 'Burstable',
    conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: at })),
    containerStatuses: [container('app', 'registry.example.com/shop/checkout:1.42.7')],
  };
}

export function configMapManifest(namespace: string, name: string, generation: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { app: 'bench' } },
    data: { 'settings.yaml': `generation: ${generation}\nfeature-flags: [checkout-v2, fast-path]\nlimits: {rps: 500, burst: 1000}\n`, owner: 'team-shop' },
  };
}

/** A static JSON document of about 1 KB: the reference server's answer. */
export function staticDocument(): string {
  const doc = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'static', namespace: 'default', resourceVersion: '1' }, data: { payload: '' } };
  const base = JSON.stringify(doc).length;
  doc.data.payload = 'x'.repeat(1024 - base);
  return JSON.stringify(doc);
}
