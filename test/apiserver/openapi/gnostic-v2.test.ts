/**
 * The v2 protobuf as client-go and kubectl read it: a Go program (gocheck/) unmarshals our bytes into
 * gnostic's openapi_v2.Document, builds kubectl's model with kube-openapi's proto.NewOpenAPIData, and
 * compares our message with upstream's own encoding of the same JSON (openapi_v2.ParseDocument).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiService } from '../../../src/apiserver/openapi/index.js';
import { encodeSwaggerAsGnostic, loadDocumentType, type SwaggerObject } from '../../../src/apiserver/openapi/gnostic-v2.js';
import { defaultOpenApiDataDir } from '../../../src/apiserver/openapi/data.js';

const goCheckDir = join(dirname(fileURLToPath(import.meta.url)), 'gocheck');
let workDir: string;
let goCheckBinary: string;

interface GoCheckReport {
  model: string;
  fields: string[];
  extensions: Record<string, string>;
  modelCount: number;
  equalToUpstream: boolean;
  anyValues: number;
  anyYamlTextDiffer: number;
  bytesEqual: boolean;
}

function goCheck(protobuf: Buffer, swagger: SwaggerObject, model?: string): GoCheckReport {
  const pbPath = join(workDir, 'ours.pb');
  const jsonPath = join(workDir, 'swagger.json');
  writeFileSync(pbPath, protobuf);
  writeFileSync(jsonPath, JSON.stringify(swagger));
  const run = spawnSync(goCheckBinary, [pbPath, jsonPath, ...(model === undefined ? [] : [model])], { encoding: 'utf8' });
  // Exit 2 still prints the report (not equal to upstream); anything else is a failure to read our bytes.
  if (run.status !== 0 && run.status !== 2) throw new Error(`gocheck failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as GoCheckReport;
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'vkube-gocheck-'));
  goCheckBinary = join(workDir, 'gocheck');
  execFileSync('go', ['build', '-o', goCheckBinary, '.'], {
    cwd: goCheckDir,
    env: { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off' },
    stdio: 'inherit',
  });
}, 240_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('v2 protobuf of the upstream spec', () => {
  it('is what client-go unmarshals and kubectl models, byte-identical to upstream', () => {
    const service = new OpenApiService();
    const report = goCheck(service.v2Protobuf(), service.v2Document());
    expect(report.fields).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(report.extensions['x-kubernetes-group-version-kind']).toBe('[map[group:apps kind:Deployment version:v1]]');
    expect(report.modelCount).toBe(Object.keys(service.v2Document().definitions as object).length);
    expect(report.equalToUpstream).toBe(true);
    expect(report.anyValues).toBeGreaterThan(1000);
    expect(report.anyYamlTextDiffer).toBe(0);
    expect(report.bytesEqual).toBe(true);
  });
});

/** Constructs the upstream spec never uses but CRDs or future data might; each must match gnostic. */
const edgeCases: SwaggerObject = {
  swagger: '2.0',
  info: { title: 'edge', version: 'v0', description: 'd', contact: { name: 'n', email: 'e@x' }, license: { name: 'Apache-2.0', url: 'u' }, 'x-info': 1 },
  host: 'example.com',
  basePath: '/base',
  schemes: ['https'],
  consumes: ['application/json'],
  produces: ['application/json', 'application/yaml'],
  tags: [{ name: 't', description: 'td', externalDocs: { url: 'https://x' } }],
  externalDocs: { description: 'ed', url: 'https://docs' },
  'x-top': { nested: [1, 'two', { three: true }], empty: '' },
  securityDefinitions: {
    Basic: { type: 'basic', description: 'basic auth' },
    Key: { type: 'apiKey', name: 'authorization', in: 'header' },
  },
  security: [{ Key: [] }, { Basic: ['a', 'b'] }],
  parameters: {
    'body-x': { in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/io.example.v1.Widget' } },
    'q-x': { in: 'query', name: 'pretty', type: 'string', uniqueItems: true, allowEmptyValue: true },
  },
  responses: { Common: { description: 'common', schema: { type: 'string' } } },
  paths: {
    'x-paths-ext': 'yes',
    '/apis/example.io/v1/widgets/{name}': {
      parameters: [
        { $ref: '#/parameters/q-x' },
        { in: 'path', name: 'name', required: true, type: 'string', description: 'name' },
        { in: 'header', name: 'X-H', type: 'integer', format: 'int32', minimum: 0, maximum: 10, default: 5, enum: [1, 5, 10] },
        { in: 'formData', name: 'f', type: 'array', items: { type: 'string', enum: ['a', 'b'], items: { type: 'integer' } }, collectionFormat: 'csv' },
      ],
      get: {
        tags: ['widgets'],
        operationId: 'readWidget',
        deprecated: true,
        schemes: ['https'],
        security: [{ Key: [] }],
        parameters: [{ in: 'body', name: 'body', schema: { type: 'object', additionalProperties: false }, 'x-body': 'b' }],
        responses: {
          '200': { description: 'OK', schema: { $ref: '#/definitions/io.example.v1.Widget' }, headers: { 'X-R': { type: 'string', description: 'h' } }, examples: { 'application/json': { a: 1 } } },
          '404': { $ref: '#/responses/Common' },
          default: { description: 'file', schema: { type: 'file', description: 'a file' } },
          'x-resp': [1, 2],
        },
        'x-kubernetes-action': 'get',
        'x-kubernetes-group-version-kind': { group: 'example.io', version: 'v1', kind: 'Widget' },
      },
    },
  },
  definitions: {
    'io.example.v1.Widget': {
      description: 'A widget.',
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { type: 'string' },
        spec: {
          type: 'object',
          title: 'spec',
          minProperties: 1,
          maxProperties: 5,
          additionalProperties: { type: 'string', pattern: '^a', minLength: 1, maxLength: 3 },
          default: { a: 'x', list: [] },
          example: 'example text with: colon and "quotes"\nand a newline',
          readOnly: true,
          xml: { name: 'spec', wrapped: true },
        },
        sizes: { type: 'array', items: { type: 'number', format: 'double', multipleOf: 0.5, exclusiveMinimum: true, minimum: 0.5 }, minItems: 1, maxItems: 9 },
        mixed: { allOf: [{ $ref: '#/definitions/io.example.v1.Part' }], description: 'all of', 'x-kubernetes-int-or-string': true },
        anything: { type: 'object', additionalProperties: true, 'x-kubernetes-preserve-unknown-fields': true },
        kind: { type: ['string'], enum: ['Widget', null, 3, { x: 1 }] },
      },
      discriminator: 'kind',
      'x-kubernetes-group-version-kind': [{ group: 'example.io', kind: 'Widget', version: 'v1' }],
    },
    'io.example.v1.Part': { type: 'string', format: 'int-or-string', 'x-kubernetes-list-map-keys': ['a', 'b'] },
  },
};

