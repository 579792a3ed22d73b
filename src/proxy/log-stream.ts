/**
 * `GET pods/<name>/log`: streams the host pod's log to the tenant as it arrives (follow=true keeps
 * it open), never buffering it. The tenant hanging up aborts the host request and the other way
 * round.
 */
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../registry/errors.js';
import type { HostConnection } from './host-connection.js';
import { hostSubresourcePath } from './host-path.js';
import { readLimited, tenantStatus } from './host-response.js';
import type { PodTarget } from './pod-target.js';

/** Host response headers that describe the body and are safe to pass on. */
const PASSED_HEADERS = ['content-type', 'cache-control'];

export async function streamPodLog(host: HostConnection, target: PodTarget, query: URLSearchParams, reply: FastifyReply): Promise<void> {
  const hostRequest = await host.open({ method: 'GET', path: hostSubresourcePath('log', target.host, query), headers: { accept: '*/*' } });
  const hostResponse = await new Promise<IncomingMessage>((resolve, reject) => {
    hostRequest.once('response', resolve);
    hostRequest.once('error', reject);
    // The tenant gone before the host answered: stop waiting.
    reply.raw.once('close', () => hostRequest.destroy());
    hostRequest.end();
  }).catch((err: unknown) => {
    throw new ApiError(503, 'ServiceUnavailable', `the host cluster could not be reached for pod "${target.virtual.name}"`, undefined, { cause: err });
  });
  const code = hostResponse.statusCode ?? 502;
  if (code !== 200) {
    const status = tenantStatus(code, await readLimited(hostResponse), target);
    reply.code(code).header('content-type', 'application/json').send(Buffer.from(JSON.stringify(status)));
    return;
  }
  reply.hijack();
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = hostResponse.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  reply.raw.writeHead(200, headers);
  // Send the headers now: with follow=true the first line may take a while.
  reply.raw.flushHeaders();
  try {
    await pipeline(hostResponse, reply.raw);
  } catch {
    // A hang-up on either side ends the stream; pipeline has destroyed both already.
  }
}
