/**
 * Forwards an HTTP upgrade (SPDY/3.1 POST of kubectl ≤1.29, WebSocket GET with `v5.channel.k8s.io`,
 * `v4.channel.k8s.io` or `SPDY/3.1+portforward.k8s.io`) to the host API and splices the two sockets
 * once the host switched protocols. Bytes are never parsed or buffered: the host apiserver speaks
 * the protocol, we only carry it. http-proxy's `ws()` is not used because it refuses any upgrade
 * but a WebSocket GET, and SPDY upgrades are POSTs.
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { HostConnection } from './host-connection.js';
import { readLimited, tenantStatus, writeRawStatus } from './host-response.js';
import type { PodTarget } from './pod-target.js';

/** Request headers the protocols need; the tenant's credentials and anything else stay here. */
const FORWARDED_REQUEST_HEADERS = new Set([
  'upgrade',
  'connection',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-protocol',
  'x-stream-protocol-version',
  'user-agent',
]);

/** Keeps repeated headers repeated: SPDY offers one X-Stream-Protocol-Version header per version. */
export function forwardedRequestHeaders(rawHeaders: readonly string[]): OutgoingHttpHeaders {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (FORWARDED_REQUEST_HEADERS.has(name)) (headers[name] ??= []).push(rawHeaders[i + 1]!);
  }
  return headers;
}

function switchingProtocolsHead(response: IncomingMessage): Buffer {
  const lines = [`HTTP/1.1 101 ${response.statusMessage || 'Switching Protocols'}`];
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
}

/** How long a closing side may take to flush what it still has to write before it is cut. */
const FLUSH_TIMEOUT_MS = 30_000;

/** Ends the socket's writing side once its queued bytes are written, then closes it. */
function closeAfterFlush(socket: Duplex): void {
  if (socket.destroyed) return;
  if (socket.writableFinished) return void socket.destroy();
  const cut = setTimeout(() => socket.destroy(), FLUSH_TIMEOUT_MS);
  cut.unref();
  socket.once('finish', () => {
    clearTimeout(cut);
    socket.destroy();
  });
  socket.end();
}

/**
 * Joins two sockets: bytes flow both ways untouched. A side that closes after an orderly end
 * (the host sent its last frames and hung up) lets the other side write out everything it was
 * given first: destroying it at once would cancel writes still queued, and the client would read
 * a stream cut short (an exec whose output never arrives). A side that fails or is cut closes both.
 */
export function splice(tenant: Duplex, host: Duplex): void {
  const destroyBoth = (): void => {
    tenant.destroy();
    host.destroy();
  };
  for (const [socket, other] of [[tenant, host], [host, tenant]] as const) {
    socket.once('error', destroyBoth);
    socket.once('close', () => (socket.readableEnded ? closeAfterFlush(other) : destroyBoth()));
    (socket as Partial<Socket>).setNoDelay?.(true);
    (socket as Partial<Socket>).setTimeout?.(0);
  }
  tenant.pipe(host);
  host.pipe(tenant);
}

export interface UpgradeForward {
  request: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  hostPath: string;
  target: PodTarget;
}

/** Resolves once the exchange is settled (spliced, or answered with an error). */
export async function forwardUpgrade(host: HostConnection, forward: UpgradeForward): Promise<void> {
  const { request, socket, head, target } = forward;
  const method = request.method ?? 'GET';
  const headers = forwardedRequestHeaders(request.rawHeaders);
  // An upgrade request has no body. Without a length Node sends a SPDY POST chunked, and the
  // chunked terminator would then reach the host as the first bytes of the upgraded stream.
  if (method !== 'GET' && method !== 'HEAD') headers['content-length'] = '0';
  const hostRequest = await host.open({ method, path: forward.hostPath, headers });
  const tenantGone = (): void => {
    hostRequest.destroy();
  };
  socket.once('close', tenantGone);
  await new Promise<void>((resolve) => {
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      socket.off('close', tenantGone);
      return true;
    };
    hostRequest.once('upgrade', (response: IncomingMessage, hostSocket: Duplex, hostHead: Buffer) => {
      if (!settle() || socket.destroyed) {
        hostSocket.destroy();
        return resolve();
      }
      socket.write(switchingProtocolsHead(response));
      if (hostHead.length > 0) socket.write(hostHead);
      if (head.length > 0) hostSocket.write(head);
      splice(socket, hostSocket);
      resolve();
    });
    hostRequest.once('response', (response: IncomingMessage) => {
      if (!settle()) return void response.destroy();
      const code = response.statusCode ?? 502;
      // The host refused the upgrade (pod not running, no such container, ...): the client reads
      // this Status; kubectl's WebSocket attempt falls back to SPDY on it as it would upstream.
      readLimited(response)
        .then((body) => writeRawStatus(socket, tenantStatus(code, body, target)))
        .catch(() => socket.destroy())
        .finally(resolve);
    });
    // `on`, not `once`: a destroyed request may emit more than one error.
    hostRequest.on('error', () => {
      if (!settle()) return;
      writeRawStatus(socket, tenantStatus(503, Buffer.from(`the host cluster could not be reached for pod "${target.virtual.name}"`), target));
      resolve();
    });
    hostRequest.end();
  });
}