describe('v2 protobuf of edge-case constructs', () => {
  it('matches gnostic message for message', () => {
    const documentType = loadDocumentType(join(defaultOpenApiDataDir(), 'OpenAPIv2.proto'));
    const report = goCheck(encodeSwaggerAsGnostic(edgeCases, documentType), edgeCases, 'io.example.v1.Widget');
    expect(report.fields).toEqual(['anything', 'apiVersion', 'kind', 'mixed', 'sizes', 'spec']);
    expect(report.equalToUpstream).toBe(true);
  });
});

describe('v2 protobuf with custom resources', () => {
  it('models the CRD kinds for kubectl, encoded as gnostic does', () => {
    const service = new OpenApiService();
    service.addCustomResourceSchemas('crontabs.stable.example.com', [{
      group: 'stable.example.com',
      version: 'v1',
      kind: 'CronTab',
      listKind: 'CronTabList',
      plural: 'crontabs',
      namespaced: true,
      openAPIV3Schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            required: ['cronSpec', 'maybe'],
            properties: {
              cronSpec: { type: 'string', pattern: '^\\S+$', default: '* * * * *' },
              maybe: { type: 'string', nullable: true },
              port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
              anything: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
              list: { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'string' } },
              pod: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
            },
          },
        },
      },
    }]);
    const report = goCheck(service.v2Protobuf(), service.v2Document(), 'com.example.stable.v1.CronTab');
    expect(report.fields).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(report.extensions['x-kubernetes-group-version-kind']).toBe('[map[group:stable.example.com kind:CronTab version:v1]]');
    expect(report.equalToUpstream).toBe(true);
    const list = goCheck(service.v2Protobuf(), service.v2Document(), 'com.example.stable.v1.CronTabList');
    expect(list.fields).toEqual(['apiVersion', 'items', 'kind', 'metadata']);
  });
});
