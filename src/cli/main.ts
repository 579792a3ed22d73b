/** The `vkube` command line: parses flags into a typed config and hands it to the parts. */
import { Command, InvalidArgumentError } from 'commander';
import { VKUBE_VERSION } from '../version.js';
import { isPodSecurityLevel } from '../syncer/pod-security/index.js';
import type { HostSyncConfig } from '../syncer/runtime/wire.js';
import { registerPlatformCommands } from './commands/index.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

interface HostFlags {
  hostKubeconfig?: string;
  hostNamespace?: string;
  syncMode: string;
  podSecurityLevel: string;
}

/** The host part of the config: none without host flags; `--host-namespace` is required with a host. */
function hostConfig(flags: HostFlags): HostSyncConfig | undefined {
  if (flags.hostKubeconfig === undefined && flags.hostNamespace === undefined) return undefined;
  if (!flags.hostNamespace) throw new InvalidArgumentError('--host-namespace is required with a host cluster');
  if (flags.syncMode !== 'single' && flags.syncMode !== 'namespaces') throw new InvalidArgumentError('--sync-mode must be single or namespaces');
  if (!isPodSecurityLevel(flags.podSecurityLevel)) throw new InvalidArgumentError('--pod-security-level must be privileged, baseline or restricted');
  return { kubeconfig: flags.hostKubeconfig, namespace: flags.hostNamespace, mode: flags.syncMode, podSecurityLevel: flags.podSecurityLevel };
}

const program = new Command('vkube').version(VKUBE_VERSION).description('Virtual Kubernetes clusters');

program
  .command('serve')
  .description('run a virtual cluster: the Kubernetes API server over the embedded store')
  .option('--name <name>', 'name of the virtual cluster', 'vkube')
  .option('--data-dir <dir>', 'where the store and the PKI live', './.vkube/data')
  .option('--bind-address <addr>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'HTTPS port (0 picks a free one)', port, 6443)
  .option('--kubeconfig-out <file>', 'where to write the admin kubeconfig', './.vkube/kubeconfig.yaml')
  .option('--service-cidr <cidr>', 'virtual service network', '10.96.0.0/12')
  .option('--log-level <level>', 'pino log level', process.env.VKUBE_LOG_LEVEL ?? 'info')
  .option('--host-kubeconfig <file>', 'kubeconfig of the host cluster (default with --host-namespace: the in-cluster config)')
  .option('--host-namespace <ns>', 'host namespace the syncer works in (required with a host)')
  .option('--sync-mode <mode>', 'single: every virtual namespace in the host namespace; namespaces: one host namespace each', 'single')
  .option('--pod-security-level <level>', 'Pod Security Standard pods must meet to be synced', 'baseline')
  .option('--advertise-service <name>', 'in a host pod: the host Service in front of it (its names go in the certificate, its address is advertised)')
  .option('--kubeconfig-secret <name>', 'in a host pod: host Secret to publish the admin kubeconfig in (with --advertise-service)')
  .action(async (opts: { name: string; dataDir: string; bindAddress: string; port: number; kubeconfigOut: string; serviceCidr: string; logLevel: string; advertiseService?: string; kubeconfigSecret?: string } & HostFlags) => {
    const { hostKubeconfig: _k, hostNamespace: _n, syncMode: _m, podSecurityLevel: _p, advertiseService, kubeconfigSecret, ...serve } = opts;
    const advertise = advertiseService ? { serviceName: advertiseService, kubeconfigSecret } : undefined;
    // Loaded on demand: the server's modules (store, OpenAPI, registry) are not needed by `vkube list`.
    const { startServer } = await import('./serve.js');
    const server = await startServer({ ...serve, host: hostConfig(opts), advertise });
    let stopping = false;
    const shutdown = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      server.logger.info({ signal }, 'shutting down');
      server.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          server.logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  });

registerPlatformCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`vkube: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
