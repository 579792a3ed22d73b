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
import { renderKubeconfig, writeKubeconfig } from '../pki/kubeconfig.js';
import { publishKubeconfigSecret, resolveServiceAddress, type AdvertiseConfig } from '../platform/in-pod.js';
import { buildAccessControl } from '../apiserver/authz/index.js';
import { DiscoveryDocuments } from '../apiserver/discovery.js';
import { PatchEngine } from '../apiserver/handlers/patch-engine.js';
import { ObjectDecoder } from '../apiserver/handlers/object-decoder.js';
import { OpenApiService } from '../apiserver/openapi/service.js';
import { buildApiServer } from '../apiserver/server.js';
import { TableConverter } from '../apiserver/table.js';
import { buildControllers } from '../controllers/index.js';
import { GarbageCollector } from '../controllers/garbage-collector.js';
import { restoreCustomResources } from '../controllers/crd.js';
import { CustomResourceStrategies, withCustomResourcePolicies } from '../registry/crd/cr-strategy.js';
import { CustomResourceTypes } from '../registry/crd/custom-resources.js';
import { builtinSchemaSource, builtinFieldChecker } from '../registry/schema/index.js';
import { HostFirstRegistry } from '../syncer/runtime/host-first-registry.js';
import { buildSyncer, type HostSyncConfig } from '../syncer/runtime/wire.js';
import { loadHostKubeConfig } from '../syncer/host/host-client.js';
import { PodProxy } from '../proxy/pod-proxy.js';
import { processMetricsRenderer } from '../apiserver/process-metrics.js';
import { startMemoryReducer } from '../apiserver/memory-reducer.js';

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
  /** In a host pod: the Service in front of it (certificate names, advertised address, kubeconfig Secret). */
  advertise?: AdvertiseConfig;
}

export interface RunningServer {
  port: number;
  logger: Logger;
  stop(): Promise<void>;
}

function advertisedHost(bindAddress: string): string {
  return bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
}

/**
 * Events grow with a tenant's workload (10,000 pods come with 17,000 of them) and are seldom read
 * or changed: their store entries do not hold their JSON text but print it again when a client
 * reads one (text-on-demand.ts). Pods hold theirs: every status update would print the old text
 * again for the change log (bench/sync at 10,000 pods, pods and events on demand against neither:
 * 14 s more CPU, 31 MB less settled RSS).
 */
const TEXT_ON_DEMAND_PREFIXES = ['/registry/core/events/', '/registry/events.k8s.io/events/'];

function printsTextOnDemand(key: string): boolean {
  return TEXT_ON_DEMAND_PREFIXES.some((prefix) => key.startsWith(prefix));
}

export async function startServer(config: ServeConfig): Promise<RunningServer> {
  const logger = pino({ level: config.logLevel, base: { cluster: config.name } });
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  const host = advertisedHost(config.bindAddress);
  // In a pod, clients reach us through the host Service: its names and ClusterIP must verify.
  const service = config.advertise && config.host
    ? await resolveServiceAddress(loadHostKubeConfig(config.host.kubeconfig), config.host.namespace, config.advertise, logger.child({ component: 'in-pod' }))
    : undefined;
  const allocator = new ServiceAddressAllocator({ serviceCidr: config.serviceCidr, nodePortRange: [30000, 32767] });
  const pki = await ensurePki({
    dir: join(dataDir, 'pki'),
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', config.name, ...(service?.dnsNames ?? [])],
    ipAddresses: [...new Set(['127.0.0.1', '::1', host, allocator.kubernetesServiceIp, ...(service?.ip ? [service.ip] : [])])],
  });
  const store = await openLevelStore({ path: join(dataDir, 'store'), logger: logger.child({ component: 'store' }), textOnDemand: printsTextOnDemand });
  const access = await buildAccessControl({ store, clock: systemClock, pkiDir: join(dataDir, 'pki'), adminToken: pki.adminToken });
  let garbageCollector: GarbageCollector | undefined;
  const catalog = ResourceCatalog.builtin();
  const openapi = new OpenApiService();
  const schemas = builtinSchemaSource(openapi);
  // With a host, Services are created on the host first (HostFirstRegistry) so both keep one ClusterIP.
  const registry = new (config.host ? HostFirstRegistry : GenericRegistry)({
    store,
    clock: systemClock,
    policies: withCustomResourcePolicies(builtinPolicies(schemas), catalog),
    strategies: new CustomResourceStrategies(new BuiltinStrategies(allocator, access.strategyExtensions)),
    garbageCollectorEnabled: () => garbageCollector?.running ?? false,
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
  // The tenant proxy builds its own host KubeConfig from the same flags (the syncer does not expose its).
  const podProxy = new PodProxy({
    virtualClusterName: config.name,
    host: config.host ? { kubeConfig: loadHostKubeConfig(config.host.kubeconfig), namespace: config.host.namespace, mode: config.host.mode } : undefined,
    registry,
    catalog,
    logger: logger.child({ component: 'proxy' }),
  });
  const app = buildApiServer({
    tls: { key: pki.servingKeyPem, cert: pki.servingCertPem, ca: pki.caCertPem },
    logger: logger.child({ component: 'apiserver' }),
    api,
    discovery: new DiscoveryDocuments(catalog, () => `${host}:${config.port}`),
    openapi,
    tokens: access.tokens,
    authorizer: access.authorizer,
    virtualHandlers: new Map([...access.virtualHandlers, ...podProxy.handlers]),
    upgrades: podProxy,
    ready: () => ready,
    metrics: processMetricsRenderer(() => (syncer ? [syncer.metrics.registry] : [])),
  });
  await app.listen({ host: config.bindAddress, port: config.port });
  const port = (app.server.address() as { port: number }).port;
  // Build the v2 protobuf and the v3 index now, not on the first kubectl apply.
  openapi.prewarm();
  const advertised = service?.ip ? { host: service.ip, port: service.port } : { host, port };
  await bootstrapCluster({ registry, catalog, allocator, advertiseAddress: advertised.host, advertisePort: advertised.port });
  await access.start(registry, catalog, logger);
  const controllers = buildControllers({ registry, catalog, clock: systemClock, logger, customResources, caCertPem: pki.caCertPem });
  garbageCollector = controllers.find((c): c is GarbageCollector => c instanceof GarbageCollector);
  for (const c of controllers) c.start();
  if (config.host && registry instanceof HostFirstRegistry) {
    syncer = buildSyncer({ host: config.host, virtualClusterName: config.name, registry, catalog, apiServer: advertised, virtualCaPem: pki.caCertPem, adminToken: pki.adminToken, clock: systemClock, logger });
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
  if (service && config.advertise?.kubeconfigSecret && config.host) {
    const kubeconfigYaml = renderKubeconfig({ clusterName: config.name, server: service.url, caCertPem: pki.caCertPem, clientCertPem: pki.adminCertPem, clientKeyPem: pki.adminKeyPem });
    await publishKubeconfigSecret(loadHostKubeConfig(config.host.kubeconfig), config.host.namespace, config.advertise.kubeconfigSecret, config.name, kubeconfigYaml);
  }
  ready = true;
  const memoryReducer = startMemoryReducer(logger.child({ component: 'memory' }));
  logger.info({ address: `https://${host}:${port}`, kubeconfig: resolve(config.kubeconfigOut), dataDir }, 'vkube is serving');
  return {
    port,
    logger,
    async stop() {
      ready = false;
      memoryReducer.stop();
      await app.close();
      await Promise.all(controllers.map((c) => c.stop()));
      await access.stop();
      await syncer?.stop();
      await store.close();
    },
  };
}
