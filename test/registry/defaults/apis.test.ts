import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/registry/defaults/index.js';

type Json = Record<string, unknown>;

function defaulted(group: string, kind: string, object: Json): Json {
  applyDefaults(group, kind, object);
  return object;
}

describe('networking, discovery, rbac', () => {
  it('NetworkPolicy policyTypes and port protocols', () => {
    expect(defaulted('networking.k8s.io', 'NetworkPolicy', { spec: { ingress: [{ ports: [{ port: 80 }] }] } })['spec']).toEqual({
      ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }],
      policyTypes: ['Ingress'],
    });
    expect(defaulted('networking.k8s.io', 'NetworkPolicy', { spec: { egress: [{}] } })['spec']).toMatchObject({ policyTypes: ['Ingress', 'Egress'] });
  });

  it('IngressClass parameters scope', () => {
    expect(defaulted('networking.k8s.io', 'IngressClass', { spec: { parameters: { kind: 'K', name: 'n' } } })['spec']).toEqual({
      parameters: { kind: 'K', name: 'n', scope: 'Cluster' },
    });
  });

  it('Ingress has no defaults (pathType stays required)', () => {
    const ingress = { spec: { rules: [{ http: { paths: [{ path: '/' }] } }] } };
    expect(defaulted('networking.k8s.io', 'Ingress', structuredClone(ingress))).toEqual(ingress);
  });

  it('EndpointSlice ports', () => {
    expect(defaulted('discovery.k8s.io', 'EndpointSlice', { ports: [{ port: 80 }] })['ports']).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
  });

  it('RoleBinding roleRef and subject api groups', () => {
    const binding = defaulted('rbac.authorization.k8s.io', 'RoleBinding', {
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 's', namespace: 'd' }, { kind: 'Group', name: 'g' }],
    });
    expect(binding).toEqual({
      roleRef: { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [
        { kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'ServiceAccount', name: 's', namespace: 'd' },
        { kind: 'Group', name: 'g', apiGroup: 'rbac.authorization.k8s.io' },
      ],
    });
  });

  it('Role is left alone', () => {
    const role = { rules: [{ verbs: ['get'] }] };
    expect(defaulted('rbac.authorization.k8s.io', 'Role', structuredClone(role))).toEqual(role);
  });
});

describe('autoscaling', () => {
  it('v2 HPA gets minReplicas and the CPU metric; behavior rules are completed', () => {
    const hpa = defaulted('autoscaling', 'HorizontalPodAutoscaler', { apiVersion: 'autoscaling/v2', spec: { maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } });
    expect(hpa['spec']).toEqual({
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
        scaleDown: { selectPolicy: 'Max', stabilizationWindowSeconds: 60, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      },
    });
  });

  it('v1 HPA gets minReplicas only', () => {
    expect(defaulted('autoscaling', 'HorizontalPodAutoscaler', { apiVersion: 'autoscaling/v1', spec: { maxReplicas: 3 } })['spec']).toEqual({ maxReplicas: 3, minReplicas: 1 });
  });
});

describe('scheduling, storage, admission', () => {
  it('PriorityClass preemptionPolicy', () => {
    expect(defaulted('scheduling.k8s.io', 'PriorityClass', { value: 1 })).toEqual({ value: 1, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('StorageClass', () => {
    expect(defaulted('storage.k8s.io', 'StorageClass', { provisioner: 'p' })).toEqual({ provisioner: 'p', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });

  it('CSIDriver', () => {
    expect(defaulted('storage.k8s.io', 'CSIDriver', { spec: {} })['spec']).toEqual({
      attachRequired: true,
      podInfoOnMount: false,
      storageCapacity: false,
      fsGroupPolicy: 'ReadWriteOnceWithFSType',
      volumeLifecycleModes: ['Persistent'],
      requiresRepublish: false,
      seLinuxMount: false,
    });
  });

  it('MutatingWebhookConfiguration', () => {
    const config = defaulted('admissionregistration.k8s.io', 'MutatingWebhookConfiguration', {
      webhooks: [{ name: 'w.example.com', clientConfig: { service: { name: 's', namespace: 'n' } }, rules: [{ operations: ['CREATE'] }] }],
    });
    expect(config['webhooks']).toEqual([
      {
        name: 'w.example.com',
        clientConfig: { service: { name: 's', namespace: 'n', port: 443 } },
        rules: [{ operations: ['CREATE'], scope: '*' }],
        failurePolicy: 'Fail',
        matchPolicy: 'Equivalent',
        namespaceSelector: {},
        objectSelector: {},
        timeoutSeconds: 10,
        reinvocationPolicy: 'Never',
      },
    ]);
  });
});
