/** `vkube serve`: builds the parts from the config and runs them until SIGTERM. */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { bootstrapCluster } from '../registry/bootstrap.js';
import { ResourceCatalog } from '../registry/catalog.js';
import { systemClock } from '../registry/clock.js';
import { GenericRegistry } from '../registry/generic/registry.js';
import { Lister } from '../registry/generic/list-watch.js';
import { builtinPolicies } from '../registry/builtin/policies.js';
import { ServiceAddressAllocator } from '../registry/builtin/service-ips.js';
import { BuiltinStrategies } from '../registry/builtin/strategies.js';
import { FieldIndex } from '../registry/selectors/field-index.js';
import { openLevelStore } from '../store/level-store.js';
import { ensurePki } from '../pki/certificates.js';
import { writeKubeconfig } from '../pki/kubeconfig.js';
import { StaticTokenAuthenticator } from '../apiserver/authn.js';
import { DiscoveryDocuments } from '../apiserver/discovery.js';
import { PatchEngine } from '../apiserver/handlers/patch-engine.js';
import { ObjectDecoder } from '../apiserver/handlers/object-decoder.js';
import { OpenApiService } from '../apiserver/openapi/service.js';
import { buildApiServer } from '../apiserver/server.js';
import { TableConverter } from '../apiserver/table.js';
import { buildControllers } from '../controllers/index.js';
import { restoreCustomResources } from '../controllers/crd.js';
import { CustomResourceStrategies, withCustomResourcePolicies } from '../registry/crd/cr-strategy.js';
import { CustomResourceTypes } from '../registry/crd/custom-resources.js';
import { builtinSchemaSource, builtinFieldChecker } from '../registry/schema/index.js';
import { HostFirstRegistry } from '../syncer/runtime/host-first-registry.js';
import { buildSyncer, type HostSyncConfig } from '../syncer/runtime/wire.js';

export interface ServeConfig {
  name: string;
  dataDir: string;
  bindAddress: string;
  port: number;
  kubeconfigOut: string;
  serviceCidr: string;
  logLevel: string;
  /** With a host cluster, the syncer runs too; without one, the API server runs alone. */
  host?: HostSyncConfig;
}

export interface RunningServer {
  port: number;
  logger: Logger;
  stop(): Promise<void>;
}

function advertisedHost(bindAddress: string): string {
  return bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
}

export async function startServer(config: ServeConfig): Promise<RunningServer> {
  const logger = pino({ level: config.logLevel, base: { cluster: config.name } });
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  const host = advertisedHost(config.bindAddress);
  const allocator = new ServiceAddressAllocator({ serviceCidr: config.serviceCidr, nodePortRange: [30000, 32767] });
  const pki = await ensurePki({
    dir: join(dataDir, 'pki'),
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', config.name],
    ipAddresses: [...new Set(['127.0.0.1', '::1', host, allocator.kubernetesServiceIp])],
  });
  const store = await openLevelStore({ path: join(dataDir, 'store'), logger: logger.child({ component: 'store' }) });
  const catalog = ResourceCatalog.builtin();
  const openapi = new OpenApiService();
  const schemas = builtinSchemaSource(openapi);
  // With a host, Services are created on the host first (HostFirstRegistry) so both keep one ClusterIP.
  const registry = new (config.host ? HostFirstRegistry : GenericRegistry)({
    store,
    clock: systemClock,
    policies: withCustomResourcePolicies(builtinPolicies(schemas), catalog),
    strategies: new CustomResourceStrategies(new BuiltinStrategies(allocator)),
  });
  const fieldIndex = new FieldIndex();
  const tables = new TableConverter();
  const customResources = new CustomResourceTypes({ catalog, printers: tables, fields: fieldIndex, openapi });
  // Stored CRDs are served again before /readyz turns 200.
  await restoreCustomResources(store, customResources);
  const lister = new Lister(store, fieldIndex);
  const api = {
    catalog,
    registry,
    lister,
    tables,
    clock: systemClock,
    patches: new PatchEngine(registry, schemas, systemClock),
    decoder: new ObjectDecoder(schemas, builtinFieldChecker()),
  };
  let ready = false;
  let syncer: ReturnType<typeof buildSyncer> | undefined;
  const app = buildApiServer({
    tls: { key: pki.servingKeyPem, cert: pki.servingCertPem, ca: pki.caCertPem },
    logger: logger.child({ component: 'apiserver' }),
    api,
    discovery: new DiscoveryDocuments(catalog, () => `${host}:${config.port}`),
    openapi,
    tokens: [new StaticTokenAuthenticator(pki.adminToken)],
    ready: () => ready,
    metrics: () => syncer?.metrics.render(),
  });
  await app.listen({ host: config.bindAddress, port: config.port });
  const port = (app.server.address() as { port: number }).port;
  // Build the v2 protobuf and the v3 index now, not on the first kubectl apply.
  openapi.prewarm();
  await bootstrapCluster({ registry, catalog, allocator, advertiseAddress: host, advertisePort: port });
  const controllers = buildControllers({ registry, catalog, clock: systemClock, logger, customResources });
  for (const c of controllers) c.start();
  if (config.host && registry instanceof HostFirstRegistry) {
    syncer = buildSyncer({ host: config.host, virtualClusterName: config.name, registry, catalog, apiServer: { host, port }, virtualCaPem: pki.caCertPem, adminToken: pki.adminToken, clock: systemClock, logger });
    // Not awaited: an unreachable host must not keep the API server from serving; the syncer retries.
    syncer.start().catch((err: unknown) => logger.error({ err }, 'syncer failed to start'));
  }
  await writeKubeconfig(resolve(config.kubeconfigOut), {
    clusterName: config.name,
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    caCertPem: pki.caCertPem,
    clientCertPem: pki.adminCertPem,
    clientKeyPem: pki.adminKeyPem,
  });
  ready = true;
  logger.info({ address: `https://${host}:${port}`, kubeconfig: resolve(config.kubeconfigOut), dataDir }, 'vkube is serving');
  return {
    port,
    logger,
    async stop() {
      ready = false;
      await app.close();
      await Promise.all(controllers.map((c) => c.stop()));
      await syncer?.stop();
      await store.close();
    },
  };
}
