import type { V1ConfigMap, V1Endpoints, V1Ingress, V1Namespace, V1PersistentVolumeClaim, V1Secret, V1Service, V1ServiceAccount } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  MANAGED_ANNOTATIONS_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_LABELS_ANNOTATION,
  NAMESPACE_LABEL,
  OBJECT_KIND_ANNOTATION,
  OBJECT_NAME_ANNOTATION,
  OBJECT_NAMESPACE_ANNOTATION,
  OBJECT_UID_ANNOTATION,
} from '../../../src/syncer/mappings/index.js';
import { configMapToHost } from '../../../src/syncer/translate/configmaps.js';
import { endpointsNeedSync, endpointsToHost } from '../../../src/syncer/translate/endpoints.js';
import { ingressSecretNames, ingressToHost } from '../../../src/syncer/translate/ingresses.js';
import { namespaceToHost } from '../../../src/syncer/translate/namespaces.js';
import { persistentVolumeClaimToHost } from '../../../src/syncer/translate/persistentvolumeclaims.js';
import { secretToHost } from '../../../src/syncer/translate/secrets.js';
import { serviceAccountToHost } from '../../../src/syncer/translate/serviceaccounts.js';
import { serviceToHost } from '../../../src/syncer/translate/services.js';
import { h, testContext } from './fixtures.js';

const single = testContext('single');
const namespaces = testContext('namespaces');

const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'default',
  uid: `uid-${name}`,
  resourceVersion: '7',
  labels: { tier: 'backend' },
  annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' },
  ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 'o', uid: 'o' }],
  finalizers: ['f'],
  managedFields: [{ manager: 'm' }],
  ...extra,
});

type Translator = (virtualObject: never, ctx: typeof single) => { metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } };
const translators: Array<{ kind: string; toHost: Translator; object: object }> = [
  { kind: 'Service', toHost: serviceToHost as Translator, object: { metadata: meta('db'), spec: {} } },
  { kind: 'ConfigMap', toHost: configMapToHost as Translator, object: { metadata: meta('db') } },
  { kind: 'Secret', toHost: secretToHost as Translator, object: { metadata: meta('db') } },
  { kind: 'ServiceAccount', toHost: serviceAccountToHost as Translator, object: { metadata: meta('db') } },
  { kind: 'Endpoints', toHost: endpointsToHost as Translator, object: { metadata: meta('db') } },
  { kind: 'PersistentVolumeClaim', toHost: persistentVolumeClaimToHost as Translator, object: { metadata: meta('db'), spec: {} } },
  { kind: 'Ingress', toHost: ingressToHost as Translator, object: { metadata: meta('db'), spec: {} } },
];

describe('common host metadata', () => {
  it.each(translators.flatMap((t) => [{ ...t, ctx: single, name: h('db'), namespace: 'host-ns' }, { ...t, ctx: namespaces, name: 'db', namespace: 'vc-default' }]))(
    '$kind in $ctx.mode mode',
    ({ kind, toHost, object, ctx, name, namespace }) => {
      const host = toHost(object as never, ctx);
      expect(host.metadata).toEqual({
        name,
        namespace,
        labels: { tier: 'backend', [MANAGED_BY_LABEL]: 'vc', [NAMESPACE_LABEL]: 'default' },
        annotations: {
          keep: 'me',
          [OBJECT_NAME_ANNOTATION]: 'db',
          [OBJECT_NAMESPACE_ANNOTATION]: 'default',
          [OBJECT_UID_ANNOTATION]: 'uid-db',
          [OBJECT_KIND_ANNOTATION]: kind,
          [MANAGED_LABELS_ANNOTATION]: `tier,${MANAGED_BY_LABEL},${NAMESPACE_LABEL}`,
          [MANAGED_ANNOTATIONS_ANNOTATION]: ['keep', OBJECT_KIND_ANNOTATION, OBJECT_NAME_ANNOTATION, OBJECT_NAMESPACE_ANNOTATION, OBJECT_UID_ANNOTATION].join(','),
        },
      });
    },
  );
});

