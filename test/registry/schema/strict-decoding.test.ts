import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OpenApiService } from '../../../src/apiserver/openapi/index.js';
import {
  BuiltinSchemaSource,
  builtinFieldChecker,
  findDuplicateFields,
  findUnknownFields,
  goQuote,
  mayHaveDuplicateKeys,
  pruneUnknownFields,
  strictDecodingErrors,
  upstreamStrictDecodingMessage,
  type FieldSchema,
} from '../../../src/registry/schema/index.js';

const source = new BuiltinSchemaSource(new OpenApiService());
function schemaOf(apiVersion: string, kind: string): FieldSchema {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const schema = source.forKind({ group: group as string, version: version as string, kind });
  if (schema === undefined) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return schema;
}

/** vkube's 400 text for a body under fieldValidation=Strict, '' when it decodes cleanly. */
function strictMessage(body: string): string {
  const { apiVersion, kind } = JSON.parse(body) as { apiVersion: string; kind: string };
  const errors = strictDecodingErrors(body, schemaOf(apiVersion, kind));
  return errors.length === 0 ? '' : upstreamStrictDecodingMessage(kind, apiVersion, errors);
}

const deploy = (rest: string): string => `{"apiVersion":"apps/v1","kind":"Deployment",${rest}}`;
const manyUnknown = Array.from({ length: 120 }, (_, i) => `"u${i}":1`).join(',');

