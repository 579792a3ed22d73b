/**
 * The in-process controllers `vkube serve` runs. Each one sees the cluster only through the store's
 * list + watch (like any client) and writes through the registry. Add a controller by appending to
 * `buildControllers`.
 */
import type { Logger } from 'pino';
import type { ResourceCatalog } from '../registry/catalog.js';
import type { Clock } from '../registry/clock.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { NamespaceController } from './namespace.js';

export interface Controller {
  start(): void;
  stop(): Promise<void>;
}

export interface ControllerDeps {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  clock: Clock;
  logger: Logger;
}

export function buildControllers(deps: ControllerDeps): Controller[] {
  const log = (name: string): Logger => deps.logger.child({ controller: name });
  return [new NamespaceController({ registry: deps.registry, catalog: deps.catalog, logger: log('namespace') })];
}
