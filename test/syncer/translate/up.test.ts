import type { CoreV1Event, V1Node, V1Pod, V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  MANAGED_BY_LABEL,
  OBJECT_KIND_ANNOTATION,
  OBJECT_NAME_ANNOTATION,
  OBJECT_NAMESPACE_ANNOTATION,
  OBJECT_UID_ANNOTATION,
  SYNCED_FROM_HOST_ANNOTATION,
} from '../../../src/syncer/mappings/index.js';
import { eventToVirtual, rewriteEventMessage } from '../../../src/syncer/translate/events.js';
import { ingressStatusToVirtual } from '../../../src/syncer/translate/ingresses.js';
import { nodeToVirtual, nodesInUse } from '../../../src/syncer/translate/nodes.js';
import { persistentVolumeClaimStatusToVirtual } from '../../../src/syncer/translate/persistentvolumeclaims.js';
import { podStatusToVirtual } from '../../../src/syncer/translate/pods.js';
import { serviceToVirtual } from '../../../src/syncer/translate/services.js';
import { h, testContext } from './fixtures.js';

const single = testContext('single');

const hostPod = (kind = 'Pod', managedBy = 'vc') => ({
  metadata: {
    name: h('web-0'),
    namespace: 'host-ns',
    uid: 'host-uid',
    labels: { [MANAGED_BY_LABEL]: managedBy },
    annotations: {
      [OBJECT_NAME_ANNOTATION]: 'web-0',
      [OBJECT_NAMESPACE_ANNOTATION]: 'default',
      [OBJECT_UID_ANNOTATION]: 'virtual-uid',
      [OBJECT_KIND_ANNOTATION]: kind,
    },
  },
});

const hostEvent = (message: string, kind = 'Pod'): CoreV1Event => ({
  metadata: { name: `${h('web-0')}.17a2b3c4d5e6f708`, namespace: 'host-ns', uid: 'event-uid', resourceVersion: '99' },
  involvedObject: { kind, apiVersion: 'v1', name: h('web-0'), namespace: 'host-ns', uid: 'host-uid', resourceVersion: '12', fieldPath: 'spec.containers{app}' },
  reason: 'Scheduled',
  message,
  type: 'Normal',
  count: 1,
  source: { component: 'default-scheduler' },
  firstTimestamp: new Date('2026-01-01T00:00:00Z'),
  lastTimestamp: new Date('2026-01-01T00:00:01Z'),
  reportingComponent: 'default-scheduler',
});

describe('eventToVirtual', () => {
  it('rewrites involvedObject, name, namespace and message to virtual names', () => {
    const virtual = eventToVirtual(hostEvent(`Successfully assigned host-ns/${h('web-0')} to node-1`), hostPod(), single);
    expect(virtual).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-0.17a2b3c4d5e6f708', namespace: 'default' },
      involvedObject: { kind: 'Pod', apiVersion: 'v1', name: 'web-0', namespace: 'default', uid: 'virtual-uid', fieldPath: 'spec.containers{app}' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-0 to node-1',
      type: 'Normal',
      count: 1,
      source: { component: 'default-scheduler' },
      firstTimestamp: new Date('2026-01-01T00:00:00Z'),
      lastTimestamp: new Date('2026-01-01T00:00:01Z'),
      reportingComponent: 'default-scheduler',
    });
  });

  it.each([
    { desc: 'not ours', involved: hostPod('Pod', 'other-vc'), kind: 'Pod' },
    { desc: 'kind not synced', involved: hostPod('Node'), kind: 'Node' },
    { desc: 'back-pointer of another kind', involved: hostPod('Secret'), kind: 'Pod' },
  ])('ignores events about objects that are $desc', ({ involved, kind }) => {
    expect(eventToVirtual(hostEvent('x', kind), involved, single)).toBeUndefined();
  });

  it('ignores an event whose involved object is not the object given', () => {
    const other = hostPod();
    other.metadata.name = 'someone-else';
    expect(eventToVirtual(hostEvent('x'), other, single)).toBeUndefined();
  });

  it.each([
    { message: `Successfully assigned host-ns/${h('web-0')} to node-1`, expected: 'Successfully assigned default/web-0 to node-1' },
    { message: `Back-off restarting failed container app in pod ${h('web-0')}_host-ns(host-uid)`, expected: 'Back-off restarting failed container app in pod web-0_default(virtual-uid)' },
    { message: `Pod ${h('web-0')} has unbound PVCs`, expected: 'Pod web-0 has unbound PVCs' },
    { message: `${h('web-0')}-extra is a different object`, expected: `${h('web-0')}-extra is a different object` },
    { message: 'Pulling image "nginx"', expected: 'Pulling image "nginx"' },
  ])('message: $message', ({ message, expected }) => {
    expect(
      rewriteEventMessage(message, { namespace: 'host-ns', name: h('web-0'), uid: 'host-uid' }, { namespace: 'default', name: 'web-0', uid: 'virtual-uid' }),
    ).toBe(expected);
  });
});

