/**
 * Host answers that are not a stream (errors, refused upgrades) go back to the tenant as Status
 * bodies in which host pod and namespace names are replaced by the virtual ones, so the tenant
 * never learns host names. Also raw HTTP responses for upgrade sockets, which fastify never sees.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Status } from '../registry/errors.js';
import type { PodTarget } from './pod-target.js';

/** Host error bodies are small Status documents; more than this is cut. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export async function readLimited(response: IncomingMessage, limit = MAX_ERROR_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      response.destroy();
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks);
}

function replaceHostNames(text: string, target: PodTarget): string {
  return text.replaceAll(target.host.name, target.virtual.name).replaceAll(`"${target.host.namespace}"`, `"${target.virtual.namespace}"`);
}

/**
 * The tenant's view of a host error answer: a Status with virtual names. Names are replaced in the
 * decoded strings, not the raw JSON, where quotes around a namespace arrive escaped.
 */
export function tenantStatus(code: number, body: Buffer, target: PodTarget): Status {
  const raw = body.toString('utf8');
  let parsed: Partial<Status> | undefined;
  try {
    const value = JSON.parse(raw, (_key, v: unknown) => (typeof v === 'string' ? replaceHostNames(v, target) : v)) as unknown;
    if (value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'Status') parsed = value as Partial<Status>;
  } catch {
    parsed = undefined;
  }
  const message = parsed?.message ?? (replaceHostNames(raw, target).trim() || STATUS_CODES[code] || 'error');
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: parsed?.reason ?? (code === 404 ? 'NotFound' : code === 403 ? 'Forbidden' : code >= 500 ? 'InternalError' : 'BadRequest'),
    code,
  };
  if (parsed?.details) status.details = parsed.details;
  return status;
}

/** Writes a complete HTTP/1.1 JSON response on a socket that was never handed to fastify, and closes it. */
export function writeRawStatus(socket: Duplex, status: Status): void {
  if (socket.destroyed) return;
  const body = Buffer.from(JSON.stringify(status));
  const head = [
    `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${body.length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head), body]));
}