describe('serviceToHost', () => {
  it.each([
    {
      desc: 'selector narrowed to this virtual namespace',
      spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] },
      expected: { selector: { app: 'db', [MANAGED_BY_LABEL]: 'vc', [NAMESPACE_LABEL]: 'default' }, ports: [{ port: 5432 }] },
    },
    { desc: 'selector-less service stays selector-less', spec: { ports: [{ port: 80 }] }, expected: { ports: [{ port: 80 }] } },
    { desc: 'headless kept', spec: { clusterIP: 'None', selector: { app: 'db' } }, expected: { clusterIP: 'None', selector: { app: 'db', [MANAGED_BY_LABEL]: 'vc', [NAMESPACE_LABEL]: 'default' } } },
    {
      desc: 'host-allocated clusterIP and nodePort asked for again',
      spec: { type: 'NodePort', clusterIP: '10.96.3.4', clusterIPs: ['10.96.3.4'], ports: [{ port: 80, nodePort: 30080 }] },
      expected: { type: 'NodePort', clusterIP: '10.96.3.4', clusterIPs: ['10.96.3.4'], ports: [{ port: 80, nodePort: 30080 }] },
    },
    { desc: 'ExternalName', spec: { type: 'ExternalName', externalName: 'example.com' }, expected: { type: 'ExternalName', externalName: 'example.com' } },
  ])('$desc', ({ spec, expected }) => {
    const virtual: V1Service = { metadata: meta('db'), spec };
    expect(serviceToHost(virtual, single).spec).toEqual(expected);
  });
});

describe('configMapToHost and secretToHost', () => {
  it('copies data, binaryData and immutable', () => {
    const virtual: V1ConfigMap = { metadata: meta('cfg'), data: { a: '1' }, binaryData: { b: 'AA==' }, immutable: true };
    const host = configMapToHost(virtual, single);
    expect({ data: host.data, binaryData: host.binaryData, immutable: host.immutable, name: host.metadata?.name }).toEqual({
      data: { a: '1' },
      binaryData: { b: 'AA==' },
      immutable: true,
      name: h('cfg'),
    });
  });

  it('the virtual kube-root-ca.crt gets its own host name', () => {
    expect(configMapToHost({ metadata: meta('kube-root-ca.crt'), data: { 'ca.crt': 'pem' } }, single).metadata?.name).toBe(h('vkube-kube-root-ca.crt'));
  });

  it.each([
    { type: 'Opaque', expected: 'Opaque' },
    { type: 'kubernetes.io/dockerconfigjson', expected: 'kubernetes.io/dockerconfigjson' },
    { type: 'kubernetes.io/tls', expected: 'kubernetes.io/tls' },
    { type: 'kubernetes.io/service-account-token', expected: 'Opaque' },
    { type: undefined, expected: undefined },
  ])('secret type $type → $expected', ({ type, expected }) => {
    const virtual: V1Secret = {
      metadata: meta('s', { annotations: { 'kubernetes.io/service-account.name': 'default', 'kubernetes.io/service-account.uid': 'u' } }),
      data: { token: 'dG9r' },
      ...(type && { type }),
    };
    const host = secretToHost(virtual, single);
    expect(host.type).toBe(expected);
    expect(host.data).toEqual({ token: 'dG9r' });
    const hostKeepsTokenAnnotations = type !== 'kubernetes.io/service-account-token';
    expect(host.metadata?.annotations?.['kubernetes.io/service-account.name'] !== undefined).toBe(hostKeepsTokenAnnotations);
    expect(host.metadata?.annotations?.[MANAGED_ANNOTATIONS_ANNOTATION]?.includes('kubernetes.io/service-account.name')).toBe(hostKeepsTokenAnnotations);
  });
});

describe('serviceAccountToHost', () => {
  it('renames secrets and pull secrets, never automounts the host token', () => {
    const virtual: V1ServiceAccount = { metadata: meta('builder'), secrets: [{ name: 'builder-token' }], imagePullSecrets: [{ name: 'registry' }], automountServiceAccountToken: true };
    const host = serviceAccountToHost(virtual, single);
    expect(host.secrets).toEqual([{ name: h('builder-token') }]);
    expect(host.imagePullSecrets).toEqual([{ name: h('registry') }]);
    expect(host.automountServiceAccountToken).toBe(false);
  });
});

