// End-to-end: the kinds besides pods that the syncer carries to the real host and back, with the
// syncer holding only manifests/syncer-role.yaml (single mode): Pod Security refusals, NodePort
// and LoadBalancer Services, Endpoints of a selector-less Service, PVCs (Bound by the host's PV
// controller) and Ingresses with their TLS Secret. Where the host has no controller to fill a
// status in (load balancers, ingress controllers), the test writes it as the host's admin.
// FAILS (never skips) without a host.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POD_SECURITY_CONDITION_TYPE, POD_SECURITY_EVENT_REASON } from '../../src/syncer/pod-security/index.js';
import type { Kubectl } from '../helpers/kubectl.js';
import { waitFor, type VkubeProcess } from '../helpers/vkube-process.js';
import { list, requireHost, startSyncedVkube } from './syncer-host.js';

const suffix = randomBytes(3).toString('hex');
const vc = `vk${suffix}`;
const hostNamespace = `vkube-e2e-k-${suffix}`;
const namespace = 'shop';
const persistentVolume = `vkube-e2e-pv-${suffix}`;
const storageClass = `vkube-e2e-manual-${suffix}`;
const hostName = (name: string): string => `${name}-x-${namespace}-x-${vc}`;

interface Status {
  phase?: string;
  conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  loadBalancer?: { ingress?: Array<{ ip?: string }> };
}
interface Anything {
  metadata: { name: string; uid?: string };
  spec?: Record<string, unknown>;
  status?: Status;
  data?: Record<string, string>;
  subsets?: Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ port: number }> }>;
  involvedObject?: { name?: string };
  reason?: string;
  type?: string;
}

/** The object, or undefined while it does not exist (a list, so NotFound is not an error). */
async function find(k: Kubectl, kind: string, ns: string, name: string): Promise<Anything | undefined> {
  return ((await list(k, [kind, '-n', ns])) as unknown as Anything[]).find((o) => o.metadata.name === name);
}

function apply(k: Kubectl, ...objects: object[]): Promise<string> {
  return k.ok(['apply', '-f', '-'], { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
}

/** Writes a status on the host as its admin: what a cloud load balancer or an ingress controller would. */
function setHostLoadBalancer(host: Kubectl, kind: string, name: string, ip: string): Promise<string> {
  return host.ok(['patch', kind, name, '-n', hostNamespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { loadBalancer: { ingress: [{ ip }] } } })]);
}

