/**
 * HTTP routes for the OpenAPI documents, with kube-openapi's negotiation (handler.go, handler3.go):
 * - `/openapi/v2`: the first Accept clause (by q) that matches JSON or the gnostic protobuf wins;
 *   the protobuf is sent as `application/com.github.proto-openapi.spec.v2.v1.0+protobuf` whichever
 *   of the two protobuf spellings was asked for, as upstream does; no match is a 406.
 * - `/openapi/v3`: the index; `/openapi/v3/<path>`: one document, JSON only. A `?hash=` that is
 *   current makes the response immutable (`Cache-Control: public, immutable`, Expires in a year);
 *   a stale one is a 301 to the current URL.
 * - Every response carries a quoted ETag (the SHA-512 of the body) and honours If-None-Match, and is
 *   gzipped when the client accepts gzip (kube-apiserver wraps these handlers in a gzip handler).
 * Authentication is the caller's: register this after its hooks.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OpenApiBody, OpenApiService } from './service.js';
import { v3ServerRelativeUrl } from './service.js';

export const OPENAPI_V2_PROTOBUF_TYPES = [
  'com.github.proto-openapi.spec.v2@v1.0+protobuf',
  'com.github.proto-openapi.spec.v2.v1.0+protobuf',
] as const;
export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

interface AcceptClause {
  type: string;
  subType: string;
  q: number;
}

/** Accept clauses ordered by q (stable), like goautoneg.ParseAccept; a missing header means any. */
export function parseAccept(header: string | undefined): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  for (const part of (header === undefined || header.trim() === '' ? '*/*' : header).split(',')) {
    const [mediaRange = '', ...params] = part.split(';').map((s) => s.trim());
    const [type = '', subType = ''] = mediaRange.split('/');
    if (type === '' || subType === '') continue;
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split('=').map((s) => s.trim());
      if (name === 'q' && value !== undefined) q = Number.parseFloat(value);
    }
    if (Number.isNaN(q) || q <= 0) continue;
    clauses.push({ type: type.toLowerCase(), subType: subType.toLowerCase(), q });
  }
  return clauses.map((c, i) => ({ c, i })).sort((a, b) => b.c.q - a.c.q || a.i - b.i).map(({ c }) => c);
}

function matches(clause: AcceptClause, type: string, subType: string): boolean {
  return (clause.type === type || clause.type === '*') && (clause.subType === subType.toLowerCase() || clause.subType === '*');
}

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    return (coding === 'gzip' || coding === '*') && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

function etagMatches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function send(request: FastifyRequest, reply: FastifyReply, contentType: string, payload: OpenApiBody): FastifyReply {
  const etag = `"${payload.hash}"`;
  reply.header('ETag', etag);
  reply.header('Vary', 'Accept, Accept-Encoding');
  if (etagMatches(request, etag)) return reply.code(304).send();
  reply.header('Content-Type', contentType);
  if (acceptsGzip(request)) {
    reply.header('Content-Encoding', 'gzip');
    return reply.send(payload.gzipped);
  }
  return reply.send(payload.plain);
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('Content-Type', 'text/plain; charset=utf-8').send('404 page not found\n');
}

export function registerOpenApiRoutes(app: FastifyInstance, service: OpenApiService): void {
  app.get('/openapi/v2', async (request, reply) => {
    for (const clause of parseAccept(request.headers.accept)) {
      if (matches(clause, 'application', 'json')) {
        return send(request, reply, 'application/json', service.v2JsonResponse());
      }
      if (OPENAPI_V2_PROTOBUF_TYPES.some((subType) => matches(clause, 'application', subType))) {
        return send(request, reply, OPENAPI_V2_PROTOBUF_CONTENT_TYPE, service.v2ProtobufResponse());
      }
    }
    return reply.code(406).send();
  });

  app.get('/openapi/v3', async (request, reply) => send(request, reply, 'application/json', service.v3IndexResponse()));

  app.get<{ Params: { '*': string }; Querystring: { hash?: string } }>('/openapi/v3/*', async (request, reply) => {
    const path = request.params['*'].replace(/\/+$/, '');
    const document = service.v3DocumentResponse(path);
    if (document === undefined) return notFound(reply);
    if (!parseAccept(request.headers.accept).some((clause) => matches(clause, 'application', 'json'))) {
      return reply.code(406).send();
    }
    const hash = request.query.hash;
    if (hash !== undefined && hash !== '') {
      if (hash !== document.hash) return reply.code(301).redirect(v3ServerRelativeUrl(path, document.hash), 301);
      reply.header('Cache-Control', 'public, immutable');
      reply.header('Expires', new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString());
    }
    return send(request, reply, 'application/json', document);
  });
}
