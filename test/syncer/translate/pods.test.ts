import type { V1Container, V1Pod, V1Volume } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  LABELS_ANNOTATION,
  MANAGED_BY_LABEL,
  NAMESPACE_LABEL,
  OBJECT_KIND_ANNOTATION,
  OBJECT_NAME_ANNOTATION,
  OBJECT_NAMESPACE_ANNOTATION,
  OBJECT_UID_ANNOTATION,
  SERVICE_ACCOUNT_NAME_ANNOTATION,
} from '../../../src/syncer/mappings/index.js';
import { podReferences } from '../../../src/syncer/translate/pod-references.js';
import { SERVICE_ACCOUNT_MOUNT_PATH, requiredServiceAccountTokens, tokenSecretKey } from '../../../src/syncer/translate/pod-runtime.js';
import { serviceAccountTokenSecret } from '../../../src/syncer/translate/service-account-tokens.js';
import { ephemeralContainersToHost, podToHost } from '../../../src/syncer/translate/pods.js';
import { h, testContext } from './fixtures.js';

const single = testContext('single');
const namespaces = testContext('namespaces');

function pod(spec: Partial<V1Pod['spec']> = {}, metadata: Partial<V1Pod['metadata']> = {}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-0',
      namespace: 'default',
      uid: 'virtual-uid-1',
      resourceVersion: '42',
      generation: 1,
      labels: { app: 'web' },
      annotations: { note: 'kept' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid' }],
      finalizers: ['example.com/finalizer'],
      managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      ...metadata,
    },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  };
}

const container = (extra: Partial<V1Container> = {}): V1Container => ({ name: 'app', image: 'nginx', ...extra });

describe('podToHost metadata', () => {
  it.each([
    { ctx: single, namespace: 'host-ns', name: h('web-0') },
    { ctx: namespaces, namespace: 'vc-default', name: 'web-0' },
  ])('$ctx.mode mode: names, labels, back-pointers, nothing host-owned copied', ({ ctx, namespace, name }) => {
    const host = podToHost(pod(), ctx);
    expect(host.metadata?.name).toBe(name);
    expect(host.metadata?.namespace).toBe(namespace);
    expect(host.metadata?.labels).toEqual({ app: 'web', [MANAGED_BY_LABEL]: 'vc', [NAMESPACE_LABEL]: 'default' });
    expect(host.metadata?.annotations).toMatchObject({
      note: 'kept',
      [OBJECT_NAME_ANNOTATION]: 'web-0',
      [OBJECT_NAMESPACE_ANNOTATION]: 'default',
      [OBJECT_UID_ANNOTATION]: 'virtual-uid-1',
      [OBJECT_KIND_ANNOTATION]: 'Pod',
      [SERVICE_ACCOUNT_NAME_ANNOTATION]: 'default',
      [LABELS_ANNOTATION]: 'app="web"',
    });
    for (const field of ['uid', 'resourceVersion', 'ownerReferences', 'finalizers', 'managedFields', 'generation']) {
      expect(host.metadata).not.toHaveProperty(field);
    }
    expect(host).not.toHaveProperty('status');
  });

  it('does not modify the virtual pod', () => {
    const virtual = pod({ volumes: [{ name: 'c', configMap: { name: 'cfg' } }] });
    const before = JSON.parse(JSON.stringify(virtual)) as V1Pod;
    podToHost(virtual, single);
    expect(virtual).toEqual(before);
  });

  it('rejects an object without namespace', () => {
    expect(() => podToHost(pod({}, { namespace: undefined }), single)).toThrow(TypeError);
  });
});

