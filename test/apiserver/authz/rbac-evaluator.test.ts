/** Table-driven tests of the RBAC evaluator: rule matching, subjects, bindings, coverage and messages. */
import { describe, expect, it } from 'vitest';
import type { UserInfo } from '../../../src/apiserver/authn.js';
import { attributesFor, forbiddenError } from '../../../src/apiserver/authz/attributes.js';
import { RbacAuthorizer, type RbacSource } from '../../../src/apiserver/authz/rbac-authorizer.js';
import { compactRules, compactString, covers, ruleAllows, subjectAppliesTo } from '../../../src/apiserver/authz/rules.js';
import type { Attributes, PolicyRule, Role, RoleBinding, Subject } from '../../../src/apiserver/authz/types.js';

const alice: UserInfo = { name: 'alice', groups: ['devs', 'system:authenticated'] };
const bot: UserInfo = { name: 'system:serviceaccount:ns:bot', groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'] };

function resource(verb: string, group: string, res: string, extra: Partial<Attributes> = {}): Attributes {
  return { user: alice, verb, resourceRequest: true, path: '', namespace: 'ns', apiGroup: group, apiVersion: 'v1', resource: res, subresource: '', name: '', ...extra };
}

function nonResource(verb: string, path: string): Attributes {
  return { user: alice, verb, resourceRequest: false, path, namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '' };
}

describe('ruleAllows', () => {
  const podsRead: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
  it.each<[string, PolicyRule, Attributes, boolean]>([
    ['exact verb, group and resource', podsRead, resource('get', '', 'pods'), true],
    ['other verb', podsRead, resource('delete', '', 'pods'), false],
    ['other group', podsRead, resource('get', 'apps', 'pods'), false],
    ['subresource needs its own entry', podsRead, resource('get', '', 'pods', { subresource: 'log' }), false],
    ['resource/subresource entry', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, resource('get', '', 'pods', { subresource: 'log' }), true],
    ['*/subresource entry', { verbs: ['get'], apiGroups: [''], resources: ['*/status'] }, resource('get', '', 'pods', { subresource: 'status' }), true],
    ['*/subresource does not match the main resource', { verbs: ['get'], apiGroups: [''], resources: ['*/status'] }, resource('get', '', 'pods'), false],
    ['* resource matches subresources', { verbs: ['get'], apiGroups: [''], resources: ['*'] }, resource('get', '', 'pods', { subresource: 'exec' }), true],
    ['* verb and group', { verbs: ['*'], apiGroups: ['*'], resources: ['deployments'] }, resource('patch', 'apps', 'deployments'), true],
    ['resourceNames match', { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }, resource('get', '', 'configmaps', { name: 'a' }), true],
    ['resourceNames miss', { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }, resource('get', '', 'configmaps', { name: 'b' }), false],
    ['resourceNames never match a list without a name', { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }, resource('list', '', 'configmaps'), false],
    ['non-resource exact', { verbs: ['get'], nonResourceURLs: ['/healthz'] }, nonResource('get', '/healthz'), true],
    ['non-resource prefix', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, nonResource('get', '/apis/apps/v1'), true],
    ['non-resource prefix needs the prefix', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, nonResource('get', '/api'), false],
    ['non-resource rule never matches resources', { verbs: ['get'], nonResourceURLs: ['*'] }, resource('get', '', 'pods'), false],
    ['resource rule never matches non-resource', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, nonResource('get', '/healthz'), false],
  ])('%s', (_name, rule, attrs, want) => {
    expect(ruleAllows(attrs, rule)).toBe(want);
  });
});

describe('subjectAppliesTo', () => {
  it.each<[string, UserInfo, Subject, string, boolean]>([
    ['user by name', alice, { kind: 'User', name: 'alice' }, '', true],
    ['other user', alice, { kind: 'User', name: 'bob' }, '', false],
    ['group', alice, { kind: 'Group', name: 'devs' }, '', true],
    ['service account with namespace', bot, { kind: 'ServiceAccount', name: 'bot', namespace: 'ns' }, '', true],
    ['service account defaults to the binding namespace', bot, { kind: 'ServiceAccount', name: 'bot' }, 'ns', true],
    ['service account in another namespace', bot, { kind: 'ServiceAccount', name: 'bot', namespace: 'other' }, 'ns', false],
    ['service account without any namespace', bot, { kind: 'ServiceAccount', name: 'bot' }, '', false],
    ['service-account group', bot, { kind: 'Group', name: 'system:serviceaccounts:ns' }, '', true],
  ])('%s', (_name, user, subject, ns, want) => {
    expect(subjectAppliesTo(user, subject, ns)).toBe(want);
  });
});

class MemorySource implements RbacSource {
  constructor(
    private readonly data: { clusterRoles?: Role[]; roles?: Role[]; clusterBindings?: RoleBinding[]; bindings?: RoleBinding[] },
  ) {}
  clusterRoleBindings(): RoleBinding[] {
    return this.data.clusterBindings ?? [];
  }
  roleBindings(namespace: string): RoleBinding[] {
    return (this.data.bindings ?? []).filter((b) => b.metadata.namespace === namespace);
  }
  clusterRole(name: string): Role | undefined {
    return this.data.clusterRoles?.find((r) => r.metadata.name === name);
  }
  role(namespace: string, name: string): Role | undefined {
    return this.data.roles?.find((r) => r.metadata.name === name && r.metadata.namespace === namespace);
  }
}

describe('RbacAuthorizer', () => {
  const source = new MemorySource({
    clusterRoles: [
      { metadata: { name: 'view' }, rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] }] },
      { metadata: { name: 'discovery' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }] },
    ],
    roles: [{ metadata: { name: 'deployer', namespace: 'ns' }, rules: [{ verbs: ['create'], apiGroups: ['apps'], resources: ['deployments'] }] }],
    clusterBindings: [{ metadata: { name: 'discovery' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'discovery' }, subjects: [{ kind: 'Group', name: 'system:authenticated' }] }],
    bindings: [
      { metadata: { name: 'bot-view', namespace: 'ns' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] },
      { metadata: { name: 'bot-deploy', namespace: 'ns' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' }, subjects: [{ kind: 'ServiceAccount', name: 'bot', namespace: 'ns' }] },
      { metadata: { name: 'dangling', namespace: 'ns' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'missing' }, subjects: [{ kind: 'User', name: 'alice' }] },
    ],
  });
  const rbac = new RbacAuthorizer(source);

  it.each<[string, Attributes, string, string]>([
    ['role binding to a cluster role', { ...resource('list', '', 'configmaps'), user: bot }, 'allow', 'RBAC: allowed by RoleBinding "bot-view/ns" of ClusterRole "view" to ServiceAccount "bot/ns"'],
    ['role binding to a role', { ...resource('create', 'apps', 'deployments'), user: bot }, 'allow', 'RBAC: allowed by RoleBinding "bot-deploy/ns" of Role "deployer" to ServiceAccount "bot/ns"'],
    ['role bindings only apply in their namespace', { ...resource('list', '', 'configmaps', { namespace: 'other' }), user: bot }, 'noOpinion', ''],
    ['role bindings never apply at cluster scope', { ...resource('list', '', 'configmaps', { namespace: '' }), user: bot }, 'noOpinion', ''],
    ['cluster role binding to a group', { ...nonResource('get', '/api/v1'), user: bot }, 'allow', 'RBAC: allowed by ClusterRoleBinding "discovery" of ClusterRole "discovery" to Group "system:authenticated"'],
    ['missing role is reported', resource('delete', '', 'pods'), 'noOpinion', 'RBAC: role.rbac.authorization.k8s.io "missing" not found'],
  ])('%s', (_name, attrs, decision, reason) => {
    expect(rbac.authorize(attrs)).toEqual({ decision, reason });
  });

  it('lists the rules a user holds in a namespace, with resolution errors', () => {
    expect(rbac.rulesFor(bot, 'ns').rules).toEqual([
      { verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] },
      { verbs: ['create'], apiGroups: ['apps'], resources: ['deployments'] },
    ]);
    expect(rbac.rulesFor(alice, 'ns').errors).toEqual(['role.rbac.authorization.k8s.io "missing" not found']);
  });
});

