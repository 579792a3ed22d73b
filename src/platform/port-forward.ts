/**
 * `vkube connect`: a local TCP port whose every connection is a host port-forward (WebSocket) to
 * one port of the vkube pod, as `kubectl port-forward` does.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import { PortForward } from '../client-node.js';
import { PlatformError } from './host.js';

export interface PortForwardTarget {
  namespace: string;
  pod: string;
  port: number;
}

export interface RunningPortForward {
  localPort: number;
  close(): Promise<void>;
}

function forwardConnection(forwarder: PortForward, target: PortForwardTarget, socket: Socket, onError: (message: string) => void): void {
  const errors = new Writable({
    write(chunk: Buffer, _encoding, done) {
      onError(chunk.toString('utf8').trim());
      done();
    },
  });
  forwarder
    .portForward(target.namespace, target.pod, [target.port], socket, errors, socket)
    .then((ws) => {
      if (typeof ws === 'function') return;
      // Closing either side closes the other.
      ws.on('close', () => socket.end());
      ws.on('error', () => socket.destroy());
      socket.on('close', () => ws.close());
    })
    .catch((err: unknown) => {
      onError(err instanceof Error ? err.message : String(err));
      socket.destroy();
    });
}

export async function startPortForward(kubeConfig: KubeConfig, target: PortForwardTarget, options: { localPort?: number; address?: string; onError?: (message: string) => void } = {}): Promise<RunningPortForward> {
  const forwarder = new PortForward(kubeConfig);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    forwardConnection(forwarder, target, socket, options.onError ?? (() => undefined));
  });
  const address = options.address ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new PlatformError(`cannot listen on ${address}:${options.localPort ?? 0}: ${err.message}`, err.code === 'EADDRINUSE' ? 'pick another port with --local-port' : 'check the address', { cause: err })),
    );
    server.listen(options.localPort ?? 0, address, () => resolve());
  });
  const localPort = (server.address() as { port: number }).port;
  return {
    localPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