describe('podToHost volume references', () => {
  const cases: Array<{ desc: string; volume: V1Volume; expected: V1Volume }> = [
    { desc: 'configMap', volume: { name: 'v', configMap: { name: 'cfg', optional: true } }, expected: { name: 'v', configMap: { name: h('cfg'), optional: true } } },
    { desc: 'kube-root-ca.crt configMap', volume: { name: 'v', configMap: { name: 'kube-root-ca.crt' } }, expected: { name: 'v', configMap: { name: h('vkube-kube-root-ca.crt') } } },
    { desc: 'secret', volume: { name: 'v', secret: { secretName: 'creds' } }, expected: { name: 'v', secret: { secretName: h('creds') } } },
    { desc: 'persistentVolumeClaim', volume: { name: 'v', persistentVolumeClaim: { claimName: 'data', readOnly: true } }, expected: { name: 'v', persistentVolumeClaim: { claimName: h('data'), readOnly: true } } },
    { desc: 'azureFile', volume: { name: 'v', azureFile: { secretName: 'az', shareName: 's' } }, expected: { name: 'v', azureFile: { secretName: h('az'), shareName: 's' } } },
    { desc: 'iscsi', volume: { name: 'v', iscsi: { iqn: 'i', lun: 0, targetPortal: 't', secretRef: { name: 'chap' } } }, expected: { name: 'v', iscsi: { iqn: 'i', lun: 0, targetPortal: 't', secretRef: { name: h('chap') } } } },
    { desc: 'rbd', volume: { name: 'v', rbd: { image: 'i', monitors: ['m'], secretRef: { name: 'ceph' } } }, expected: { name: 'v', rbd: { image: 'i', monitors: ['m'], secretRef: { name: h('ceph') } } } },
    { desc: 'flexVolume', volume: { name: 'v', flexVolume: { driver: 'd', secretRef: { name: 'fx' } } }, expected: { name: 'v', flexVolume: { driver: 'd', secretRef: { name: h('fx') } } } },
    { desc: 'cinder', volume: { name: 'v', cinder: { volumeID: 'id', secretRef: { name: 'os' } } }, expected: { name: 'v', cinder: { volumeID: 'id', secretRef: { name: h('os') } } } },
    { desc: 'cephfs', volume: { name: 'v', cephfs: { monitors: ['m'], secretRef: { name: 'cf' } } }, expected: { name: 'v', cephfs: { monitors: ['m'], secretRef: { name: h('cf') } } } },
    { desc: 'scaleIO', volume: { name: 'v', scaleIO: { gateway: 'g', system: 's', secretRef: { name: 'sio' } } }, expected: { name: 'v', scaleIO: { gateway: 'g', system: 's', secretRef: { name: h('sio') } } } },
    { desc: 'storageos', volume: { name: 'v', storageos: { volumeName: 'x', secretRef: { name: 'sos' } } }, expected: { name: 'v', storageos: { volumeName: 'x', secretRef: { name: h('sos') } } } },
    { desc: 'csi', volume: { name: 'v', csi: { driver: 'd', nodePublishSecretRef: { name: 'csi' } } }, expected: { name: 'v', csi: { driver: 'd', nodePublishSecretRef: { name: h('csi') } } } },
    { desc: 'emptyDir (unchanged)', volume: { name: 'v', emptyDir: {} }, expected: { name: 'v', emptyDir: {} } },
    {
      desc: 'projected configMap, secret and downwardAPI',
      volume: {
        name: 'v',
        projected: {
          sources: [
            { configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } },
            { secret: { name: 'creds' } },
            { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }, { path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }] } },
          ],
        },
      },
      expected: {
        name: 'v',
        projected: {
          sources: [
            { configMap: { name: h('cfg'), items: [{ key: 'a', path: 'a' }] } },
            { secret: { name: h('creds') } },
            {
              downwardAPI: {
                items: [
                  { path: 'ns', fieldRef: { fieldPath: `metadata.annotations['${OBJECT_NAMESPACE_ANNOTATION}']` } },
                  { path: 'ip', fieldRef: { fieldPath: 'status.podIP' } },
                ],
              },
            },
          ],
        },
      },
    },
    {
      desc: 'projected serviceAccountToken → the virtual token from our Secret',
      volume: { name: 'v', projected: { sources: [{ serviceAccountToken: { path: 'tok', audience: 'vault', expirationSeconds: 600 } }] } },
      expected: {
        name: 'v',
        projected: { sources: [{ secret: { name: 'vkube-token-web-0-x-default-x-vc', items: [{ key: tokenSecretKey('vault'), path: 'tok' }] } }] },
      },
    },
    {
      desc: 'downwardAPI volume',
      volume: { name: 'v', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      expected: {
        name: 'v',
        downwardAPI: {
          items: [
            { path: 'name', fieldRef: { fieldPath: `metadata.annotations['${OBJECT_NAME_ANNOTATION}']` } },
            { path: 'labels', fieldRef: { fieldPath: `metadata.annotations['${LABELS_ANNOTATION}']` } },
          ],
        },
      },
    },
  ];
  it.each(cases)('$desc', ({ volume, expected }) => {
    const host = podToHost(pod({ volumes: [volume], automountServiceAccountToken: false }), single);
    expect(host.spec?.volumes).toEqual([expected]);
  });

  it('namespaces mode keeps names', () => {
    const host = podToHost(pod({ volumes: [{ name: 'v', secret: { secretName: 'creds' } }], automountServiceAccountToken: false }), namespaces);
    expect(host.spec?.volumes).toEqual([{ name: 'v', secret: { secretName: 'creds' } }]);
  });
});