/** Bodies and the message kube-apiserver gives them (checked against Go below). */
const cases: Array<[name: string, body: string, expected: string]> = [
  ['clean', deploy('"metadata":{"name":"a","labels":{"app":"x"}},"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}}'), ''],
  ['unknown top-level', deploy('"foo":1'), 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "foo"'],
  ['the brief example', deploy('"spec":{"x":1,"y":{"z":2}}'), 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.x", unknown field "spec.y"'],
  ['nested in lists', deploy('"spec":{"template":{"spec":{"containers":[{"name":"a","foo":1},{"name":"b","ports":[{"containerPort":1,"bar":2}]}]}}}'),
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].foo", unknown field "spec.template.spec.containers[1].ports[0].bar"'],
  ['metadata', deploy('"metadata":{"name":"a","nam":"b","labels":{"a":"1","a":"2"}}'),
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.nam", duplicate field "metadata.labels.a"'],
  ['duplicate struct field, order kept', deploy('"spec":{"replicas":1,"x":1,"replicas":2,"x":3},"kind":"Deployment"'),
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.x", duplicate field "spec.replicas", duplicate field "kind"'],
  ['nothing reported inside an unknown field', deploy('"bogus":{"a":1,"a":2,"b":{"c":1}}'), 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "bogus"'],
  ['case-sensitive', deploy('"Spec":{}'), 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "Spec"'],
  ['quoted like Go', deploy('"fo\\"o":1,"tab\\there":1,"ctl\\u0001":1,"ünï":1'),
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "fo\\"o", unknown field "tab\\there", unknown field "ctl\\x01", unknown field "ünï"'],
  ['raw extension is opaque', '{"apiVersion":"apps/v1","kind":"ControllerRevision","revision":1,"data":{"a":1,"a":2,"spec":{"whatever":true}}}', ''],
  ['fieldsV1 is opaque', deploy('"metadata":{"managedFields":[{"manager":"m","fieldsV1":{"f:a":{},"f:a":{}},"x":1}]}'),
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.managedFields[0].x"'],
  ['maps of quantities', '{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"1","cpu":"2","anything":"3"}}}]}}',
    'Pod in version "v1" cannot be handled as a Pod: strict decoding error: duplicate field "spec.containers[0].resources.limits.cpu"'],
  ['int-or-string', '{"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":80,"targetPort":"http","x":1}]}}',
    'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].x"'],
  ['configmap data', '{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"1","k":"2"},"binaryData":{},"immutable":false,"extra":[1]}',
    'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data.k", unknown field "extra"'],
  ['job env', '{"apiVersion":"batch/v1","kind":"Job","spec":{"template":{"spec":{"containers":[{"name":"c","env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"x"},"nope":{}}}]}]}}}}',
    'Job in version "v1" cannot be handled as a Job: strict decoding error: unknown field "spec.template.spec.containers[0].env[0].valueFrom.nope"'],
  ['rbac', '{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","rules":[{"verbs":["get"],"verb":["x"]}],"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"a":"b","a":"c"}}]}}',
    'ClusterRole in version "v1" cannot be handled as a ClusterRole: strict decoding error: unknown field "rules[0].verb", duplicate field "aggregationRule.clusterRoleSelectors[0].matchLabels.a"'],
  ['CRD: empty structs, custom unmarshallers', '{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","spec":{"versions":[{"name":"v1","subresources":{"status":{"x":1},"scale":{"specReplicasPath":".spec.r","y":2}},"schema":{"openAPIV3Schema":{"type":"object","properties":{"a":{"type":"string"},"a":{"type":"integer","bogus":1}},"default":{"z":1,"z":2},"items":{"type":"string","q":1},"additionalProperties":{"type":"string","w":1},"x-kubernetes-validations":[{"rule":"true","rul":"x"}]}}}]}}',
    'CustomResourceDefinition in version "v1" cannot be handled as a CustomResourceDefinition: strict decoding error: unknown field "spec.versions[0].subresources.status.x", unknown field "spec.versions[0].subresources.scale.y", duplicate field "spec.versions[0].schema.openAPIV3Schema.properties.a", unknown field "spec.versions[0].schema.openAPIV3Schema.properties.a.bogus", unknown field "spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[0].rul"'],
  ['at most 100', deploy(manyUnknown), `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${Array.from({ length: 100 }, (_, i) => `unknown field "u${i}"`).join(', ')}`],
];

describe('strict decoding messages', () => {
  it.each(cases)('%s', (_name, body, expected) => {
    expect(strictMessage(body)).toBe(expected);
  });

  it('are what the field checker gives the decoder', () => {
    const body = deploy('"spec":{"replicas":1,"x":1,"replicas":2}');
    expect(builtinFieldChecker().strictErrors(body, schemaOf('apps/v1', 'Deployment'))).toEqual(['unknown field "spec.x"', 'duplicate field "spec.replicas"']);
  });

  describe('match kube-apiserver (Go, apimachinery strict JSON serializer over k8s.io/api)', () => {
    const workDir = mkdtempSync(join(tmpdir(), 'vkube-gostrict-'));
    afterAll(() => rmSync(workDir, { recursive: true, force: true }));
    it('for every case', () => {
      const casesPath = join(workDir, 'cases.json');
      writeFileSync(casesPath, JSON.stringify(cases.map(([, body]) => ({ body }))));
      const out = execFileSync('go', ['run', '.', casesPath], {
        cwd: join(dirname(fileURLToPath(import.meta.url)), 'gostrict'),
        env: { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off' },
        encoding: 'utf8',
      });
      const upstream = JSON.parse(out) as string[];
      expect(cases.map(([name, body]) => [name, strictMessage(body)])).toEqual(cases.map(([name], i) => [name, upstream[i]]));
    }, 240_000);
  });
});

describe('findUnknownFields / pruneUnknownFields', () => {
  const deployment = schemaOf('apps/v1', 'Deployment');
  it.each<[unknown, string[]]>([
    [{ spec: { replicas: 1 } }, []],
    [{ spec: { x: 1, template: { spec: { containers: [{ name: 'a' }, { name: 'b', y: 2 }] } } } }, ['spec.x', 'spec.template.spec.containers[1].y']],
    [{ metadata: { labels: { anything: 'x' }, annotation: {} } }, ['metadata.annotation']],
    [{ spec: { template: { spec: { containers: 'not a list' } } } }, []],
    [{ spec: { strategy: { rollingUpdate: { maxSurge: { odd: 1 } } } } }, []],
  ])('%j → %j', (object, expected) => {
    expect(findUnknownFields(object, deployment)).toEqual(expected);
  });

  it('prunes what it reports', () => {
    const object = { metadata: { name: 'a', bad: 1 }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', bad: true }] } } } };
    expect(pruneUnknownFields(object, deployment)).toEqual(['metadata.bad', 'spec.template.spec.containers[0].bad']);
    expect(object).toEqual({ metadata: { name: 'a' }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'c' }] } } } });
    expect(builtinFieldChecker().pruneUnknownFields(object, deployment)).toEqual([]);
  });

  it.each<[string, FieldSchema, unknown, string[]]>([
    ['object without properties prunes everything', { type: 'object', properties: { spec: { type: 'object' } } }, { spec: { a: 1 } }, ['spec.a']],
    ['embedded resource allows type and object meta', { type: 'object', properties: { e: { type: 'object', embeddedResource: true, properties: { spec: { type: 'object', properties: {} } } } } },
      { e: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', anything: 1 }, spec: { a: 1 }, other: 1 } }, ['e.spec.a', 'e.other']],
    ['opaque is not looked into', { type: 'object', properties: { raw: { type: 'object', opaque: true } } }, { raw: { a: 1 } }, []],
    ['scalars without shape are opaque', { type: 'object', properties: { q: { extra: { oneOf: [{ type: 'string' }, { type: 'number' }] } } } }, { q: { a: 1 } }, []],
  ])('CRD-style: %s', (_name, schema, object, expected) => {
    expect(findUnknownFields(object, schema)).toEqual(expected);
  });

  it('marks raw JSON components opaque (RawExtension, FieldsV1)', () => {
    const revision = schemaOf('apps/v1', 'ControllerRevision');
    expect(revision.properties?.data?.opaque).toBe(true);
    expect(schemaOf('apps/v1', 'Deployment').properties?.metadata?.properties?.managedFields?.items?.properties?.fieldsV1?.opaque).toBe(true);
    expect(schemaOf('apps/v1', 'Deployment').properties?.spec?.opaque).toBeUndefined();
  });

  it('keeps unknown fields of preserve-unknown-fields objects', () => {
    const crd: FieldSchema = { type: 'object', properties: { spec: { type: 'object', preserveUnknownFields: true, properties: { a: { type: 'object', properties: {} } } } } };
    expect(findUnknownFields({ spec: { a: { z: 1 }, free: { y: 1 } }, top: 1 }, crd)).toEqual(['spec.a.z', 'top']);
  });
});

describe('findDuplicateFields', () => {
  it.each<[string, string[]]>([
    ['{"a":1,"b":2}', []],
    ['{"a":1,"a":2,"a":3}', ['a']],
    ['{"m":{"x":1,"x":{"y":1,"y":2}}}', ['m.x', 'm.x.y']],
    ['[{"a":1,"a":2},{"b":[{"c":1,"c":1}]}]', ['[0].a', '[1].b[0].c']],
    ['{"s":"{\\"a\\":1,\\"a\\":2}","k\\u0061":1,"ka":2}', ['ka']],
    ['  {"a" : [ 1 , 2 ] , "a" : { } }  ', ['a']],
    // Strings and keys holding `":`, which the count that lets a body skip the scan must not trip on.
    ['{"s":"x\\":","s":1}', ['s']],
    ['{"a\\":":1,"b":2}', []],
    ['{"a\\":":1,"a\\":":2}', ['a":']],
    ['{"a" \t\n:1,"b":{"a":1,"a" :2}}', ['b.a']],
  ])('%s → %j', (text, expected) => {
    expect(findDuplicateFields(text)).toEqual(expected);
    expect(builtinFieldChecker().duplicateFields(text)).toEqual(expected);
    expect(builtinFieldChecker().duplicateFields(text, JSON.parse(text))).toEqual(expected);
    if (expected.length > 0) expect(mayHaveDuplicateKeys(text, JSON.parse(text))).toBe(true);
  });

  it('lets a body without duplicates skip the scan only when nothing can hide one', () => {
    const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' }, annotations: { t: '2024-01-01T00:00:00Z' } }, spec: { containers: [{ name: 'c', image: 'i:1', ports: [{ containerPort: 80 }] }] } });
    expect(mayHaveDuplicateKeys(pod, JSON.parse(pod))).toBe(false);
    expect(mayHaveDuplicateKeys(JSON.stringify(JSON.parse(pod), null, 2), JSON.parse(pod))).toBe(false);
    // An embedded JSON document (kubectl's last-applied-configuration) makes the count uncertain: scan.
    const applied = JSON.stringify({ metadata: { annotations: { last: '{"a":1}' } } });
    expect(mayHaveDuplicateKeys(applied, JSON.parse(applied))).toBe(true);
    expect(builtinFieldChecker().duplicateFields(applied, JSON.parse(applied))).toEqual([]);
  });

  it('skips what Go does not look into when given a schema', () => {
    const schema = schemaOf('apps/v1', 'Deployment');
    expect(findDuplicateFields(deploy('"zz":{"a":1,"a":1},"metadata":{"labels":{"a":"1","a":"2"}}'), schema)).toEqual(['metadata.labels.a']);
  });

  it.each(['{"a":1', '{"a" 1}', '{"a":tru}', '[1,]', '{"a":1} x', '"\\q"'])('rejects malformed JSON %s', (text) => {
    expect(() => findDuplicateFields(text)).toThrow(SyntaxError);
  });
});

describe('upstreamStrictDecodingMessage', () => {
  it.each([
    ['Deployment', 'apps/v1', ['unknown field "spec.x"'], 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.x"'],
    ['Pod', 'v1', ['unknown field "a"', 'duplicate field "b"'], 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "a", duplicate field "b"'],
    ['Widget', 'example.com/v1beta1', ['unknown field "x"'], 'Widget in version "v1beta1" cannot be handled as a Widget: strict decoding error: unknown field "x"'],
  ])('%s %s', (kind, apiVersion, errors, expected) => {
    expect(upstreamStrictDecodingMessage(kind, apiVersion, errors)).toBe(expected);
  });

  it.each([
    ['plain', '"plain"'],
    ['q"b\\s', '"q\\"b\\\\s"'],
    ['\n\t\x07\x7f', '"\\n\\t\\a\\x7f"'],
    ['日本', '"日本"'],
  ])('goQuote(%j) = %s', (text, expected) => {
    expect(goQuote(text)).toBe(expected);
  });
});
