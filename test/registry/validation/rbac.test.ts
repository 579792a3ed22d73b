import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/registry/defaults/index.js';
import { formatFieldError, validateObject } from '../../../src/registry/validation/index.js';

type Json = Record<string, unknown>;
const group = 'rbac.authorization.k8s.io';
const messages = (kind: string, object: Json, old?: Json): string[] => validateObject(group, kind, object, old).map(formatFieldError);

describe('Role and ClusterRole', () => {
  it.each<[string, string, Json, string[]]>([
    ['Role', 'valid', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }, []],
    ['Role', 'verbs required', { rules: [{ apiGroups: [''], resources: ['pods'] }] }, ['rules[0].verbs: Required value: verbs must contain at least one value']],
    [
      'Role',
      'api groups and resources required',
      { rules: [{ verbs: ['get'] }] },
      ['rules[0].apiGroups: Required value: resource rules must supply at least one api group', 'rules[0].resources: Required value: resource rules must supply at least one resource'],
    ],
    [
      'Role',
      'no non-resource URLs in namespaced rules',
      { rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] },
      ['rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs'],
    ],
    ['ClusterRole', 'non-resource URLs allowed', { rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] }, []],
  ])('%s: %s', (kind, _name, body, expected) => {
    const meta = kind === 'Role' ? { name: 'system:reader', namespace: 'd' } : { name: 'system:reader' };
    expect(messages(kind, { metadata: meta, ...body })).toEqual(expected);
  });

  it('uses path-segment names', () => {
    expect(messages('ClusterRole', { metadata: { name: 'a/b' } })).toEqual([`metadata.name: Invalid value: "a/b": may not contain '/'`]);
  });
});

describe('RoleBinding and ClusterRoleBinding', () => {
  function binding(kind: string, body: Json): Json {
    const object: Json = { metadata: kind === 'RoleBinding' ? { name: 'b', namespace: 'd', uid: 'u', resourceVersion: '1' } : { name: 'b', uid: 'u', resourceVersion: '1' }, ...body };
    applyDefaults(group, kind, object);
    return object;
  }

  it('accepts a defaulted binding', () => {
    expect(messages('RoleBinding', binding('RoleBinding', { roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'alice' }] }))).toEqual([]);
  });

  it.each<[string, string, Json, string[]]>([
    ['ClusterRoleBinding', 'only ClusterRole refs', { roleRef: { kind: 'Role', name: 'r' } }, ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"']],
    ['RoleBinding', 'subject kind', { roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'Robot', name: 'x' }] }, ['subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"']],
    [
      'ClusterRoleBinding',
      'service account needs a namespace',
      { roleRef: { kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'default' }] },
      ['subjects[0].namespace: Required value'],
    ],
  ])('%s: %s', (kind, _name, body, expected) => {
    expect(messages(kind, binding(kind, body))).toEqual(expected);
  });

  it('cannot change roleRef', () => {
    const old = binding('RoleBinding', { roleRef: { kind: 'Role', name: 'r' } });
    const next = binding('RoleBinding', { roleRef: { kind: 'ClusterRole', name: 'r' } });
    expect(messages('RoleBinding', next, old)).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"r"}: cannot change roleRef',
    ]);
  });
});
