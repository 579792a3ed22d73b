/** `vkube create NAME`: a virtual cluster in a host namespace, ready to use when the command returns. */
import { InvalidArgumentError, type Command } from 'commander';
import { createCluster } from '../../platform/create.js';
import { defaultClusterSpec, type SyncMode } from '../../platform/objects.js';
import { runConnect } from './connect.js';
import { guarded, hostFrom, namespaceFor, progressToStderr, withHostFlags, withWaitFlags, type HostFlags, type WaitFlags } from './shared.js';

interface CreateFlags extends HostFlags, WaitFlags {
  syncMode: string;
  image?: string;
  local: boolean;
  connect: boolean;
  kubeconfigOut?: string;
  cpu: string;
  memory: string;
  storageSize: string;
  storageClass?: string;
}

function syncMode(value: string): SyncMode {
  if (value !== 'single' && value !== 'namespaces') throw new InvalidArgumentError('must be single or namespaces');
  return value;
}

export function registerCreate(program: Command): void {
  const command = program
    .command('create')
    .description('create a virtual cluster in a host namespace (from the current kube context) and wait until it serves')
    .argument('<name>', 'name of the virtual cluster')
    .option('--sync-mode <mode>', 'single: all virtual namespaces in the host namespace; namespaces: one host namespace each', syncMode, 'single')
    .option('--image <image>', 'vkube image for the server pod')
    .option('--local', 'run the server on this machine (against the host) instead of in a host pod', false)
    .option('--connect', 'stay in the foreground, forwarding a local port to the cluster (like vkube connect)', false)
    .option('--kubeconfig-out <file>', 'where to write the tenant kubeconfig (default: ~/.vkube/kubeconfigs/NS_NAME.yaml)')
    .option('--cpu <quantity>', 'CPU request of the server pod', '100m')
    .option('--memory <quantity>', 'memory request of the server pod', '256Mi')
    .option('--storage-size <quantity>', 'size of the store volume', '5Gi')
    .option('--storage-class <name>', 'StorageClass of the store volume (default: the host default)');
  withWaitFlags(withHostFlags(command)).action(
    guarded(async (name: string, flags: CreateFlags) => {
      const host = hostFrom(flags);
      const spec = defaultClusterSpec(name, namespaceFor(name, flags), {
        syncMode: flags.syncMode as SyncMode,
        ...(flags.image ? { image: flags.image } : {}),
        resources: { requests: { cpu: flags.cpu, memory: flags.memory }, limits: { memory: '1Gi' } },
        persistence: { size: flags.storageSize, ...(flags.storageClass ? { storageClassName: flags.storageClass } : {}) },
      });
      const result = await createCluster(host, { spec, local: flags.local, wait: flags.wait || flags.connect, timeoutMs: flags.timeout * 1000, kubeconfigOut: flags.kubeconfigOut, progress: progressToStderr });
      if (!result.kubeconfigPath) {
        process.stdout.write(`virtual cluster ${name} is being created in ${spec.hostNamespace}; see vkube list, then vkube kubeconfig ${name} -n ${spec.hostNamespace}\n`);
        return;
      }
      process.stdout.write(`virtual cluster ${name} is ready in host namespace ${spec.hostNamespace}\nkubeconfig: ${result.kubeconfigPath}\n`);
      if (result.cluster.mode === 'pod' && !flags.connect) process.stdout.write(`it names the in-cluster address; from this machine run: vkube connect ${name} -n ${spec.hostNamespace}\n`);
      else if (!flags.connect) process.stdout.write(`  export KUBECONFIG=${result.kubeconfigPath}\n`);
      if (flags.connect) await runConnect(host, name, spec.hostNamespace, { print: false, kubeconfigOut: result.kubeconfigPath });
    }),
  );
}
