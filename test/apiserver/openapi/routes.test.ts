import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiService, parseAccept, registerOpenApiRoutes } from '../../../src/apiserver/openapi/index.js';

const PROTOBUF_ACCEPT = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

let app: FastifyInstance;
const service = new OpenApiService();

beforeAll(async () => {
  app = Fastify();
  registerOpenApiRoutes(app, service);
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

const sha512Upper = (data: Buffer): string => createHash('sha512').update(data).digest('hex').toUpperCase();

describe('GET /openapi/v2', () => {
  it.each([
    ['client-go protobuf', PROTOBUF_ACCEPT, PROTOBUF_CONTENT_TYPE],
    ['new protobuf spelling', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', PROTOBUF_CONTENT_TYPE],
    ['json', 'application/json', 'application/json'],
    ['no Accept', undefined, 'application/json'],
    ['any', '*/*', 'application/json'],
    ['protobuf preferred by q', 'application/json;q=0.5, ' + PROTOBUF_ACCEPT, PROTOBUF_CONTENT_TYPE],
    ['json first in list', 'application/json, ' + PROTOBUF_ACCEPT, 'application/json'],
  ])('%s → %s', async (_name, accept, contentType) => {
    const res = await app.inject({ method: 'GET', url: '/openapi/v2', headers: accept === undefined ? {} : { accept } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(contentType);
    expect(res.headers.etag).toBe(`"${sha512Upper(service.v2Json())}"`);
    expect(res.headers.vary).toContain('Accept');
    if (contentType === 'application/json') {
      const swagger = JSON.parse(res.body) as { swagger: string; definitions: Record<string, unknown> };
      expect(swagger.swagger).toBe('2.0');
      expect(swagger.definitions['io.k8s.api.apps.v1.Deployment']).toBeDefined();
    } else {
      expect(res.rawPayload.equals(service.v2Protobuf())).toBe(true);
    }
  });

  it('answers 406 when nothing acceptable is offered', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi/v2', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(406);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.inject({ method: 'GET', url: '/openapi/v2', headers: { accept: PROTOBUF_ACCEPT } });
    const second = await app.inject({
      method: 'GET',
      url: '/openapi/v2',
      headers: { accept: PROTOBUF_ACCEPT, 'if-none-match': first.headers.etag as string },
    });
    expect(second.statusCode).toBe(304);
    expect(second.rawPayload.length).toBe(0);
  });

  it('gzips when the client accepts it', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi/v2', headers: { accept: PROTOBUF_ACCEPT, 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).equals(service.v2Protobuf())).toBe(true);
  });
});

describe('GET /openapi/v3', () => {
  it('lists every served document with its content hash', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi/v3' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const index = JSON.parse(res.body) as { paths: Record<string, { serverRelativeURL: string }> };
    const apps = index.paths['apis/apps/v1'];
    expect(apps?.serverRelativeURL).toBe(`/openapi/v3/apis/apps/v1?hash=${sha512Upper(service.v3Document('apis/apps/v1') as Buffer)}`);
    for (const path of ['api', 'api/v1', 'apis', 'apis/apps', 'version', '.well-known/openid-configuration', 'apis/autoscaling/v2']) {
      expect(index.paths[path], path).toBeDefined();
    }
    for (const path of ['apis/resource.k8s.io/v1beta1', 'apis/flowcontrol.apiserver.k8s.io/v1', 'apis/batch/v1beta1']) {
      expect(index.paths[path], path).toBeUndefined();
    }
    // Go's encoding/json writes map keys sorted.
    expect(Object.keys(index.paths)).toEqual([...Object.keys(index.paths)].sort());
  });

  it('serves a document at its index URL as immutable', async () => {
    const index = service.v3Index();
    const url = index.paths['api/v1']?.serverRelativeURL as string;
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['cache-control']).toBe('public, immutable');
    expect(Date.parse(res.headers.expires as string)).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
    const doc = JSON.parse(res.body) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/namespaces/{namespace}/pods']).toBeDefined();
  });

  it('serves a document without hash as cacheable only by ETag', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi/v3/apis/apps/v1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBeUndefined();
    expect(res.headers.etag).toBe(`"${sha512Upper(res.rawPayload)}"`);
    const notModified = await app.inject({ method: 'GET', url: '/openapi/v3/apis/apps/v1', headers: { 'if-none-match': res.headers.etag as string } });
    expect(notModified.statusCode).toBe(304);
  });

  it('redirects a stale hash to the current URL', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi/v3/apis/apps/v1?hash=0123' });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(service.v3Index().paths['apis/apps/v1']?.serverRelativeURL);
  });

  it('sends the stored gzip bytes to gzip clients', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi/v3/apis/batch/v1', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).equals(service.v3Document('apis/batch/v1') as Buffer)).toBe(true);
  });

  it.each(['apis/resource.k8s.io/v1beta1', 'apis/apps/v2', 'nope'])('404 for %s', async (path) => {
    const res = await app.inject({ method: 'GET', url: `/openapi/v3/${path}` });
    expect(res.statusCode).toBe(404);
  });

  it('406 when JSON is not acceptable', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi/v3/api/v1', headers: { accept: 'application/yaml' } });
    expect(res.statusCode).toBe(406);
  });
});

describe('parseAccept', () => {
  it.each([
    [undefined, ['*/*']],
    ['', ['*/*']],
    ['application/json', ['application/json']],
    ['a/b;q=0.1, c/d, e/f;q=0.5', ['c/d', 'e/f', 'a/b']],
    ['a/b;q=0, c/d', ['c/d']],
    ['garbage, x/y', ['x/y']],
  ])('%s', (header, expected) => {
    expect(parseAccept(header).map((c) => `${c.type}/${c.subType}`)).toEqual(expected);
  });
});
