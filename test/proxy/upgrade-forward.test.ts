import { mkdtempSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { waitFor } from '../helpers/vkube-process.js';
import { HostConnection } from '../../src/proxy/host-connection.js';
import { ensurePki } from '../../src/pki/certificates.js';
import { hostSubresourcePath } from '../../src/proxy/host-path.js';
import { forwardedRequestHeaders, forwardUpgrade, splice } from '../../src/proxy/upgrade-forward.js';
import type { PodTarget } from '../../src/proxy/pod-target.js';

const target: PodTarget = { virtual: { namespace: 'team', name: 'web', uid: 'u1' }, host: { namespace: 'host-ns', name: 'web-x-team-x-vc1' } };
const servers: Server[] = [];
/** Upgraded sockets leave the HTTP server's bookkeeping, so closeAllConnections() misses them. */
const upgradedSockets: Duplex[] = [];

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  for (const socket of upgradedSockets.splice(0)) socket.destroy();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

interface FakeHost {
  port: number;
  requests: IncomingMessage[];
  sockets: Duplex[];
}

/** A host API that switches protocols and echoes, or refuses with a Status naming the host pod. */
async function fakeHost(refuse = false): Promise<FakeHost> {
  const host: FakeHost = { port: 0, requests: [], sockets: [] };
  const server = createServer();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    host.requests.push(req);
    if (refuse) {
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `container "x" not found in pod "${target.host.name}" in namespace "host-ns"`, reason: 'BadRequest', code: 400 });
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    host.sockets.push(socket);
    upgradedSockets.push(socket);
    // The HTTP server's sockets are half-open; a real apiserver closes its side on EOF.
    socket.on('end', () => socket.end());
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: SPDY/3.1\r\nConnection: Upgrade\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n');
    socket.on('data', (d: Buffer) => socket.write(Buffer.concat([Buffer.from('echo:'), d])));
  });
  host.port = await listen(server);
  return host;
}

async function tenantServer(host: FakeHost): Promise<number> {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'host', server: `http://127.0.0.1:${host.port}`, skipTLSVerify: true }],
    users: [{ name: 'syncer', token: 'host-token' }],
    contexts: [{ name: 'host', cluster: 'host', user: 'syncer' }],
    currentContext: 'host',
  });
  const connection = new HostConnection(kc);
  const server = createServer();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgradedSockets.push(socket);
    const url = new URL(req.url ?? '/', 'http://x');
    void forwardUpgrade(connection, { request: req, socket, head, target, hostPath: hostSubresourcePath('exec', target.host, url.searchParams) });
  });
  return listen(server);
}

function upgrade(port: number): Promise<{ status: number; headers: IncomingMessage['headers']; socket?: Duplex; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      port, host: '127.0.0.1', method: 'POST', path: '/api/v1/namespaces/team/pods/web/exec?command=sh&stdin=true&evil=1',
      headers: [['Connection', 'Upgrade'], ['Upgrade', 'SPDY/3.1'], ['X-Stream-Protocol-Version', 'v4.channel.k8s.io'], ['X-Stream-Protocol-Version', 'v3.channel.k8s.io'], ['Authorization', 'Bearer tenant-token'], ['Impersonate-User', 'admin'], ['Content-Length', '0']].flat(),
    });
    req.on('upgrade', (res, socket) => (upgradedSockets.push(socket), resolve({ status: res.statusCode ?? 0, headers: res.headers, socket, body: '' })));
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('forwardUpgrade', () => {
  it('switches protocols through to the host with the host credentials and splices bytes both ways', async () => {
    const host = await fakeHost();
    const answer = await upgrade(await tenantServer(host));
    expect(answer.status).toBe(101);
    expect(answer.headers['x-stream-protocol-version']).toBe('v4.channel.k8s.io');
    const hostRequest = host.requests[0]!;
    expect(hostRequest.url).toBe('/api/v1/namespaces/host-ns/pods/web-x-team-x-vc1/exec?command=sh&stdin=true');
    expect(hostRequest.headers.authorization).toBe('Bearer host-token');
    expect(hostRequest.headers['impersonate-user']).toBeUndefined();
    // Both offered protocol versions arrive as separate headers, as Go's SPDY negotiation needs.
    expect(hostRequest.rawHeaders.filter((h) => h.toLowerCase() === 'x-stream-protocol-version')).toHaveLength(2);
    const socket = answer.socket!;
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.write('ping');
    await waitFor('echo', async () => received === 'echo:ping');
    // The tenant hangs up: the host side closes too.
    socket.destroy();
    await waitFor('host socket closed', async () => host.sockets[0]!.destroyed || host.sockets[0]!.closed);
  });

  it('closes the tenant socket when the host ends the stream', async () => {
    const host = await fakeHost();
    const answer = await upgrade(await tenantServer(host));
    const socket = answer.socket!;
    let closed = false;
    socket.on('close', () => (closed = true));
    host.sockets[0]!.end();
    await waitFor('tenant socket closed', async () => closed);
  });

  it('answers a refused upgrade with a Status that names only virtual objects', async () => {
    const host = await fakeHost(true);
    const answer = await upgrade(await tenantServer(host));
    expect(answer.status).toBe(400);
    const status = JSON.parse(answer.body) as { message: string; reason: string; kind: string };
    expect(status).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    expect(status.message).toBe('container "x" not found in pod "web" in namespace "team"');
  });

  it('keeps only the protocol headers', () => {
    expect(forwardedRequestHeaders(['Upgrade', 'websocket', 'Sec-WebSocket-Protocol', 'v5.channel.k8s.io', 'Cookie', 'a=b', 'Authorization', 'Bearer x'])).toEqual({
      upgrade: ['websocket'],
      'sec-websocket-protocol': ['v5.channel.k8s.io'],
    });
  });
});

describe('splice', () => {
  it('writes out what the host sent before it hung up, however much of it the tenant has not read yet', async () => {
    const pki = await ensurePki({ dir: mkdtempSync(join(tmpdir(), 'vkube-splice-pki-')), dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    // More than the kernel buffers take while the tenant reads nothing: the proxy still holds
    // queued writes when the host's end and close arrive, as an exec's last frames can be.
    const payload = Buffer.alloc(16 << 20, 'x');
    const host = new Duplex({ read() {}, write: (_chunk, _encoding, done) => done() });
    host.once('end', () => host.destroy());
    const tenantServer = createTlsServer({ cert: pki.servingCertPem, key: pki.servingKeyPem }, (tenant) => {
      upgradedSockets.push(tenant);
      splice(tenant, host);
      host.push(payload);
      host.push(null);
    });
    onTestFinished(() => new Promise<void>((resolve) => tenantServer.close(() => resolve())));
    await new Promise<void>((resolve) => tenantServer.listen(0, '127.0.0.1', resolve));
    const client: TLSSocket = tlsConnect({ port: (tenantServer.address() as AddressInfo).port, host: '127.0.0.1', ca: pki.caCertPem, servername: 'localhost' });
    upgradedSockets.push(client);
    client.pause();
    let received = 0;
    let ended = false;
    client.on('data', (d: Buffer) => (received += d.length));
    client.on('end', () => (ended = true));
    client.on('error', () => undefined);
    await waitFor('host side closed', async () => host.closed);
    client.resume();
    await waitFor('tenant stream ended', async () => ended || client.destroyed, 30_000);
    expect(received).toBe(payload.length);
    expect(ended).toBe(true);
  });
});