describe('covers (escalation prevention)', () => {
  it.each<[string, PolicyRule[], PolicyRule[], PolicyRule[]]>([
    ['identical rules', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], []],
    ['stars cover everything', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], [{ verbs: ['delete'], apiGroups: ['apps'], resources: ['deployments/scale'] }], []],
    ['missing verb', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods'] }], [{ verbs: ['delete'], apiGroups: [''], resources: ['pods'] }]],
    ['named access does not cover unnamed', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]],
    ['unnamed access covers named', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }], []],
    ['*/subresource covers resource/subresource', [{ verbs: ['get'], apiGroups: [''], resources: ['*/status'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods/status'] }], []],
    ['non-resource prefix', [{ verbs: ['get'], nonResourceURLs: ['/logs/*'] }], [{ verbs: ['get'], nonResourceURLs: ['/logs/a', '/metrics'] }], [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]],
  ])('%s', (_name, owned, requested, missing) => {
    expect(covers(owned, requested)).toEqual({ covered: missing.length === 0, missing });
  });

  it('renders missing rules the way upstream does', () => {
    const missing = covers([], [{ verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods'] }]).missing;
    expect(compactRules(missing).map(compactString)).toEqual([
      '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}',
      '{APIGroups:["apps"], Resources:["pods"], Verbs:["get" "list"]}',
    ]);
    expect(compactString({ verbs: ['get'], nonResourceURLs: ['/x'] })).toBe('{NonResourceURLs:["/x"], Verbs:["get"]}');
  });
});

describe('request attributes and the Forbidden message', () => {
  const at = (method: string, url: string) => attributesFor(method, new URL(url, 'https://vkube'), bot);
  it.each<[string, string, string, string]>([
    ['GET', '/api/v1/namespaces/ns/configmaps', 'configmaps is forbidden: User "system:serviceaccount:ns:bot" cannot list resource "configmaps" in API group "" in the namespace "ns"', 'list'],
    ['GET', '/apis/apps/v1/namespaces/ns/deployments/web', 'deployments.apps "web" is forbidden: User "system:serviceaccount:ns:bot" cannot get resource "deployments" in API group "apps" in the namespace "ns"', 'get'],
    ['PUT', '/apis/apps/v1/namespaces/ns/deployments/web/scale', 'deployments.apps "web" is forbidden: User "system:serviceaccount:ns:bot" cannot update resource "deployments/scale" in API group "apps" in the namespace "ns"', 'update'],
    ['GET', '/api/v1/nodes?watch=true', 'nodes is forbidden: User "system:serviceaccount:ns:bot" cannot watch resource "nodes" in API group "" at the cluster scope', 'watch'],
    ['GET', '/api/v1/namespaces/ns', 'namespaces "ns" is forbidden: User "system:serviceaccount:ns:bot" cannot get resource "namespaces" in API group "" in the namespace "ns"', 'get'],
    ['DELETE', '/api/v1/namespaces/ns/pods', 'pods is forbidden: User "system:serviceaccount:ns:bot" cannot deletecollection resource "pods" in API group "" in the namespace "ns"', 'deletecollection'],
    ['GET', '/metrics', 'forbidden: User "system:serviceaccount:ns:bot" cannot get path "/metrics"', 'get'],
  ])('%s %s', (method, url, message, verb) => {
    const attrs = at(method, url);
    expect(attrs.verb).toBe(verb);
    const err = forbiddenError(attrs, '');
    expect(err.code).toBe(403);
    expect(err.message).toBe(message);
  });

  it('narrows a list by metadata.name to that object', () => {
    expect(at('GET', '/api/v1/namespaces/ns/secrets?fieldSelector=metadata.name%3Dtoken').name).toBe('token');
  });

  it('appends the authorizer reason', () => {
    expect(forbiddenError(at('GET', '/api/v1/namespaces/ns/pods'), 'RBAC: role.rbac.authorization.k8s.io "x" not found').message).toMatch(/in the namespace "ns": RBAC: role.rbac.authorization.k8s.io "x" not found$/);
  });
});
