/**
 * Profiles only the create phase of bench/api: `vkube serve` (built) under --cpu-prof, N pod creates
 * with 32 clients, then a clean stop so the profile is written. Prints the create figures as JSON.
 * Without --dir it only measures (the create phase of run.ts, alone).
 *   node --import tsx bench/api/profile-creates.ts [--dir /tmp/prof] [--pods 5000]
 */
import { parseArgs } from 'node:util';
import { BenchClient, credentialsFromKubeconfig } from './client.js';
import { startMeasuredVkube } from './launch.js';
import { createNamespace, createPods } from './workloads.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, pods: { type: 'string', default: '5000' } } });
const vkube = await startMeasuredVkube(values.dir);
const client = new BenchClient(await credentialsFromKubeconfig(vkube.kubeconfig), 32);
try {
  await createNamespace(client, 'bench-pods');
  const { summary } = await createPods(client, 'bench-pods', Number(values.pods), 32);
  process.stdout.write(`${JSON.stringify({ create_32: summary })}\n`);
} finally {
  client.close();
  await vkube.stop();
}