describe('syncer against the real host: Pod Security, Services, Endpoints, PVCs, Ingresses (single mode, Role only)', () => {
  let host: Kubectl;
  let vkube: VkubeProcess;
  let virtual: Kubectl;

  beforeAll(async () => {
    host = requireHost();
    ({ vkube, virtual } = await startSyncedVkube(host, vc, hostNamespace));
    await virtual.ok(['create', 'namespace', namespace]);
  }, 120_000);

  afterAll(async () => {
    await vkube?.stop();
    await host?.run(['delete', 'namespace', hostNamespace, '--wait=false']);
    await host?.run(['delete', 'persistentvolume', persistentVolume, '--wait=false', '--ignore-not-found']);
  });

  it('refuses a pod that breaks Pod Security baseline: a condition and a Warning event on the virtual pod, nothing on the host', async () => {
    await apply(virtual, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'rooted', namespace },
      spec: { hostNetwork: true, containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
    });
    const condition = await waitFor('Pod Security condition', async () => {
      const pod = await find(virtual, 'pods', namespace, 'rooted');
      return pod?.status?.conditions?.find((c) => c.type === POD_SECURITY_CONDITION_TYPE);
    }, 30_000, 250);
    expect(condition).toMatchObject({ status: 'False', reason: POD_SECURITY_EVENT_REASON });
    expect(condition.message).toContain('host namespaces');
    const events = await waitFor('Pod Security event', async () => {
      const items = (await list(virtual, ['events', '-n', namespace])) as unknown as Anything[];
      const refused = items.filter((e) => e.reason === POD_SECURITY_EVENT_REASON && e.involvedObject?.name === 'rooted');
      return refused.length > 0 ? refused : undefined;
    }, 30_000, 250);
    expect(events[0]!.type).toBe('Warning');
    // The refusal is decided before any host write, on every pass: the condition means none was made.
    expect(await find(host, 'pods', hostNamespace, hostName('rooted'))).toBeUndefined();
    expect(await virtual.ok(['describe', 'pod', 'rooted', '-n', namespace])).toContain(POD_SECURITY_EVENT_REASON);
  }, 60_000);

  it('gives the virtual LoadBalancer Service the host ClusterIP and NodePort, and brings the host load balancer up', async () => {
    await apply(virtual, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'front', namespace },
      spec: { type: 'LoadBalancer', selector: { app: 'front' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
    const hostService = await waitFor('host Service', () => find(host, 'services', hostNamespace, hostName('front')), 30_000, 250);
    const virtualService = (await find(virtual, 'services', namespace, 'front'))!;
    const nodePort = (s: Anything) => (s.spec?.ports as Array<{ nodePort?: number }>)[0]?.nodePort;
    expect(nodePort(hostService)).toBeGreaterThan(0);
    expect(nodePort(virtualService)).toBe(nodePort(hostService));
    expect(virtualService.spec?.clusterIP).toBe(hostService.spec?.clusterIP);
    await setHostLoadBalancer(host, 'service', hostName('front'), '203.0.113.7');
    await waitFor('virtual load balancer status', async () => (await find(virtual, 'services', namespace, 'front'))?.status?.loadBalancer?.ingress?.[0]?.ip === '203.0.113.7' || undefined, 30_000, 250);
    expect(await virtual.ok(['get', 'service', 'front', '-n', namespace])).toContain('203.0.113.7');
  }, 60_000);

  it('sends the Endpoints of a selector-less Service to the host under the translated name', async () => {
    await apply(
      virtual,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'database', namespace }, spec: { ports: [{ port: 5432 }] } },
      { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'database', namespace }, subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432 }] }] },
    );
    const endpoints = await waitFor('host Endpoints', () => find(host, 'endpoints', hostNamespace, hostName('database')), 30_000, 250);
    expect(endpoints.subsets).toEqual([{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
    const hostService = (await find(host, 'services', hostNamespace, hostName('database')))!;
    expect(hostService.spec?.selector).toBeUndefined();
  }, 60_000);

  it('sends a PVC to the host and brings its Bound status up once the host binds it', async () => {
    await apply(virtual, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: storageClass, resources: { requests: { storage: '1Gi' } } },
    });
    const hostClaim = await waitFor('host PVC', () => find(host, 'persistentvolumeclaims', hostNamespace, hostName('data')), 30_000, 250);
    expect(hostClaim.spec?.storageClassName).toBe(storageClass);
    // A volume made for that claim, as a provisioner would make it; the host's PV controller binds them.
    await apply(host, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: persistentVolume },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        storageClassName: storageClass,
        hostPath: { path: `/tmp/${persistentVolume}` },
        claimRef: { namespace: hostNamespace, name: hostName('data') },
      },
    });
    const bound = await waitFor('virtual PVC Bound', async () => {
      const claim = await find(virtual, 'persistentvolumeclaims', namespace, 'data');
      return claim?.status?.phase === 'Bound' ? claim : undefined;
    }, 60_000, 250);
    expect(bound.status).toMatchObject({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
  }, 90_000);

  it('sends an Ingress with its backends and TLS Secret renamed, the Secret with it, and brings its status up', async () => {
    const tls = { 'tls.crt': Buffer.from('certificate').toString('base64'), 'tls.key': Buffer.from('key').toString('base64') };
    await apply(
      virtual,
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'front-tls', namespace }, type: 'kubernetes.io/tls', data: tls },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'front', namespace },
        spec: {
          tls: [{ hosts: ['shop.example'], secretName: 'front-tls' }],
          rules: [{ host: 'shop.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'front', port: { number: 80 } } } }] } }],
        },
      },
    );
    const hostIngress = await waitFor('host Ingress', () => find(host, 'ingresses', hostNamespace, hostName('front')), 30_000, 250);
    const spec = hostIngress.spec as { tls: Array<{ secretName: string }>; rules: Array<{ http: { paths: Array<{ backend: { service: { name: string } } }> } }> };
    expect(spec.tls[0]!.secretName).toBe(hostName('front-tls'));
    expect(spec.rules[0]!.http.paths[0]!.backend.service.name).toBe(hostName('front'));
    const hostSecret = await waitFor('host TLS Secret', () => find(host, 'secrets', hostNamespace, hostName('front-tls')), 30_000, 250);
    expect(hostSecret.data).toEqual(tls);
    expect(hostSecret.type).toBe('kubernetes.io/tls');

    await setHostLoadBalancer(host, 'ingress', hostName('front'), '203.0.113.8');
    await waitFor('virtual Ingress status', async () => (await find(virtual, 'ingresses', namespace, 'front'))?.status?.loadBalancer?.ingress?.[0]?.ip === '203.0.113.8' || undefined, 30_000, 250);

    // No Ingress (and no pod) names the Secret any more: it leaves the host with the Ingress.
    await virtual.ok(['delete', 'ingress', 'front', '-n', namespace]);
    await waitFor('host Ingress and TLS Secret gone', async () => {
      const gone = !(await find(host, 'ingresses', hostNamespace, hostName('front'))) && !(await find(host, 'secrets', hostNamespace, hostName('front-tls')));
      return gone || undefined;
    }, 30_000, 250);
    expect(await find(virtual, 'secrets', namespace, 'front-tls')).toBeDefined();
  }, 90_000);
});
