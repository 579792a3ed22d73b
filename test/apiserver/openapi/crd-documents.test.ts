import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OpenApiService, registerOpenApiRoutes, type CustomResourceSchema } from '../../../src/apiserver/openapi/index.js';
import { customResourceComponentName } from '../../../src/apiserver/openapi/crd-documents.js';
import { BuiltinSchemaSource, findUnknownFields } from '../../../src/registry/schema/index.js';

type Doc = {
  paths: Record<string, Record<string, { operationId?: string; parameters?: Array<{ name: string; in: string }>; requestBody?: { content: Record<string, unknown> }; 'x-kubernetes-group-version-kind'?: unknown }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; 'x-kubernetes-group-version-kind'?: unknown }> };
};

const cronTab = (overrides: Partial<CustomResourceSchema> = {}): CustomResourceSchema => ({
  group: 'stable.example.com',
  version: 'v1',
  kind: 'CronTab',
  listKind: 'CronTabList',
  plural: 'crontabs',
  namespaced: true,
  subresources: { status: true },
  openAPIV3Schema: {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { cronSpec: { type: 'string' }, replicas: { type: 'integer' } } },
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
  },
  ...overrides,
});

function docOf(service: OpenApiService, path: string): Doc {
  const body = service.v3Document(path);
  if (body === undefined) throw new Error(`no document ${path}`);
  return JSON.parse(body.toString('utf8')) as Doc;
}

/** What kubectl's v3 query-param verifier does: the PATCH operation of the GVK lists fieldValidation. */
function supportsFieldValidation(doc: Doc, gvk: { group: string; version: string; kind: string }): boolean {
  return Object.values(doc.paths).some((item) => {
    const patch = item.patch;
    return JSON.stringify(patch?.['x-kubernetes-group-version-kind']) === JSON.stringify({ group: gvk.group, kind: gvk.kind, version: gvk.version })
      && (patch?.parameters ?? []).some((p) => p.name === 'fieldValidation' && p.in === 'query');
  });
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe('custom resource v3 documents', () => {
  it.each([
    ['stable.example.com', 'v1', 'CronTab', 'com.example.stable.v1.CronTab'],
    ['foo', 'v1beta1', 'Bar', 'foo.v1beta1.Bar'],
  ])('names components like upstream: %s %s %s', (group, version, kind, expected) => {
    expect(customResourceComponentName(group, version, kind)).toBe(expected);
  });

  it('publishes a namespaced kind like apiextensions-apiserver', () => {
    const service = new OpenApiService();
    service.addCustomResourceSchemas('crontabs.stable.example.com', [cronTab()]);
    expect(service.v3Index().paths['apis/stable.example.com/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/stable.example.com\/v1\?hash=[0-9A-F]{128}$/);
    const doc = docOf(service, 'apis/stable.example.com/v1');
    expect(Object.keys(doc.paths)).toEqual([
      '/apis/stable.example.com/v1/crontabs',
      '/apis/stable.example.com/v1/namespaces/{namespace}/crontabs',
      '/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}',
      '/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/status',
    ]);
    const item = doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'];
    expect(item?.patch?.operationId).toBe('patchStableExampleComV1NamespacedCronTab');
    expect(Object.keys(item?.patch?.requestBody?.content ?? {}).sort()).toEqual(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']);
    expect(supportsFieldValidation(doc, { group: 'stable.example.com', version: 'v1', kind: 'CronTab' })).toBe(true);
    const kind = doc.components.schemas['com.example.stable.v1.CronTab'];
    expect(kind?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'stable.example.com', kind: 'CronTab', version: 'v1' }]);
    expect(Object.keys(kind?.properties ?? {}).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(doc.components.schemas['com.example.stable.v1.CronTabList']?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'stable.example.com', kind: 'CronTabList', version: 'v1' }]);
    // Every reference resolves inside the document, and nothing of the template leaks.
    for (const ref of refsIn(doc)) expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/Deployment|strategic-merge|AppsV1|apps_v1|cbor|protobuf/);
  });

  it('publishes a cluster-scoped kind without namespace paths or parameters', () => {
    const service = new OpenApiService();
    service.addCustomResourceSchemas('widgets.example.io', [cronTab({ group: 'example.io', kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', namespaced: false, subresources: { scale: true } })]);
    const doc = docOf(service, 'apis/example.io/v1');
    expect(Object.keys(doc.paths)).toEqual(['/apis/example.io/v1/widgets', '/apis/example.io/v1/widgets/{name}', '/apis/example.io/v1/widgets/{name}/scale']);
    expect(doc.paths['/apis/example.io/v1/widgets/{name}']?.patch?.operationId).toBe('patchExampleIoV1Widget');
    expect(JSON.stringify(doc.paths)).not.toContain('"namespace"');
    expect(doc.components.schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
  });

  it('serves, updates and removes them, and the schema source follows', async () => {
    const service = new OpenApiService();
    const schemas = new BuiltinSchemaSource(service);
    const gvk = { group: 'stable.example.com', version: 'v1', kind: 'CronTab' };
    expect(schemas.forKind(gvk)).toBeUndefined();

    service.addCustomResourceSchemas('crontabs.stable.example.com', [cronTab()]);
    const first = schemas.forKind(gvk);
    expect(first?.properties?.metadata?.properties?.name?.type).toBe('string');
    expect(findUnknownFields({ metadata: { name: 'a', nam: 'b' }, spec: { cronSpec: '* * * * *', bogus: 1 }, status: { free: 1 } }, first!)).toEqual(['metadata.nam', 'spec.bogus']);

    const app = Fastify();
    registerOpenApiRoutes(app, service);
    const url = service.v3Index().paths['apis/stable.example.com/v1']?.serverRelativeURL as string;
    const served = await app.inject({ method: 'GET', url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['cache-control']).toBe('public, immutable');

    service.addCustomResourceSchemas('crontabs.stable.example.com', [
      cronTab({ openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { schedule: { type: 'string' } } } } } }),
      cronTab({ version: 'v2' }),
    ]);
    expect(Object.keys(schemas.forKind(gvk)?.properties?.spec?.properties ?? {})).toEqual(['schedule']);
    expect(schemas.forKind({ ...gvk, version: 'v2' })).toBeDefined();
    const stale = await app.inject({ method: 'GET', url });
    expect(stale.statusCode).toBe(301);

    service.removeCustomResourceSchemas('crontabs.stable.example.com');
    expect(service.v3Index().paths['apis/stable.example.com/v1']).toBeUndefined();
    expect(service.v3Document('apis/stable.example.com/v2')).toBeUndefined();
    expect(schemas.forKind(gvk)).toBeUndefined();
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
    await app.close();
  });

  it('shares a group-version between CRDs and refuses built-in ones', () => {
    const service = new OpenApiService();
    service.addCustomResourceSchemas('crontabs.stable.example.com', [cronTab()]);
    service.addCustomResourceSchemas('widgets.stable.example.com', [cronTab({ kind: 'Widget', listKind: 'WidgetList', plural: 'widgets' })]);
    expect(Object.keys(docOf(service, 'apis/stable.example.com/v1').components.schemas)).toEqual(
      expect.arrayContaining(['com.example.stable.v1.CronTab', 'com.example.stable.v1.Widget']),
    );
    service.removeCustomResourceSchemas('crontabs.stable.example.com');
    expect(Object.keys(docOf(service, 'apis/stable.example.com/v1').components.schemas)).not.toContain('com.example.stable.v1.CronTab');
    expect(() => service.addCustomResourceSchemas('x.apps', [cronTab({ group: 'apps' })])).toThrow(/built-in/);
  });
});
