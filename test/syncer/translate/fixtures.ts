import { type SyncContext, createSyncContext } from '../../../src/syncer/translate/context.js';
import type { SyncMode } from '../../../src/syncer/mappings/index.js';

export function testContext(mode: SyncMode = 'single', overrides: Partial<Parameters<typeof createSyncContext>[0]> = {}): SyncContext {
  return createSyncContext({
    virtualClusterName: 'vc',
    hostNamespace: 'host-ns',
    mode,
    apiServer: { host: '10.96.0.50', port: 443 },
    dns: { nameserver: '10.96.0.53', clusterDomain: 'cluster.local' },
    podSecurityLevel: 'baseline',
    ...overrides,
  });
}

/** Host name of a virtual object in single mode, spelled out for readable expectations. */
export const h = (name: string, namespace = 'default') => `${name}-x-${namespace}-x-vc`;
