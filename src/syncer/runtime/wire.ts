/** Builds the syncer from serve's config (kept here so src/cli/serve.ts only wires). */
import type { Logger } from 'pino';
import type { ResourceCatalog } from '../../registry/catalog.js';
import type { Clock } from '../../registry/clock.js';
import type { SyncMode } from '../mappings/index.js';
import type { PodSecurityLevel } from '../pod-security/index.js';
import { loadHostKubeConfig } from '../host/host-client.js';
import type { VirtualTokenMinter } from '../reconcilers/context.js';
import type { HostFirstRegistry } from './host-first-registry.js';
import { Syncer } from './syncer.js';
import { virtualTokenRequestMinter } from './token-minter.js';

export interface HostSyncConfig {
  /** Admin or Role-bound kubeconfig of the host; undefined: the in-cluster config of the pod we run in. */
  kubeconfig?: string;
  namespace: string;
  mode: SyncMode;
  podSecurityLevel: PodSecurityLevel;
  /** Virtual DNS resolver host pods use (default: the host's usual kube-dns address). */
  dnsNameserver?: string;
}

export interface SyncerWiring {
  host: HostSyncConfig;
  virtualClusterName: string;
  registry: HostFirstRegistry;
  catalog: ResourceCatalog;
  apiServer: { host: string; port: number };
  virtualCaPem: string;
  clock: Clock;
  logger: Logger;
  /** Default: the virtual TokenRequest API over HTTPS with `adminToken`. */
  tokens?: VirtualTokenMinter;
  adminToken?: string;
}

export function buildSyncer(w: SyncerWiring): Syncer {
  const syncer = new Syncer({
    config: {
      virtualClusterName: w.virtualClusterName,
      hostNamespace: w.host.namespace,
      mode: w.host.mode,
      apiServer: w.apiServer,
      dns: { nameserver: w.host.dnsNameserver ?? '10.96.0.10', clusterDomain: 'cluster.local' },
      podSecurityLevel: w.host.podSecurityLevel,
      // The host namespace's own `default` account always exists; its token is never mounted.
      hostServiceAccountName: 'default',
    },
    registry: w.registry,
    catalog: w.catalog,
    hostKubeConfig: loadHostKubeConfig(w.host.kubeconfig),
    tokens: w.tokens ?? (w.adminToken ? virtualTokenRequestMinter({ ...w.apiServer, caPem: w.virtualCaPem, bearerToken: w.adminToken }) : async () => undefined),
    virtualCaPem: w.virtualCaPem,
    clock: w.clock,
    logger: w.logger,
  });
  w.registry.attachHostServices(syncer);
  return syncer;
}
