import { describe, expect, it } from 'vitest';
import {
  formatFieldError,
  isClusterScopedKind,
  validateObject,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../src/registry/validation/index.js';

const namespaced = { namespaced: true, nameValidation: 'dns1123Subdomain' } as const;
const clusterScoped = { namespaced: false, nameValidation: 'dns1123Label' } as const;

function messages(meta: unknown, opts: Parameters<typeof validateObjectMeta>[1] = namespaced): string[] {
  return validateObjectMeta(meta, opts).map(formatFieldError);
}

describe('validateObjectMeta', () => {
  it('accepts a valid namespaced object', () => {
    expect(messages({ name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'a.io/b': 'x' } })).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['name required', { namespace: 'default' }, ['metadata.name: Required value: name or generateName is required']],
    ['namespace required', { name: 'web' }, ['metadata.namespace: Required value']],
    [
      'namespace must be a DNS label',
      { name: 'web', namespace: 'a.b' },
      ['metadata.namespace: Invalid value: "a.b": must not contain dots'],
    ],
    ['negative generation', { name: 'web', namespace: 'd', generation: -1 }, ['metadata.generation: Invalid value: -1: must be greater than or equal to 0']],
    [
      'bad label value',
      { name: 'web', namespace: 'd', labels: { app: 'a b' } },
      [
        `metadata.labels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    ],
    [
      'annotations too large',
      { name: 'web', namespace: 'd', annotations: { big: 'x'.repeat(256 * 1024) } },
      ['metadata.annotations: Too long: may not be more than 262144 bytes'],
    ],
    [
      'finalizer neither standard nor qualified',
      { name: 'web', namespace: 'd', finalizers: ['kubernetes', 'custom'] },
      ['metadata.finalizers[1]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified'],
    ],
    [
      'orphan and foreground together',
      { name: 'web', namespace: 'd', finalizers: ['orphan', 'foregroundDeletion'] },
      ['metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set'],
    ],
    [
      'owner reference missing fields',
      { name: 'web', namespace: 'd', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet' }] },
      ['metadata.ownerReferences.name: Invalid value: "": name must not be empty', 'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty'],
    ],
    [
      'two controllers',
      {
        name: 'web',
        namespace: 'd',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true },
          { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2', controller: true },
        ],
      },
      [
        'metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:"v1", Kind:"A", Name:"a", UID:"1", Controller:(*bool)(true), BlockOwnerDeletion:(*bool)(nil)}, ' +
          'v1.OwnerReference{APIVersion:"v1", Kind:"B", Name:"b", UID:"2", Controller:(*bool)(true), BlockOwnerDeletion:(*bool)(nil)}}: ' +
          'Only one reference can have Controller set to true. Found "true" in references for A/a and B/b',
      ],
    ],
  ])('%s', (_name, meta, expected) => {
    expect(messages(meta)).toEqual(expected);
  });

  it('forbids a namespace on cluster-scoped kinds', () => {
    expect(messages({ name: 'ns1', namespace: 'x' }, clusterScoped)).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('validates generateName as a prefix', () => {
    expect(messages({ generateName: 'web-', namespace: 'd' })).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(messages({ generateName: 'Web-', name: 'web', namespace: 'd' })[0]).toMatch(/^metadata\.generateName: Invalid value: "Web-": a lowercase RFC 1123 subdomain/);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old = { name: 'web', namespace: 'd', uid: 'u1', resourceVersion: '5', creationTimestamp: '2024-01-02T03:04:05Z', generation: 2 };

  it('accepts an unchanged object', () => {
    expect(validateObjectMetaUpdate({ ...old }, old)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['resourceVersion required', { resourceVersion: '' }, ['metadata.resourceVersion: Invalid value: "": must be specified for an update']],
    ['uid immutable', { uid: 'u2' }, ['metadata.uid: Invalid value: "u2": field is immutable']],
    ['name immutable', { name: 'other' }, ['metadata.name: Invalid value: "other": field is immutable']],
    ['generation decrement', { generation: 1 }, ['metadata.generation: Invalid value: 1: must not be decremented']],
    [
      'creationTimestamp immutable',
      { creationTimestamp: '2025-01-01T00:00:00Z' },
      ['metadata.creationTimestamp: Invalid value: 2025-01-01 00:00:00 +0000 UTC: field is immutable'],
    ],
  ])('%s', (_name, change, expected) => {
    expect(validateObjectMetaUpdate({ ...old, ...change }, old).map(formatFieldError)).toEqual(expected);
  });

  it('forbids new finalizers while deleting', () => {
    const deleting = { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['a.io/x'] };
    const errs = validateObjectMetaUpdate({ ...deleting, finalizers: ['a.io/x', 'b.io/y'] }, deleting).map(formatFieldError);
    expect(errs).toEqual(['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}']);
  });
});

describe('validateObject for kinds without specific rules', () => {
  it('checks scope and names of built-in kinds', () => {
    expect(isClusterScopedKind('storage.k8s.io', 'StorageClass')).toBe(true);
    expect(isClusterScopedKind('', 'ServiceAccount')).toBe(false);
    expect(validateObject('storage.k8s.io', 'StorageClass', { metadata: { name: 'fast', namespace: 'x' } }).map(formatFieldError)).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
    expect(validateObject('', 'ServiceAccount', { metadata: { name: 'default' } }).map(formatFieldError)).toEqual(['metadata.namespace: Required value']);
    expect(validateObject('', 'Event', { metadata: { name: 'web.17a8b2c3d4e5f', namespace: 'd' } })).toEqual([]);
  });

  it('takes a custom resource scope from the object', () => {
    expect(validateObject('example.com', 'Widget', { metadata: { name: 'w1' } })).toEqual([]);
    expect(validateObject('example.com', 'Widget', { metadata: { name: 'W1', namespace: 'd' } }).map(formatFieldError)[0]).toMatch(
      /^metadata\.name: Invalid value: "W1": a lowercase RFC 1123 subdomain/,
    );
  });

  it('runs the metadata update rules', () => {
    const old = { metadata: { name: 'sa', namespace: 'd', uid: '1', resourceVersion: '2' } };
    expect(validateObject('', 'ServiceAccount', { metadata: { ...old.metadata, uid: '2' } }, old).map(formatFieldError)).toEqual([
      'metadata.uid: Invalid value: "2": field is immutable',
    ]);
  });
});