describe('podToHost container references', () => {
  const spec = {
    initContainers: [container({ name: 'init', envFrom: [{ secretRef: { name: 'init-env' } }] })],
    containers: [
      container({
        env: [
          { name: 'PLAIN', value: 'x' },
          { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } },
          { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'POD_UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
          { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
          { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        ],
        envFrom: [{ configMapRef: { name: 'cfg-all' }, prefix: 'C_' }, { secretRef: { name: 'sec-all' } }],
      }),
    ],
    imagePullSecrets: [{ name: 'registry' }],
  };
  const host = podToHost(pod(spec), single);
  const app = host.spec?.containers[0];
  const envByName = Object.fromEntries((app?.env ?? []).map((e) => [e.name, e]));

  it.each([
    ['FROM_CM', { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: h('cfg'), key: 'k' } } }],
    ['FROM_SECRET', { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: h('creds'), key: 'password' } } }],
    ['POD_NAME', { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${OBJECT_NAME_ANNOTATION}']` } } }],
    ['POD_NAMESPACE', { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${OBJECT_NAMESPACE_ANNOTATION}']` } } }],
    ['POD_UID', { name: 'POD_UID', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${OBJECT_UID_ANNOTATION}']` } } }],
    ['SA', { name: 'SA', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${SERVICE_ACCOUNT_NAME_ANNOTATION}']` } } }],
    ['NODE', { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
    ['APP', { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }],
    ['CPU', { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }],
    ['PLAIN', { name: 'PLAIN', value: 'x' }],
  ])('env %s', (name, expected) => {
    expect(envByName[name]).toEqual(expected);
  });

  it('envFrom, init containers and imagePullSecrets', () => {
    expect(app?.envFrom).toEqual([{ configMapRef: { name: h('cfg-all') }, prefix: 'C_' }, { secretRef: { name: h('sec-all') } }]);
    expect(host.spec?.initContainers?.[0]?.envFrom).toEqual([{ secretRef: { name: h('init-env') } }]);
    expect(host.spec?.imagePullSecrets).toEqual([{ name: h('registry') }]);
  });

  it('podReferences lists exactly what the pod uses', () => {
    expect(
      podReferences({ ...spec, volumes: [{ name: 'a', configMap: { name: 'vol-cm' } }, { name: 'b', persistentVolumeClaim: { claimName: 'data' } }, { name: 'c', csi: { driver: 'd', nodePublishSecretRef: { name: 'csi-sec' } } }] }),
    ).toEqual({
      configMaps: ['cfg', 'cfg-all', 'vol-cm'],
      secrets: ['creds', 'csi-sec', 'init-env', 'registry', 'sec-all'],
      persistentVolumeClaims: ['data'],
    });
  });
});

describe('podToHost runtime: API server, token, DNS, identity', () => {
  it('points every container at vkube, tenant-declared values win, ours come first', () => {
    const host = podToHost(pod({ containers: [container({ env: [{ name: 'KUBERNETES_SERVICE_PORT', value: '6443' }, { name: 'URL', value: 'https://$(KUBERNETES_SERVICE_HOST)' }] })] }), single);
    const env = host.spec?.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'KUBERNETES_SERVICE_HOST')?.value).toBe('10.96.0.50');
    expect(env.filter((e) => e.name === 'KUBERNETES_SERVICE_PORT')).toEqual([{ name: 'KUBERNETES_SERVICE_PORT', value: '6443' }]);
    expect(env.find((e) => e.name === 'KUBERNETES_PORT_443_TCP_ADDR')?.value).toBe('10.96.0.50');
    expect(env.findIndex((e) => e.name === 'KUBERNETES_SERVICE_HOST')).toBeLessThan(env.findIndex((e) => e.name === 'URL'));
    expect(host.spec?.enableServiceLinks).toBe(false);
  });

  it('never mounts a host token: automount off, the virtual token projected from our Secret', () => {
    const host = podToHost(pod({ serviceAccountName: 'builder', initContainers: [container({ name: 'init' })] }), single);
    expect(host.spec?.automountServiceAccountToken).toBe(false);
    expect(host.spec?.serviceAccountName).toBe(h('builder'));
    expect(host.spec).not.toHaveProperty('serviceAccount');
    expect(host.metadata?.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION]).toBe('builder');
    expect(host.spec?.volumes).toEqual([
      {
        name: 'vkube-api-access',
        projected: {
          defaultMode: 0o644,
          sources: [{ secret: { name: 'vkube-token-web-0-x-default-x-vc', items: ['token', 'ca.crt', 'namespace'].map((key) => ({ key, path: key })) } }],
        },
      },
    ]);
    for (const c of [...(host.spec?.containers ?? []), ...(host.spec?.initContainers ?? [])]) {
      expect(c.volumeMounts).toEqual([{ name: 'vkube-api-access', mountPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true }]);
    }
  });

  it.each([
    { desc: 'pod opts out', spec: { automountServiceAccountToken: false }, options: {}, mounted: false },
    { desc: 'service account opts out', spec: {}, options: { serviceAccountAutomount: false }, mounted: false },
    { desc: 'pod opts in over its service account', spec: { automountServiceAccountToken: true }, options: { serviceAccountAutomount: false }, mounted: true },
  ])('token automount: $desc', ({ spec, options, mounted }) => {
    const host = podToHost(pod(spec), single, options);
    expect(host.spec?.volumes?.some((v) => v.name === 'vkube-api-access') ?? false).toBe(mounted);
    expect(host.spec?.automountServiceAccountToken).toBe(false);
  });

  it('keeps a container mount the tenant already has at the service-account path', () => {
    const mounts = [{ name: 'own', mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
    const host = podToHost(pod({ containers: [container({ volumeMounts: mounts })], volumes: [{ name: 'own', emptyDir: {} }] }), single);
    expect(host.spec?.containers[0]?.volumeMounts).toEqual(mounts);
    expect(host.spec?.volumes?.map((v) => v.name)).toEqual(['own']);
  });

  /** What vkube's admission gives a pod (registry/admission/pod.ts): its token volume, mounted in every container. */
  const admitted = (extra: Partial<V1Pod['spec']> = {}) => {
    const mount = { name: 'kube-api-access-abcde', mountPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true };
    return pod({
      containers: [container({ volumeMounts: [mount] })],
      initContainers: [container({ name: 'init', volumeMounts: [mount] })],
      volumes: [
        {
          name: 'kube-api-access-abcde',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
      ],
      ...extra,
    });
  };

  it('an admitted pod reads its token from its own volume: no second, unmounted token volume, no CA in the Secret', () => {
    const virtualPod = admitted();
    const host = podToHost(virtualPod, single);
    expect(host.spec?.volumes?.map((v) => v.name)).toEqual(['kube-api-access-abcde']);
    expect(host.spec?.volumes?.[0]?.projected?.sources?.[0]).toEqual({ secret: { name: 'vkube-token-web-0-x-default-x-vc', items: [{ key: 'token', path: 'token' }] } });
    for (const c of [...(host.spec?.containers ?? []), ...(host.spec?.initContainers ?? [])]) {
      expect(c.volumeMounts).toEqual([{ name: 'kube-api-access-abcde', mountPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true }]);
    }
    const secret = serviceAccountTokenSecret(virtualPod, { token: 'jwt' }, 'PEM', single);
    expect(Object.keys(secret.data ?? {})).toEqual(['token']);
    // Every key the host pod reads from the Secret is in it.
    const read = (host.spec?.volumes ?? []).flatMap((v) => v.projected?.sources ?? []).flatMap((source) => (source.secret?.name === secret.metadata?.name ? (source.secret?.items ?? []) : []));
    for (const item of read) expect(secret.data).toHaveProperty([item.key]);
  });

  it('a container without the mount still gets ours, from our volume with the CA and namespace', () => {
    const virtualPod = admitted({ containers: [container(), container({ name: 'sidecar', volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: SERVICE_ACCOUNT_MOUNT_PATH }] })] });
    const host = podToHost(virtualPod, single);
    expect(host.spec?.volumes?.map((v) => v.name)).toEqual(['kube-api-access-abcde', 'vkube-api-access']);
    expect(host.spec?.containers[0]?.volumeMounts).toEqual([{ name: 'vkube-api-access', mountPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true }]);
    expect(Object.keys(serviceAccountTokenSecret(virtualPod, { token: 'jwt' }, 'PEM', single).data ?? {})).toEqual(['token', 'ca.crt', 'namespace']);
  });

  it('an ephemeral container mounts the token volume the host pod has', () => {
    const ephemeralContainers = [{ name: 'debug', image: 'busybox' }];
    expect(ephemeralContainersToHost(admitted({ ephemeralContainers }), single)[0]?.volumeMounts).toEqual([{ name: 'kube-api-access-abcde', mountPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true }]);
    expect(ephemeralContainersToHost(pod({ ephemeralContainers }), single)[0]?.volumeMounts).toEqual([{ name: 'vkube-api-access', mountPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true }]);
    expect(ephemeralContainersToHost(pod({ ephemeralContainers, automountServiceAccountToken: false }), single)[0]?.volumeMounts).toBeUndefined();
  });

  it('runs as a configured host service account when one is given', () => {
    const host = podToHost(pod({ serviceAccountName: 'builder' }), testContext('single', { hostServiceAccountName: 'vkube-workload' }));
    expect(host.spec?.serviceAccountName).toBe('vkube-workload');
  });

  it.each([
    {
      desc: 'ClusterFirst (default)',
      spec: {},
      expected: { dnsPolicy: 'None', dnsConfig: { nameservers: ['10.96.0.53'], searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{ name: 'ndots', value: '5' }] } },
    },
    {
      desc: 'ClusterFirst merged with the tenant dnsConfig',
      spec: { dnsConfig: { nameservers: ['1.1.1.1'], searches: ['corp.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } },
      expected: {
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: ['10.96.0.53', '1.1.1.1'],
          searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'],
          options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
        },
      },
    },
    {
      desc: 'ClusterFirstWithHostNet',
      spec: { dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true },
      expected: { dnsPolicy: 'None', dnsConfig: { nameservers: ['10.96.0.53'], searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{ name: 'ndots', value: '5' }] } },
    },
    { desc: 'ClusterFirst with hostNetwork behaves as Default', spec: { hostNetwork: true }, expected: {} },
    { desc: 'Default', spec: { dnsPolicy: 'Default' }, expected: { dnsPolicy: 'Default' } },
    { desc: 'None', spec: { dnsPolicy: 'None', dnsConfig: { nameservers: ['8.8.8.8'] } }, expected: { dnsPolicy: 'None', dnsConfig: { nameservers: ['8.8.8.8'] } } },
  ])('DNS: $desc', ({ spec, expected }) => {
    const host = podToHost(pod(spec), single);
    expect({ dnsPolicy: host.spec?.dnsPolicy, dnsConfig: host.spec?.dnsConfig }).toEqual({ dnsPolicy: undefined, dnsConfig: undefined, ...expected });
  });

  it.each([
    { desc: 'defaults to the virtual name', spec: {}, name: 'web-0', hostname: 'web-0', subdomain: undefined },
    { desc: 'dots become dashes', spec: {}, name: 'web.v1', hostname: 'web-v1', subdomain: undefined },
    { desc: 'tenant hostname and subdomain kept', spec: { hostname: 'db-0', subdomain: 'db' }, name: 'web-0', hostname: 'db-0', subdomain: 'db' },
  ])('hostname: $desc', ({ spec, name, hostname, subdomain }) => {
    const host = podToHost(pod(spec, { name }), single);
    expect(host.spec?.hostname).toBe(hostname);
    expect(host.spec?.subdomain).toBe(subdomain);
  });

  it('drops fields the host admission would reject or compute itself', () => {
    const host = podToHost(pod({ priority: 1000, priorityClassName: 'high', preemptionPolicy: 'Never', overhead: { cpu: '100m' }, ephemeralContainers: [{ name: 'debug', image: 'busybox' }], nodeName: 'node-1' }), single);
    for (const field of ['priority', 'priorityClassName', 'preemptionPolicy', 'overhead', 'ephemeralContainers']) expect(host.spec).not.toHaveProperty(field);
    expect(host.spec?.nodeName).toBe('node-1');
  });

  it('translates ephemeral containers for their subresource', () => {
    const debug = ephemeralContainersToHost(pod({ ephemeralContainers: [{ name: 'debug', image: 'busybox', envFrom: [{ secretRef: { name: 's' } }] }] }), single);
    expect(debug[0]?.envFrom).toEqual([{ secretRef: { name: h('s') } }]);
    expect(debug[0]?.env?.[0]).toEqual({ name: 'KUBERNETES_SERVICE_HOST', value: '10.96.0.50' });
  });
});

describe('podToHost scheduling', () => {
  const term = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } };
  it('single mode narrows affinity terms to our pods in the meant namespaces', () => {
    const host = podToHost(
      pod({
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] },
          podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { ...term, namespaces: ['a', 'b'] } }] },
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }] } },
        },
      }),
      single,
    );
    const managedBy = { key: MANAGED_BY_LABEL, operator: 'In', values: ['vc'] };
    expect(host.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' }, matchExpressions: [managedBy, { key: NAMESPACE_LABEL, operator: 'In', values: ['default'] }] } },
    ]);
    expect(host.spec?.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.[0]?.podAffinityTerm).toEqual({
      topologyKey: 'kubernetes.io/hostname',
      labelSelector: { matchLabels: { app: 'web' }, matchExpressions: [managedBy, { key: NAMESPACE_LABEL, operator: 'In', values: ['a', 'b'] }] },
    });
    expect(host.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toHaveLength(1);
  });

  it('namespaces mode maps the term namespaces to host namespaces', () => {
    const host = podToHost(pod({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...term, namespaces: ['a'] }] } } }), namespaces);
    expect(host.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{ ...term, namespaces: ['vc-a'] }]);
  });

  it('narrows topology spread constraints to the virtual namespace', () => {
    const host = podToHost(pod({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] }), single);
    expect(host.spec?.topologySpreadConstraints?.[0]?.labelSelector?.matchExpressions).toEqual([
      { key: MANAGED_BY_LABEL, operator: 'In', values: ['vc'] },
      { key: NAMESPACE_LABEL, operator: 'In', values: ['default'] },
    ]);
  });
});

