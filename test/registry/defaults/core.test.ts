import { describe, expect, it } from 'vitest';
import { applyDefaults, prepareNamespaceForCreate } from '../../../src/registry/defaults/index.js';

type Json = Record<string, unknown>;

function defaulted(kind: string, object: Json, group = ''): Json {
  applyDefaults(group, kind, object);
  return object;
}

describe('Service defaults', () => {
  it('ClusterIP service', () => {
    const svc = defaulted('Service', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }] } });
    expect(svc['spec']).toEqual({
      selector: { app: 'web' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 53, protocol: 'UDP', targetPort: 'dns' },
      ],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('LoadBalancer service', () => {
    const svc = defaulted('Service', { spec: { type: 'LoadBalancer', ports: [{ port: 443 }] }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'lb' }] } } });
    expect(svc['spec']).toMatchObject({ externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
    expect(svc['status']).toEqual({ loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'VIP' }, { hostname: 'lb' }] } });
  });

  it('ClientIP affinity gets the 3 hour timeout; None drops the config', () => {
    expect(defaulted('Service', { spec: { sessionAffinity: 'ClientIP', ports: [] } })['spec']).toMatchObject({
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
    });
    expect(defaulted('Service', { spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } } })['spec']).not.toHaveProperty('sessionAffinityConfig');
  });

  it('headless selector-less services require dual stack; ExternalName gets no IP fields', () => {
    expect(defaulted('Service', { spec: { clusterIP: 'None' } })['spec']).toMatchObject({ ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4'] });
    expect(defaulted('Service', { spec: { clusterIP: 'fd00::10', selector: { a: 'b' } } })['spec']).toMatchObject({ ipFamilies: ['IPv6'] });
    const external = defaulted('Service', { spec: { type: 'ExternalName', externalName: 'example.com' } })['spec'] as Json;
    expect(external).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  });
});

describe('other core defaults', () => {
  it('Namespace gets its name label and Active phase, but no finalizer', () => {
    expect(defaulted('Namespace', { metadata: { name: 'team' } })).toEqual({
      metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } },
      status: { phase: 'Active' },
    });
    const ns: Json = { metadata: { name: 'team' } };
    prepareNamespaceForCreate(ns);
    expect(ns).toEqual({ metadata: { name: 'team' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  });

  it('Secret type Opaque and stringData folded into data', () => {
    const secret = defaulted('Secret', { data: { a: 'b2xk', b: 'b2xk' }, stringData: { b: 'new', c: 'text' } });
    expect(secret).toEqual({ type: 'Opaque', data: { a: 'b2xk', b: Buffer.from('new').toString('base64'), c: Buffer.from('text').toString('base64') } });
  });

  it('PersistentVolumeClaim', () => {
    expect(defaulted('PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'] } })).toEqual({
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
  });

  it('PersistentVolume', () => {
    expect(defaulted('PersistentVolume', { spec: {} })).toEqual({
      spec: { persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
  });

  it('Endpoints ports', () => {
    expect(defaulted('Endpoints', { subsets: [{ ports: [{ port: 80 }] }] })).toEqual({ subsets: [{ ports: [{ port: 80, protocol: 'TCP' }] }] });
  });

  it('Node allocatable from capacity', () => {
    expect(defaulted('Node', { status: { capacity: { cpu: '4' } } })).toEqual({ status: { capacity: { cpu: '4' }, allocatable: { cpu: '4' } } });
  });

  it('LimitRange container defaults', () => {
    const lr = defaulted('LimitRange', { spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { memory: '1Gi' } }] } });
    expect(lr).toEqual({
      spec: {
        limits: [
          {
            type: 'Container',
            max: { cpu: '2' },
            min: { memory: '64Mi' },
            default: { cpu: '2', memory: '1Gi' },
            defaultRequest: { cpu: '2', memory: '1Gi' },
          },
        ],
      },
    });
  });

  it.each([['ConfigMap'], ['Event'], ['ServiceAccount']])('%s is left alone', (kind) => {
    const object = { metadata: { name: 'x' }, data: { a: 'b' } };
    expect(defaulted(kind, structuredClone(object))).toEqual(object);
  });
});
