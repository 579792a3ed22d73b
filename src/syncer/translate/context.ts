import { type MappingConfig, type NameMappers, createNameMappers } from '../mappings/index.js';
import type { PodSecurityLevel } from '../pod-security/index.js';

/** Plain configuration the CLI builds; everything the pure translators need. */
export interface SyncConfig extends MappingConfig {
  /** Where pods reach the virtual API server (KUBERNETES_SERVICE_HOST/PORT). */
  apiServer: { host: string; port: number };
  /** The virtual cluster's DNS resolver (a host ClusterIP) and cluster domain. */
  dns: { nameserver: string; clusterDomain: string };
  podSecurityLevel: PodSecurityLevel;
  /**
   * Host ServiceAccount host pods run as. Undefined: the translated virtual ServiceAccount.
   * Either way its host token is never mounted.
   */
  hostServiceAccountName?: string;
  /** Name of the projected volume that carries the virtual token into host pods. */
  tokenVolumeName?: string;
}

export interface SyncContext extends SyncConfig {
  mappers: NameMappers;
  tokenVolumeName: string;
}

export const DEFAULT_TOKEN_VOLUME_NAME = 'vkube-api-access';

export function createSyncContext(config: SyncConfig): SyncContext {
  return {
    ...config,
    tokenVolumeName: config.tokenVolumeName ?? DEFAULT_TOKEN_VOLUME_NAME,
    mappers: createNameMappers(config),
  };
}
