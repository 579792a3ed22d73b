/** `vkube delete | pause | resume | kubeconfig NAME`. */
import type { Command } from 'commander';
import { requireCluster } from '../../platform/clusters.js';
import { readTenantKubeconfig, writeTenantKubeconfig } from '../../platform/kubeconfig.js';
import { deleteCluster, pauseCluster, resumeCluster } from '../../platform/lifecycle.js';
import type { HostSession } from '../../platform/host.js';
import type { LifecycleOptions } from '../../platform/lifecycle.js';
import { guarded, hostFrom, lifecycleOptions, namespaceFor, withHostFlags, withWaitFlags, type HostFlags, type WaitFlags } from './shared.js';

type LifecycleAction = (host: HostSession, name: string, namespace: string, options: LifecycleOptions) => Promise<void>;

function registerLifecycle(program: Command, verb: string, description: string, action: LifecycleAction, done: string): void {
  const command = program.command(verb).description(description).argument('<name>', 'name of the virtual cluster');
  withWaitFlags(withHostFlags(command)).action(
    guarded(async (name: string, flags: HostFlags & WaitFlags) => {
      const namespace = namespaceFor(name, flags);
      await action(hostFrom(flags), name, namespace, lifecycleOptions(flags));
      process.stdout.write(`virtual cluster ${name} in ${namespace} ${done}\n`);
    }),
  );
}

export function registerLifecycleCommands(program: Command): void {
  registerLifecycle(program, 'delete', 'delete a virtual cluster and every host object it owns (label vkube.io/managed-by=NAME)', deleteCluster, 'deleted');
  registerLifecycle(program, 'pause', "stop a virtual cluster's server and its workloads' host pods; the virtual state is kept", pauseCluster, 'paused');
  registerLifecycle(program, 'resume', 'start a paused virtual cluster again; its workloads come back', resumeCluster, 'resumed');
  const kubeconfig = program
    .command('kubeconfig')
    .description("print a virtual cluster's admin kubeconfig (the address it advertises; use vkube connect from outside the host)")
    .argument('<name>', 'name of the virtual cluster')
    .option('--kubeconfig-out <file>', 'write it to this file instead of stdout');
  withHostFlags(kubeconfig).action(
    guarded(async (name: string, flags: HostFlags & { kubeconfigOut?: string }) => {
      const host = hostFrom(flags);
      const yaml = await readTenantKubeconfig(host, await requireCluster(host, name, namespaceFor(name, flags)));
      if (flags.kubeconfigOut) await writeTenantKubeconfig(flags.kubeconfigOut, yaml);
      else process.stdout.write(yaml);
    }),
  );
}
