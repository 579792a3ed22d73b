/**
 * A host node whose fake kubelet runs `kubectl exec` commands on this machine: our own kwok
 * process (started and stopped by the test) playing one tainted node, so the shared host from
 * `hack/host-cluster.sh up` can keep exec off (HOST_KWOK_LOCAL_EXEC=0) and its other pods never
 * land here. Same kwok binary, stages and TLS material as the host's own kwok.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Kubectl } from '../../helpers/kubectl.js';
import { freePort, waitFor } from '../../helpers/vkube-process.js';

export const EXEC_NODE_TAINT = 'vkube.io/proxy-test';

export interface ExecNode {
  name: string;
  stop(): Promise<void>;
}

export async function startExecNode(host: Kubectl, options: { repoRoot: string; name: string; workDir: string }): Promise<ExecNode> {
  const kwokDir = join(process.env.VKUBE_CACHE_DIR ?? join(homedir(), '.cache/vkube'), 'kwok', process.env.KWOK_VERSION ?? 'v0.8.0');
  const pki = join(options.repoRoot, '.vkube/host/pki');
  const execDir = join(options.workDir, 'exec');
  mkdirSync(execDir, { recursive: true });
  const config = join(options.workDir, 'exec.yaml');
  writeFileSync(config, `apiVersion: kwok.x-k8s.io/v1alpha1\nkind: ClusterExec\nmetadata:\n  name: ${options.name}\nspec:\n  execs:\n  - local:\n      workDir: ${execDir}\n`);
  const port = await freePort();
  const selector = `kwok.x-k8s.io/node=${options.name}`;
  let output = '';
  const kwok: ChildProcess = spawn(join(kwokDir, 'bin/kwok'), [
    '--kubeconfig', join(pki, 'kwok.kubeconfig'),
    '--config', join(kwokDir, 'stages/stages.yaml'),
    '--config', config,
    '--manage-nodes-with-annotation-selector', selector,
    '--node-ip', '127.0.0.1', '--node-port', String(port), '--server-address', `127.0.0.1:${port}`,
    '--tls-cert-file', join(pki, 'kwok-server.crt'), '--tls-private-key-file', join(pki, 'kwok-server.key'),
    '--cidr', '10.246.0.1/16', '--node-lease-duration-seconds', '40',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  kwok.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  kwok.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: options.name,
      annotations: { 'kwok.x-k8s.io/node': options.name, 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { 'kubernetes.io/hostname': options.name, type: 'kwok' },
    },
    spec: { taints: [{ key: EXEC_NODE_TAINT, value: 'true', effect: 'NoSchedule' }] },
  };
  await host.ok(['apply', '-f', '-'], { stdin: JSON.stringify(node) });
  await waitFor(`node ${options.name} Ready`, async () => {
    if (kwok.exitCode !== null) throw new Error(`kwok exited:\n${output}`);
    const status = await host.run(['get', 'node', options.name, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
    return status.stdout.trim() === 'True';
  }, 60_000, 250);
  return {
    name: options.name,
    async stop() {
      await host.run(['delete', 'node', options.name, '--wait=false']);
      if (kwok.exitCode === null && kwok.signalCode === null) {
        const exited = new Promise((resolve) => kwok.once('exit', resolve));
        kwok.kill('SIGTERM');
        await exited;
      }
    },
  };
}