describe('service-account tokens', () => {
  it.each([
    { desc: 'automount only', spec: {}, automount: true, keys: [{ key: 'token' }] },
    { desc: 'automount off, no projections', spec: { automountServiceAccountToken: false }, automount: true, keys: [] },
    { desc: 'SA opts out', spec: {}, automount: false, keys: [] },
    {
      desc: 'projections per audience, de-duplicated, API audience shares the automount key',
      spec: {
        volumes: [
          { name: 'a', projected: { sources: [{ serviceAccountToken: { path: 't', audience: 'vault', expirationSeconds: 3600 } }, { serviceAccountToken: { path: 'u' } }] } },
          { name: 'b', projected: { sources: [{ serviceAccountToken: { path: 't2', audience: 'vault' } }] } },
        ],
      },
      automount: true,
      keys: [{ key: 'token' }, { key: tokenSecretKey('vault'), audience: 'vault', expirationSeconds: 3600 }],
    },
  ])('requiredServiceAccountTokens: $desc', ({ spec, automount, keys }) => {
    expect(requiredServiceAccountTokens({ containers: [], ...spec }, automount)).toEqual(keys);
  });

  it('tokenSecretKey is stable, distinct per audience, and a valid Secret key', () => {
    expect(tokenSecretKey(undefined)).toBe('token');
    expect(tokenSecretKey('')).toBe('token');
    expect(tokenSecretKey('vault')).toBe(tokenSecretKey('vault'));
    expect(tokenSecretKey('vault')).not.toBe(tokenSecretKey('sts.amazonaws.com'));
    expect(tokenSecretKey('https://sts.example.com/aud?x=1')).toMatch(/^token-[0-9a-f]{10}$/);
  });

  it('serviceAccountTokenSecret carries only the pod identity, not its labels', () => {
    const secret = serviceAccountTokenSecret(pod(), { token: 'jwt' }, 'PEM', single);
    expect(secret.metadata?.name).toBe('vkube-token-web-0-x-default-x-vc');
    expect(secret.metadata?.labels).toEqual({ [MANAGED_BY_LABEL]: 'vc', [NAMESPACE_LABEL]: 'default' });
    expect(secret.metadata?.annotations).toMatchObject({ [OBJECT_KIND_ANNOTATION]: 'ServiceAccountToken', [OBJECT_UID_ANNOTATION]: 'virtual-uid-1', [OBJECT_NAME_ANNOTATION]: 'web-0' });
    expect(secret.type).toBe('Opaque');
    expect(Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]))).toEqual({ token: 'jwt', 'ca.crt': 'PEM', namespace: 'default' });
  });
});
