/**
 * Access control wired in one place for `vkube serve`: service-account tokens (keys, authenticator,
 * TokenRequest), the RBAC cache/authorizer, escalation checks for the registry, the review
 * handlers, and the default policy bootstrap.
 */
import type { Logger } from 'pino';
import type { ResourceCatalog, ResourceInfo } from '../../registry/catalog.js';
import type { Clock } from '../../registry/clock.js';
import type { GenericRegistry } from '../../registry/generic/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import { SERVICE_ACCOUNT_ISSUER, ServiceAccountKeys } from '../../pki/service-account-keys.js';
import type { Store } from '../../store/types.js';
import { StaticTokenAuthenticator, type TokenAuthenticator } from '../authn.js';
import { reviewHandlers } from '../handlers/reviews.js';
import type { VirtualHandler } from '../handlers/router.js';
import { tokenRequestHandler } from '../handlers/token.js';
import { bootstrapRbacPolicy } from './bootstrap-policy.js';
import { RbacEscalationGuard } from './escalation.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { RbacCache } from './rbac-cache.js';
import { ServiceAccountTokenAuthenticator } from './service-account-authenticator.js';

export interface AccessControlOptions {
  store: Store;
  clock: Clock;
  /** Where the service-account signing key lives (the PKI directory). */
  pkiDir: string;
  adminToken: string;
}

export interface AccessControl {
  authorizer: RbacAuthorizer;
  tokens: TokenAuthenticator[];
  virtualHandlers: Map<string, VirtualHandler>;
  /** For BuiltinStrategies: escalation prevention on the RBAC resources. */
  strategyExtensions: (info: ResourceInfo) => Partial<Strategy> | undefined;
  /** Creates the default roles and bindings, then waits for the RBAC cache to hold them. */
  start(registry: GenericRegistry, catalog: ResourceCatalog, logger: Logger): Promise<void>;
  stop(): Promise<void>;
}

export async function buildAccessControl(options: AccessControlOptions): Promise<AccessControl> {
  const keys = await ServiceAccountKeys.load(options.pkiDir);
  const cache = new RbacCache(options.store);
  const authorizer = new RbacAuthorizer(cache);
  const guard = new RbacEscalationGuard(authorizer);
  const tokens: TokenAuthenticator[] = [
    new StaticTokenAuthenticator(options.adminToken),
    new ServiceAccountTokenAuthenticator({ keys, store: options.store, clock: options.clock, audiences: [SERVICE_ACCOUNT_ISSUER] }),
  ];
  const virtualHandlers = reviewHandlers({ authorizer, rules: authorizer, tokens });
  virtualHandlers.set('/serviceaccounts/token', tokenRequestHandler(keys));
  return {
    authorizer,
    tokens,
    virtualHandlers,
    strategyExtensions: (info) => guard.strategyFor(info),
    async start(registry, catalog, logger) {
      await bootstrapRbacPolicy(registry, catalog);
      await cache.start(logger.child({ component: 'rbac' }));
    },
    stop: () => cache.stop(),
  };
}