describe('endpoints', () => {
  it.each([
    { selector: undefined, sync: true },
    { selector: {}, sync: true },
    { selector: { app: 'x' }, sync: false },
  ])('endpointsNeedSync($selector) = $sync', ({ selector, sync }) => {
    expect(endpointsNeedSync(selector as Record<string, string> | undefined)).toBe(sync);
  });

  it('pod targets point at host pods; other targets and IPs unchanged', () => {
    const virtual: V1Endpoints = {
      metadata: meta('ext'),
      subsets: [
        {
          addresses: [
            { ip: '10.0.0.1', targetRef: { kind: 'Pod', name: 'web-0', namespace: 'default', uid: 'virtual-pod-uid', resourceVersion: '3' } },
            { ip: '192.168.1.1' },
          ],
          notReadyAddresses: [{ ip: '10.0.0.2', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default' } }],
          ports: [{ port: 80, name: 'http' }],
        },
      ],
    };
    expect(endpointsToHost(virtual, single).subsets).toEqual([
      {
        addresses: [{ ip: '10.0.0.1', targetRef: { kind: 'Pod', name: h('web-0'), namespace: 'host-ns' } }, { ip: '192.168.1.1' }],
        notReadyAddresses: [{ ip: '10.0.0.2', targetRef: { kind: 'Pod', name: h('web-1'), namespace: 'host-ns' } }],
        ports: [{ port: 80, name: 'http' }],
      },
    ]);
  });
});

describe('persistentVolumeClaimToHost', () => {
  it('drops volumeName and renames a PVC data source, keeps other sources', () => {
    const virtual: V1PersistentVolumeClaim = {
      metadata: meta('data'),
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        storageClassName: 'standard',
        volumeName: 'pv-virtual',
        dataSource: { kind: 'PersistentVolumeClaim', name: 'origin' },
        dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' },
      },
    };
    expect(persistentVolumeClaimToHost(virtual, single).spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      storageClassName: 'standard',
      dataSource: { kind: 'PersistentVolumeClaim', name: h('origin') },
      dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' },
    });
  });
});

describe('ingressToHost', () => {
  it('renames service backends and TLS secrets; resource backends untouched', () => {
    const virtual: V1Ingress = {
      metadata: meta('web'),
      spec: {
        ingressClassName: 'nginx',
        defaultBackend: { service: { name: 'fallback', port: { number: 80 } } },
        tls: [{ hosts: ['a.example'], secretName: 'tls-a' }, { hosts: ['b.example'] }],
        rules: [
          {
            host: 'a.example',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } },
                { path: '/static', pathType: 'Prefix', backend: { resource: { apiGroup: 'example.com', kind: 'Bucket', name: 'b' } } },
              ],
            },
          },
          { host: 'c.example' },
        ],
      },
    };
    expect(ingressToHost(virtual, single).spec).toEqual({
      ingressClassName: 'nginx',
      defaultBackend: { service: { name: h('fallback'), port: { number: 80 } } },
      tls: [{ hosts: ['a.example'], secretName: h('tls-a') }, { hosts: ['b.example'] }],
      rules: [
        {
          host: 'a.example',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: h('web'), port: { name: 'http' } } } },
              { path: '/static', pathType: 'Prefix', backend: { resource: { apiGroup: 'example.com', kind: 'Bucket', name: 'b' } } },
            ],
          },
        },
        { host: 'c.example' },
      ],
    });
  });
});

describe('ingressSecretNames', () => {
  it('lists each TLS secret once; TLS entries without a secret and Ingresses without TLS name none', () => {
    expect(ingressSecretNames({ tls: [{ hosts: ['a.example'], secretName: 'tls-a' }, { hosts: ['b.example'] }, { secretName: 'tls-a' }, { secretName: 'tls-c' }] })).toEqual(['tls-a', 'tls-c']);
    expect(ingressSecretNames({ rules: [{ host: 'a.example' }] })).toEqual([]);
    expect(ingressSecretNames(undefined)).toEqual([]);
  });
});

describe('namespaceToHost (namespaces mode)', () => {
  it('names it <vc>-<ns>, keeps labels, enforces the configured Pod Security level', () => {
    const virtual: V1Namespace = {
      metadata: {
        name: 'team-a',
        uid: 'ns-uid',
        labels: { team: 'a', 'kubernetes.io/metadata.name': 'team-a', 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged' },
        annotations: { owner: 'alice' },
      },
      spec: { finalizers: ['kubernetes'] },
    };
    const host = namespaceToHost(virtual, namespaces);
    expect(host.metadata?.name).toBe('vc-team-a');
    expect(host.metadata?.namespace).toBeUndefined();
    expect(host.metadata?.labels).toEqual({ team: 'a', [MANAGED_BY_LABEL]: 'vc', [NAMESPACE_LABEL]: 'team-a', 'pod-security.kubernetes.io/enforce': 'baseline' });
    expect(host.metadata?.annotations).toMatchObject({ owner: 'alice', [OBJECT_NAME_ANNOTATION]: 'team-a', [OBJECT_KIND_ANNOTATION]: 'Namespace', [OBJECT_UID_ANNOTATION]: 'ns-uid' });
    expect(host).not.toHaveProperty('spec');
  });
});
