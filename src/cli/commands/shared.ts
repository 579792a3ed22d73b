/** Flags and output habits every platform subcommand shares (host context, namespace, waiting, errors). */
import { InvalidArgumentError, type Command } from 'commander';
import { openHost, PlatformError, type HostSession } from '../../platform/host.js';
import type { LifecycleOptions } from '../../platform/lifecycle.js';

export interface HostFlags {
  hostKubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface WaitFlags {
  wait: boolean;
  timeout: number;
}

export function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
}

export function withHostFlags(command: Command, namespaceHelp = 'host namespace of the virtual cluster (default: vkube-NAME)'): Command {
  return command
    .option('-n, --namespace <ns>', namespaceHelp)
    .option('--context <name>', 'host kube context (default: the current context)')
    .option('--host-kubeconfig <file>', 'host kubeconfig (default: $KUBECONFIG or ~/.kube/config)');
}

export function withWaitFlags(command: Command): Command {
  return command.option('--no-wait', 'return once the host objects are written').option('--timeout <seconds>', 'how long to wait', seconds, 300);
}

export function hostFrom(flags: HostFlags): HostSession {
  return openHost({ kubeconfig: flags.hostKubeconfig, context: flags.context });
}

export function namespaceFor(name: string, flags: HostFlags): string {
  return flags.namespace ?? `vkube-${name}`;
}

export function progressToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function lifecycleOptions(flags: WaitFlags): LifecycleOptions {
  return { wait: flags.wait, timeoutMs: flags.timeout * 1000, progress: progressToStderr };
}

/** Runs an action; a PlatformError prints what went wrong and what to do next, and exits 1. */
export function guarded<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      process.stderr.write(`vkube: ${err.message}\n  next: ${err.hint}\n`);
      process.exitCode = 1;
    }
  };
}
