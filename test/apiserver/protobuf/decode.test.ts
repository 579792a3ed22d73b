import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import {
  ProtobufDecodeError,
  decodeKubernetesProtobuf,
  isKubernetesProtobuf,
} from '../../../src/apiserver/protobuf/decode.js';
import { getProtobufSchema } from '../../../src/apiserver/protobuf/schema.js';

const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/protobuf/', import.meta.url));
const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

const fixtureNames = readdirSync(FIXTURE_DIR)
  .filter((file) => file.endsWith('.pb'))
  .map((file) => file.slice(0, -'.pb'.length))
  .sort();

function readFixture(name: string): { protobufBody: Uint8Array; json: unknown } {
  return {
    protobufBody: new Uint8Array(readFileSync(join(FIXTURE_DIR, `${name}.pb`))),
    json: JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as unknown,
  };
}

/** Builds a body the way client-go does, from an envelope and an object message of our choosing. */
function envelope(fields: { apiVersion?: string; kind?: string; raw?: Uint8Array; contentEncoding?: string; contentType?: string }): Uint8Array {
  const { root } = getProtobufSchema();
  const unknownType = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  const message = unknownType.fromObject({
    typeMeta: { apiVersion: fields.apiVersion, kind: fields.kind },
    raw: fields.raw,
    contentEncoding: fields.contentEncoding,
    contentType: fields.contentType,
  });
  const encoded = unknownType.encode(message).finish();
  return Buffer.concat([MAGIC, encoded]);
}

function encodeObject(messageName: string, object: Record<string, unknown>): Uint8Array {
  const type = getProtobufSchema().root.lookupType(messageName);
  return type.encode(type.fromObject(object)).finish();
}

describe('decodeKubernetesProtobuf on Go-generated fixtures', () => {
  it('has the fixtures the brief asks for', () => {
    expect(fixtureNames.length).toBeGreaterThanOrEqual(20);
    expect(fixtureNames).toEqual(expect.arrayContaining([
      'configmap-binarydata', 'secret-data-stringdata', 'deployment-replicas-0', 'deployment-replicas-3', 'pod-times',
      'job', 'kubectl-create-namespace', 'kubectl-create-serviceaccount', 'events-v1-event', 'crd', 'service-managedfields',
    ]));
  });

  it.each(fixtureNames)('%s: .pb decodes to exactly the .json', (name) => {
    const { protobufBody, json } = readFixture(name);
    expect(decodeKubernetesProtobuf(protobufBody)).toStrictEqual(json);
  });
});

interface CorpusEntry {
  readonly name: string;
  readonly protobuf: string;
  readonly json: unknown;
}

// One randomly filled object per served Go type (gen/fuzz): expected JSON is Go's own decode of the
// same body, so this covers every field of every kind, not just the hand-written fixtures.
const fuzzCorpus: CorpusEntry[] = gunzipSync(readFileSync(join(FIXTURE_DIR, 'fuzz-corpus.jsonl.gz')))
  .toString('utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as CorpusEntry);

describe('decodeKubernetesProtobuf on the Go fuzz corpus', () => {
  it('covers every served group-version', () => {
    const apiVersions = new Set(fuzzCorpus.map((entry) => entry.name.slice(0, entry.name.lastIndexOf('/'))));
    // meta.k8s.io/v1 options kinds are the same Go types as v1's, so they appear under v1.
    expect([...apiVersions].sort()).toEqual([
      'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apps/v1', 'authentication.k8s.io/v1',
      'authorization.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1', 'certificates.k8s.io/v1',
      'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1', 'networking.k8s.io/v1', 'policy/v1',
      'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1', 'v1',
    ]);
    expect(fuzzCorpus.length).toBeGreaterThan(120);
  });

  it.each(fuzzCorpus.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    expect(decodeKubernetesProtobuf(Buffer.from(entry.protobuf, 'base64'))).toStrictEqual(entry.json);
  });
});

describe('decodeKubernetesProtobuf on malformed or unsupported bodies', () => {
  const deployment = readFixture('deployment-replicas-3').protobufBody;
  const configMapRaw = encodeObject('k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'x' } });

  it.each<[string, () => Uint8Array, RegExp]>([
    ['an empty body', () => new Uint8Array(0), /magic/],
    ['a JSON body', () => new TextEncoder().encode('{"kind":"ConfigMap"}'), /magic/],
    ['a wrong magic', () => Buffer.concat([Uint8Array.of(0x6b, 0x38, 0x73, 0x01), deployment.subarray(4)]), /magic/],
    ['the magic alone', () => MAGIC, /no apiVersion\/kind/],
    ['a truncated envelope', () => deployment.subarray(0, 40), /malformed protobuf envelope/],
    ['an invalid wire type', () => Buffer.concat([MAGIC, Uint8Array.of(0x0f, 0x01)]), /malformed protobuf envelope/],
    ['a missing kind', () => envelope({ apiVersion: 'v1', raw: configMapRaw }), /no apiVersion\/kind/],
    ['an unknown kind', () => envelope({ apiVersion: 'example.com/v1', kind: 'Widget', raw: configMapRaw }),
      /no protobuf message known for apiVersion "example.com\/v1", kind "Widget"/],
    ['a kind in the wrong group', () => envelope({ apiVersion: 'v1', kind: 'Deployment', raw: configMapRaw }),
      /no protobuf message known for apiVersion "v1", kind "Deployment"/],
    ['a gzip contentEncoding', () => envelope({ apiVersion: 'v1', kind: 'ConfigMap', raw: configMapRaw, contentEncoding: 'gzip' }),
      /contentEncoding "gzip"/],
    ['a JSON contentType', () => envelope({ apiVersion: 'v1', kind: 'ConfigMap', raw: configMapRaw, contentType: 'application/json' }),
      /contentType "application\/json"/],
    ['a truncated object', () => envelope({ apiVersion: 'v1', kind: 'ConfigMap', raw: configMapRaw.subarray(0, configMapRaw.length - 1) }),
      /malformed protobuf ConfigMap body/],
    ['a RawExtension holding protobuf', () => envelope({
      apiVersion: 'apps/v1', kind: 'ControllerRevision',
      raw: encodeObject('k8s.io.api.apps.v1.ControllerRevision', { metadata: { name: 'r' }, data: { raw: Uint8Array.of(0x6b, 0x38) } }),
    }), /RawExtension.raw does not hold JSON/],
  ])('rejects %s with ProtobufDecodeError', (_label, makeBody, message) => {
    const body = makeBody();
    expect(() => decodeKubernetesProtobuf(body)).toThrow(ProtobufDecodeError);
    expect(() => decodeKubernetesProtobuf(body)).toThrow(message);
  });

  it('accepts an explicit protobuf contentType and an empty object', () => {
    const body = envelope({ apiVersion: 'v1', kind: 'ConfigMap', raw: new Uint8Array(0), contentType: 'application/vnd.kubernetes.protobuf' });
    expect(decodeKubernetesProtobuf(body)).toStrictEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { creationTimestamp: null } });
  });
});

describe('isKubernetesProtobuf', () => {
  it.each<[string | undefined, boolean]>([
    ['application/vnd.kubernetes.protobuf', true],
    ['Application/VND.Kubernetes.Protobuf', true],
    ['application/vnd.kubernetes.protobuf; charset=binary', true],
    [' application/vnd.kubernetes.protobuf ;stream=watch', true],
    ['application/json', false],
    ['application/vnd.kubernetes.protobuf+json', false],
    ['application/apply-patch+yaml', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (contentType, expected) => {
    expect(isKubernetesProtobuf(contentType)).toBe(expected);
  });
});
