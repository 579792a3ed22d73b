// Checks of the pod streaming subresources kwok plays on the host (see docs/host-cluster.md):
// port-forward to any pod port is an echo.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { kubectlPath } from './kubectl.js';

/** Starts `kubectl port-forward pod/<pod> :<port>` and resolves with the local port kubectl picked. */
async function startPortForward(
  kubeconfig: string,
  namespace: string,
  pod: string,
  podPort: number,
  signal: AbortSignal,
): Promise<number> {
  const child = spawn(
    kubectlPath,
    ['--kubeconfig', kubeconfig, 'port-forward', '-n', namespace, `pod/${pod}`, `:${podPort}`, '--address', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'], signal },
  );
  child.on('error', () => undefined); // the abort at the end of the test surfaces here
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(output);
      if (match?.[1] !== undefined) {
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`kubectl port-forward exited (${code}): ${output}`)));
  });
}

/** Sends `message` through a port-forward to the pod and resolves with what came back. */
export async function echoThroughPortForward(
  kubeconfig: string,
  namespace: string,
  pod: string,
  message: string,
): Promise<string> {
  const abort = new AbortController();
  try {
    const localPort = await startPortForward(kubeconfig, namespace, pod, 80, abort.signal);
    return await new Promise<string>((resolve, reject) => {
      const socket = connect(localPort, '127.0.0.1', () => socket.write(message));
      let received = '';
      socket.setTimeout(15_000, () => socket.destroy(new Error(`no echo after 15 s; got ${JSON.stringify(received)}`)));
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (received.length >= message.length) {
          socket.end();
          resolve(received);
        }
      });
      socket.on('error', reject);
    });
  } finally {
    abort.abort();
  }
}