describe('podStatusToVirtual', () => {
  const virtualPod: V1Pod = {
    metadata: { name: 'web-0', namespace: 'default' },
    spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'init' }] },
    status: {
      phase: 'Pending',
      qosClass: 'Burstable',
      conditions: [{ type: 'example.com/gate', status: 'True' }, { type: 'Ready', status: 'False' }],
    },
  };
  const hostPodWithStatus: V1Pod = {
    metadata: { name: h('web-0') },
    status: {
      phase: 'Running',
      qosClass: 'BestEffort',
      observedGeneration: 3,
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      hostIP: '172.18.0.2',
      startTime: new Date('2026-01-01T00:00:00Z'),
      conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: 'x' },
        { name: 'istio-proxy', ready: true, restartCount: 0, image: 'proxy', imageID: 'y' },
      ],
      initContainerStatuses: [{ name: 'init', ready: true, restartCount: 0, image: 'busybox', imageID: 'z' }],
    },
  };

  it('takes phase, IPs, conditions and container statuses from the host; keeps virtual-only conditions and qosClass', () => {
    expect(podStatusToVirtual(virtualPod, hostPodWithStatus)).toEqual({
      phase: 'Running',
      qosClass: 'Burstable',
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      hostIP: '172.18.0.2',
      startTime: '2026-01-01T00:00:00.000Z',
      conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }, { type: 'example.com/gate', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: 'x' }],
      initContainerStatuses: [{ name: 'init', ready: true, restartCount: 0, image: 'busybox', imageID: 'z' }],
    });
  });

  it.each([
    { desc: 'gate True', virtualConditions: [{ type: 'example.com/lb', status: 'True' }], ready: 'True', message: undefined },
    {
      desc: 'gate False',
      virtualConditions: [{ type: 'example.com/lb', status: 'False' }],
      ready: 'False',
      message: 'the status of pod readiness gate "example.com/lb" is not "True", but False',
    },
    { desc: 'gate missing', virtualConditions: [], ready: 'False', message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.' },
  ])('readiness gates decide the virtual Ready condition: $desc', ({ virtualConditions, ready, message }) => {
    const gated: V1Pod = { ...virtualPod, spec: { ...virtualPod.spec!, readinessGates: [{ conditionType: 'example.com/lb' }] }, status: { conditions: virtualConditions } };
    const readyCondition = podStatusToVirtual(gated, hostPodWithStatus).conditions?.find((condition) => condition.type === 'Ready');
    expect(readyCondition?.status).toBe(ready);
    expect(readyCondition?.message).toBe(message);
    expect(readyCondition?.reason).toBe(message === undefined ? undefined : 'ReadinessGatesNotReady');
  });

  it('a host pod without status yields an empty status', () => {
    expect(podStatusToVirtual({ spec: { containers: [] } }, {})).toEqual({});
  });
});

describe('serviceToVirtual', () => {
  it('carries the host clusterIP, nodePorts, healthCheckNodePort and load-balancer status', () => {
    const virtual: V1Service = {
      metadata: { name: 'web', namespace: 'default' },
      spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }, { port: 443, protocol: 'TCP' }], externalTrafficPolicy: 'Local' },
    };
    const host: V1Service = {
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.7.8',
        clusterIPs: ['10.96.7.8'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        healthCheckNodePort: 32000,
        selector: { app: 'web', [MANAGED_BY_LABEL]: 'vc' },
        ports: [{ port: 443, protocol: 'TCP', nodePort: 30443 }, { name: 'http', port: 80, nodePort: 30080 }],
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } },
    };
    const updated = serviceToVirtual(virtual, host);
    expect(updated.spec).toEqual({
      type: 'LoadBalancer',
      selector: { app: 'web' },
      externalTrafficPolicy: 'Local',
      clusterIP: '10.96.7.8',
      clusterIPs: ['10.96.7.8'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      healthCheckNodePort: 32000,
      ports: [{ name: 'http', port: 80, nodePort: 30080 }, { port: 443, protocol: 'TCP', nodePort: 30443 }],
    });
    expect(updated.status).toEqual({ loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } });
    expect(virtual.spec?.clusterIP).toBeUndefined();
  });
});

describe('PVC and Ingress status', () => {
  it('copies the host PVC status', () => {
    const status = { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] };
    expect(persistentVolumeClaimStatusToVirtual({ status })).toEqual(status);
    expect(persistentVolumeClaimStatusToVirtual({})).toEqual({});
  });
  it('copies the host Ingress load balancer', () => {
    const status = { loadBalancer: { ingress: [{ hostname: 'lb.example' }] } };
    expect(ingressStatusToVirtual({ status })).toEqual(status);
  });
});

describe('nodes', () => {
  const hostNode: V1Node = {
    metadata: {
      name: 'node-1',
      uid: 'node-uid',
      resourceVersion: '5',
      labels: { 'kubernetes.io/hostname': 'node-1' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
      ownerReferences: [],
      finalizers: ['x'],
    },
    spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], providerID: 'kind://node-1', taints: [{ key: 'k', effect: 'NoSchedule' }], unschedulable: false },
    status: {
      capacity: { cpu: '8', memory: '16Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
      nodeInfo: {
        kubeletVersion: 'v1.33.13', architecture: 'amd64', bootID: '', containerRuntimeVersion: 'containerd://2', kernelVersion: '6', kubeProxyVersion: '', machineID: '', operatingSystem: 'linux', osImage: 'Debian', systemUUID: '',
      },
    },
  };

  it('mirrors a host node under its own name with status copied and no host identity', () => {
    const virtual = nodeToVirtual(hostNode);
    expect(virtual.metadata).toEqual({
      name: 'node-1',
      labels: { 'kubernetes.io/hostname': 'node-1' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', [SYNCED_FROM_HOST_ANNOTATION]: 'true' },
    });
    expect(virtual.spec).toEqual(hostNode.spec);
    expect(virtual.status).toEqual(hostNode.status);
    expect(virtual.status).not.toBe(hostNode.status);
  });

  it('nodesInUse is the set of host nodes running our pods', () => {
    expect([...nodesInUse([{ spec: { nodeName: 'a' } }, { spec: {} }, { spec: { nodeName: 'b' } }, { spec: { nodeName: 'a' } }])].sort()).toEqual(['a', 'b']);
  });
});
