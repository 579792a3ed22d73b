/**
 * The in-process controllers `vkube serve` runs. Each one sees the cluster only through the store's
 * list + watch (like any client) and writes through the registry. Add a controller by appending to
 * `buildControllers`.
 */
import type { Logger } from 'pino';
import type { ResourceCatalog } from '../registry/catalog.js';
import type { Clock } from '../registry/clock.js';
import type { CustomResourceTypes } from '../registry/crd/custom-resources.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { ClusterRoleAggregationController } from './clusterrole-aggregation.js';
import { CrdController } from './crd.js';
import { GarbageCollector } from './garbage-collector.js';
import { NamespaceController } from './namespace.js';
import { ServiceAccountController } from './serviceaccount.js';
import { buildWorkloadControllers } from './workloads.js';

export interface Controller {
  start(): void;
  stop(): Promise<void>;
}

export interface ControllerDeps {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  clock: Clock;
  logger: Logger;
  /** Where accepted CRDs are published; without it no CRD controller runs. */
  customResources?: CustomResourceTypes;
  /** vkube's CA (PEM) for every namespace's kube-root-ca.crt; without it no ServiceAccount controller runs. */
  caCertPem?: string;
}

export function buildControllers(deps: ControllerDeps): Controller[] {
  const log = (name: string): Logger => deps.logger.child({ controller: name });
  const controllers: Controller[] = [new NamespaceController({ registry: deps.registry, catalog: deps.catalog, logger: log('namespace') })];
  if (deps.customResources) {
    controllers.push(new CrdController({ registry: deps.registry, catalog: deps.catalog, clock: deps.clock, logger: log('crd'), types: deps.customResources }));
  }
  controllers.push(...buildWorkloadControllers({ registry: deps.registry, catalog: deps.catalog, clock: deps.clock, logger: deps.logger }).all);
  controllers.push(new GarbageCollector({ registry: deps.registry, catalog: deps.catalog, logger: log('garbage-collector') }));
  controllers.push(new ClusterRoleAggregationController({ registry: deps.registry, catalog: deps.catalog, logger: log('clusterrole-aggregation') }));
  if (deps.caCertPem) controllers.push(new ServiceAccountController({ registry: deps.registry, catalog: deps.catalog, logger: log('serviceaccount'), caCertPem: deps.caCertPem }));
  return controllers;
}
