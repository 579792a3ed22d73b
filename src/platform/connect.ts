/** `vkube connect`: a kubeconfig this machine can use, plus the port-forward it needs for in-pod clusters. */
import type { ClusterInfo } from './clusters.js';
import { PlatformError, type HostSession } from './host.js';
import { readTenantKubeconfig, withServer } from './kubeconfig.js';
import { API_PORT, objectNames } from './objects.js';
import { startPortForward, type RunningPortForward } from './port-forward.js';

export interface Connection {
  kubeconfigYaml: string;
  server: string;
  /** Only for in-pod clusters (a `--local` server already listens on this machine). */
  forward?: RunningPortForward;
}

export interface ConnectOptions {
  localPort?: number;
  /** Do not forward; only build the kubeconfig for `localPort` (`vkube connect --print`). */
  printOnly: boolean;
  onError?: (message: string) => void;
}

export async function connectCluster(host: HostSession, cluster: ClusterInfo, options: ConnectOptions): Promise<Connection> {
  if (cluster.status === 'Paused') throw new PlatformError(`virtual cluster "${cluster.name}" is paused`, `resume it with vkube resume ${cluster.name} -n ${cluster.hostNamespace}`);
  const kubeconfigYaml = await readTenantKubeconfig(host, cluster);
  if (cluster.mode === 'local') {
    if (cluster.status !== 'Running') throw new PlatformError(`the local server of "${cluster.name}" is not running (${cluster.status})`, `vkube delete ${cluster.name} -n ${cluster.hostNamespace} and create it again`);
    const server = `https://127.0.0.1:${cluster.local!.port}`;
    return { kubeconfigYaml: withServer(kubeconfigYaml, server), server };
  }
  if (options.printOnly) {
    const server = `https://127.0.0.1:${options.localPort ?? 8443}`;
    return { kubeconfigYaml: withServer(kubeconfigYaml, server), server };
  }
  // The serving certificate names 127.0.0.1, so the forwarded address verifies against the CA.
  const forward = await startPortForward(host.kubeConfig, { namespace: cluster.hostNamespace, pod: objectNames(cluster.name).pod, port: API_PORT }, { localPort: options.localPort, onError: options.onError });
  const server = `https://127.0.0.1:${forward.localPort}`;
  return { kubeconfigYaml: withServer(kubeconfigYaml, server), server, forward };
}
