/** `vkube connect NAME`: a local port-forward to the cluster plus a kubeconfig that points at it. */
import type { Command } from 'commander';
import { requireCluster } from '../../platform/clusters.js';
import { connectCluster } from '../../platform/connect.js';
import type { HostSession } from '../../platform/host.js';
import { defaultKubeconfigPath, writeTenantKubeconfig } from '../../platform/kubeconfig.js';
import { guarded, hostFrom, namespaceFor, withHostFlags, type HostFlags } from './shared.js';

interface ConnectFlags extends HostFlags {
  print: boolean;
  localPort?: number;
  kubeconfigOut?: string;
}

export async function runConnect(host: HostSession, name: string, namespace: string, flags: Omit<ConnectFlags, keyof HostFlags>): Promise<void> {
  const cluster = await requireCluster(host, name, namespace);
  const connection = await connectCluster(host, cluster, { localPort: flags.localPort, printOnly: flags.print, onError: (m) => process.stderr.write(`port-forward: ${m}\n`) });
  if (flags.print) {
    process.stdout.write(connection.kubeconfigYaml);
    return;
  }
  const path = flags.kubeconfigOut ?? defaultKubeconfigPath(cluster);
  await writeTenantKubeconfig(path, connection.kubeconfigYaml);
  process.stdout.write(`virtual cluster ${name} at ${connection.server}\n  export KUBECONFIG=${path}\n`);
  if (!connection.forward) return;
  const forward = connection.forward;
  process.stdout.write('forwarding; press Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    const stop = (): void => void forward.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function localPort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error('--local-port must be a port number');
  return n;
}

export function registerConnect(program: Command): void {
  const command = program
    .command('connect')
    .description('forward a local port to a virtual cluster and write a kubeconfig that points at it')
    .argument('<name>', 'name of the virtual cluster')
    .option('--print', 'only print the kubeconfig (for --local-port, default 8443) and exit', false)
    .option('--local-port <port>', 'local port to listen on (default: a free one)', localPort)
    .option('--kubeconfig-out <file>', 'where to write the kubeconfig (default: ~/.vkube/kubeconfigs/NS_NAME.yaml)');
  withHostFlags(command).action(
    guarded(async (name: string, flags: ConnectFlags) => {
      await runConnect(hostFrom(flags), name, namespaceFor(name, flags), flags);
    }),
  );
}
