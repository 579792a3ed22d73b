import { type MappingConfig, type NameMapper, createNamespacedMapper } from './name-mapper.js';
import {
  createConfigMapMapper,
  createNamespaceMapper,
  createServiceAccountTokenMapper,
} from './special-mappers.js';

export * from './keys.js';
export * from './name-mapper.js';
export * from './safe-concat-name.js';
export * from './special-mappers.js';

/** Every mapper the syncer needs, built once from the config. */
export interface NameMappers {
  pods: NameMapper;
  services: NameMapper;
  configMaps: NameMapper;
  secrets: NameMapper;
  serviceAccounts: NameMapper;
  endpoints: NameMapper;
  persistentVolumeClaims: NameMapper;
  ingresses: NameMapper;
  namespaces: NameMapper;
  serviceAccountTokens: NameMapper;
}

export function createNameMappers(config: MappingConfig): NameMappers {
  return {
    pods: createNamespacedMapper(config, 'Pod'),
    services: createNamespacedMapper(config, 'Service'),
    configMaps: createConfigMapMapper(config),
    secrets: createNamespacedMapper(config, 'Secret'),
    serviceAccounts: createNamespacedMapper(config, 'ServiceAccount'),
    // Endpoints share the Service's name, so the host Service finds its host Endpoints.
    endpoints: createNamespacedMapper(config, 'Endpoints'),
    persistentVolumeClaims: createNamespacedMapper(config, 'PersistentVolumeClaim'),
    ingresses: createNamespacedMapper(config, 'Ingress'),
    namespaces: createNamespaceMapper(config),
    serviceAccountTokens: createServiceAccountTokenMapper(config),
  };
}
