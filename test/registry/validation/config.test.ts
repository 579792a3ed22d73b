import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/registry/defaults/index.js';
import { formatFieldError, validateObject } from '../../../src/registry/validation/index.js';

type Json = Record<string, unknown>;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const meta = (extra: Json = {}): Json => ({ name: 'cfg', namespace: 'default', uid: 'u', resourceVersion: '1', ...extra });
const messages = (kind: string, object: Json, old?: Json): string[] => validateObject('', kind, object, old).map(formatFieldError);

describe('ConfigMap', () => {
  it.each<[string, Json, string[]]>([
    ['valid', { data: { 'app.properties': 'x' } }, []],
    [
      'bad key',
      { data: { 'a/b': 'x' } },
      [`data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`],
    ],
    ['key in both bags', { data: { k: 'x' }, binaryData: { k: b64('y') } }, ['data[k]: Invalid value: "k": duplicate of key present in binaryData']],
    ['over 1 MiB', { data: { k: 'x'.repeat(1024 * 1024 + 1) } }, ['[]: Too long: may not be more than 1048576 bytes']],
  ])('%s', (_name, body, expected) => {
    expect(messages('ConfigMap', { metadata: meta(), ...body })).toEqual(expected);
  });

  it('freezes data once immutable', () => {
    const old = { metadata: meta(), immutable: true, data: { k: 'v' } };
    expect(messages('ConfigMap', { metadata: meta(), immutable: true, data: { k: 'w' } }, old)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    expect(messages('ConfigMap', { metadata: meta(), immutable: false, data: { k: 'v' } }, old)).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
    ]);
    expect(messages('ConfigMap', { metadata: meta({ labels: { a: 'b' } }), immutable: true, data: { k: 'v' } }, old)).toEqual([]);
  });
});

describe('Secret', () => {
  function secret(body: Json, extraMeta: Json = {}): Json {
    const object: Json = { metadata: meta(extraMeta), ...body };
    applyDefaults('', 'Secret', object);
    return object;
  }

  it.each<[string, Json, string[]]>([
    ['opaque', { data: { a: b64('1') } }, []],
    ['tls needs both keys', { type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } }, ['data[tls.key]: Required value']],
    ['dockerconfigjson needs its key', { type: 'kubernetes.io/dockerconfigjson', data: {} }, ['data[.dockerconfigjson]: Required value']],
    [
      'dockerconfigjson must be JSON',
      { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('oops') } },
      [`data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character 'o' looking for beginning of value`],
    ],
    ['basic-auth needs a field', { type: 'kubernetes.io/basic-auth', data: {} }, ['data[username]: Required value', 'data[password]: Required value']],
    ['ssh-auth needs a key', { type: 'kubernetes.io/ssh-auth' }, ['data[ssh-privatekey]: Required value']],
    [
      'service-account-token needs the annotation',
      { type: 'kubernetes.io/service-account-token' },
      ['metadata.annotations[kubernetes.io/service-account.name]: Required value'],
    ],
    ['over 1 MiB', { data: { big: Buffer.alloc(1024 * 1024 + 1).toString('base64') } }, ['data: Too long: may not be more than 1048576 bytes']],
  ])('%s', (_name, body, expected) => {
    expect(messages('Secret', secret(body))).toEqual(expected);
  });

  it('stringData satisfies type-specific keys', () => {
    expect(messages('Secret', secret({ type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'c', 'tls.key': 'k' } }))).toEqual([]);
  });

  it('keeps the type and frozen data on update', () => {
    const old = secret({ immutable: true, data: { a: b64('1') } });
    expect(messages('Secret', secret({ type: 'kubernetes.io/basic-auth', immutable: true, data: { a: b64('1'), username: b64('u') } }), old)).toEqual([
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('Namespace', () => {
  it.each<[string, Json, string[]]>([
    ['valid', { metadata: { name: 'team-a' } }, []],
    ['name is a DNS label', { metadata: { name: 'team.a' } }, ['metadata.name: Invalid value: "team.a": must not contain dots']],
    ['no namespace on a namespace', { metadata: { name: 'a', namespace: 'b' } }, ['metadata.namespace: Forbidden: not allowed on this type']],
    [
      'spec finalizers are checked',
      { metadata: { name: 'a' }, spec: { finalizers: ['custom'] } },
      ['spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified'],
    ],
  ])('%s', (_name, object, expected) => {
    applyDefaults('', 'Namespace', object);
    expect(messages('Namespace', object)).toEqual(expected);
  });
});
