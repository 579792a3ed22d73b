/** The `vkube` command line: parses flags into a typed config and hands it to the parts. */
import { Command, InvalidArgumentError } from 'commander';
import { VKUBE_VERSION } from '../version.js';
import { startServer } from './serve.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
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
  .action(async (opts: { name: string; dataDir: string; bindAddress: string; port: number; kubeconfigOut: string; serviceCidr: string; logLevel: string }) => {
    const server = await startServer(opts);
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

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`vkube: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
