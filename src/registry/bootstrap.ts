/**
 * What every cluster has from the start: the four system namespaces and the `kubernetes` Service
 * (first address of the service range) with Endpoints pointing at vkube itself.
 */
import type { ResourceCatalog } from './catalog.js';
import { ApiError } from './errors.js';
import type { GenericRegistry } from './generic/registry.js';
import type { KubeObject } from './object.js';
import type { ServiceAddressAllocator } from './builtin/service-ips.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export interface BootstrapOptions {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  allocator: ServiceAddressAllocator;
  /** Address and port clients inside the cluster reach vkube at (the `kubernetes` Endpoints). */
  advertiseAddress: string;
  advertisePort: number;
}

async function ensure(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
  }
}

export async function bootstrapCluster(o: BootstrapOptions): Promise<void> {
  const info = (resource: string) => o.catalog.get('', 'v1', resource)!;
  const manager = { fieldManager: 'vkube-bootstrap' };
  // Rebuild the address allocator from the Services already stored.
  for (const e of (await o.registry.store.list<KubeObject>('/registry/core/services/')).items) o.allocator.reserve(e.view);

  for (const name of SYSTEM_NAMESPACES) {
    await ensure(() => o.registry.create(info('namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, manager));
  }
  const ip = o.allocator.kubernetesServiceIp;
  if (!(await o.registry.store.get('/registry/core/services/default/kubernetes'))) {
    await ensure(() =>
      o.registry.create(
        info('services'),
        'default',
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
          spec: { type: 'ClusterIP', clusterIP: ip, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: o.advertisePort }], sessionAffinity: 'None' },
        },
        manager,
      ),
    );
  }
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: o.advertiseAddress }], ports: [{ name: 'https', port: o.advertisePort, protocol: 'TCP' }] }],
  };
  await o.registry.guaranteedUpdate(info('endpoints'), 'default', 'kubernetes', (current) => (current ? { ...current, subsets: endpoints.subsets } : endpoints), { ...manager, retryOnConflict: true });
}
