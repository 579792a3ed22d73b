/** Long-running kubectl children (logs -f, port-forward) and raw clients for the proxy e2e test. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { parse } from 'yaml';
import WebSocket from 'ws';
import { kubectlPath } from '../../helpers/kubectl.js';
import { waitFor } from '../../helpers/vkube-process.js';

export interface KubectlChild {
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

export function spawnKubectl(version: string, kubeconfig: string, args: string[]): KubectlChild {
  const child: ChildProcessWithoutNullStreams = spawn(kubectlPath(version), ['--kubeconfig', kubeconfig, ...args], { stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin.end();
  return {
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Sends `payload` through a local TCP port and returns the first bytes that come back. */
export async function echoThrough(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString();
      if (received.length >= payload.length) {
        socket.end();
        resolve(received);
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => reject(new Error(`no echo on port ${port}; got ${JSON.stringify(received)}`)));
  });
}

export async function waitForOutput(child: KubectlChild, text: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(`kubectl output ${JSON.stringify(text)}`, async () => {
    if (child.output().includes(text)) return true;
    if (child.exited()) throw new Error(`kubectl exited: ${child.output()}`);
    return false;
  }, timeoutMs);
}

interface Credentials {
  server: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export function credentialsOf(kubeconfig: string): Credentials {
  const doc = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ user: Record<string, string> }> };
  const cluster = doc.clusters[0]!.cluster;
  const user = doc.users[0]!.user;
  const b64 = (v: string | undefined): Buffer => Buffer.from(v ?? '', 'base64');
  return { server: cluster.server!, ca: b64(cluster['certificate-authority-data']), cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']) };
}

/** A plain HTTPS request with the kubeconfig's client certificate (or anonymous): status and body. */
export function rawRequest(credentials: Credentials, path: string, options: { anonymous?: boolean; headers?: Record<string, string>; method?: string } = {}): Promise<{ code: number; body: string }> {
  const url = new URL(credentials.server);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      hostname: url.hostname, port: url.port, path, method: options.method ?? 'GET', ca: credentials.ca, headers: options.headers,
      ...(options.anonymous ? {} : { cert: credentials.cert, key: credentials.key }),
    }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ code: res.statusCode ?? 0, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

export interface ChannelFrames {
  protocol: string;
  /** Bytes per channel (1 stdout, 2 stderr, 3 error Status). */
  channels: Map<number, string>;
}

/** Runs a WebSocket exec (channel protocol) to completion and collects what each channel carried. */
export function websocketExec(credentials: Credentials, path: string, protocol: string): Promise<ChannelFrames> {
  const url = new URL(path, credentials.server.replace(/^https/, 'wss'));
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [protocol], { ca: credentials.ca, cert: credentials.cert, key: credentials.key });
    const channels = new Map<number, string>();
    socket.on('message', (data: Buffer) => {
      if (data.length === 0) return;
      const channel = data[0]!;
      channels.set(channel, (channels.get(channel) ?? '') + data.subarray(1).toString());
    });
    socket.on('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: HTTP ${res.statusCode}`)));
    socket.on('error', reject);
    socket.on('close', () => resolve({ protocol: socket.protocol, channels }));
  });
}
