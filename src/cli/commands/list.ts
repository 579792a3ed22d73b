/** `vkube list`: the virtual clusters on the host, like `kubectl get`. */
import type { Command } from 'commander';
import { listClusters, type ClusterInfo } from '../../platform/clusters.js';
import { guarded, hostFrom, withHostFlags, type HostFlags } from './shared.js';

interface ListFlags extends HostFlags {
  output: string;
}

/** kubectl's short ages: 42s, 5m, 3h, 12d. */
export function shortAge(from: Date | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const s = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 2 * 3600) return `${Math.floor(s / 60)}m`;
  if (s < 2 * 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function renderClusterTable(clusters: ClusterInfo[], now: Date): string {
  const rows = [['NAME', 'NAMESPACE', 'STATUS', 'AGE', 'VERSION', 'MODE'], ...clusters.map((c) => [c.name, c.hostNamespace, c.status, shortAge(c.createdAt, now), c.version, c.mode])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('')).join('\n') + '\n';
}

export function registerList(program: Command): void {
  const command = program
    .command('list')
    .alias('ls')
    .description('list virtual clusters (every host namespace you can read, or -n)')
    .option('-o, --output <format>', 'table or json', 'table');
  withHostFlags(command, 'only this host namespace (default: all)').action(
    guarded(async (flags: ListFlags) => {
      const clusters = await listClusters(hostFrom(flags), flags.namespace);
      if (flags.output === 'json') {
        process.stdout.write(`${JSON.stringify(clusters.map(({ local: _l, ...c }) => c), null, 2)}\n`);
        return;
      }
      if (clusters.length === 0) {
        process.stderr.write(`No virtual clusters found${flags.namespace ? ` in ${flags.namespace}` : ''}.\n`);
        return;
      }
      process.stdout.write(renderClusterTable(clusters, new Date()));
    }),
  );
}
