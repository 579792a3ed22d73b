/**
 * RBAC escalation prevention (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/
 * policybased): a user may only write a role granting permissions they hold themselves (or with the
 * `escalate` verb), and only bind a role whose permissions they hold (or with the `bind` verb).
 * Runs inside the registry as strategy validation, so creates, updates, patches and server-side
 * apply are all checked against the final object. Writes outside a request (controllers) are trusted.
 */
import { apiErrors } from '../../registry/errors.js';
import type { ResourceInfo } from '../../registry/catalog.js';
import { jsonEqual, type KubeObject } from '../../registry/object.js';
import type { Strategy } from '../../registry/strategy.js';
import type { UserInfo } from '../authn.js';
import { aggregateErrors, type RbacAuthorizer } from './rbac-authorizer.js';
import { isMaster, requestIdentity } from './request-identity.js';
import { compactRules, compactString, covers, goQuotedList } from './rules.js';
import { RBAC_GROUP, type PolicyRule, type RoleRef } from './types.js';

const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

type RbacObject = KubeObject & { rules?: PolicyRule[] | null; aggregationRule?: unknown; roleRef?: RoleRef; subjects?: unknown };

export class RbacEscalationGuard {
  constructor(private readonly authorizer: RbacAuthorizer) {}

  /** Strategy hooks for the four RBAC resources; undefined for every other resource. */
  strategyFor(info: ResourceInfo): Pick<Strategy, 'validate' | 'validateUpdate'> | undefined {
    if (info.group !== RBAC_GROUP) return undefined;
    switch (info.resource) {
      case 'roles':
      case 'clusterroles':
        return {
          validate: (o) => this.checkRole(info, o as RbacObject),
          validateUpdate: (o, old) => (onlyGcFieldsChanged(o, old) ? [] : this.checkRole(info, o as RbacObject, old as RbacObject)),
        };
      case 'rolebindings':
      case 'clusterrolebindings':
        return {
          validate: (o) => this.checkBinding(info, o as RbacObject),
          validateUpdate: (o, old) => (onlyGcFieldsChanged(o, old) ? [] : this.checkBinding(info, o as RbacObject)),
        };
      default:
        return undefined;
    }
  }

  private requester(): UserInfo | undefined {
    const user = requestIdentity.getStore();
    return user && !isMaster(user) ? user : undefined;
  }

  private allowed(user: UserInfo, verb: string, resource: string, namespace: string, name: string): boolean {
    const attrs = { user, verb, resourceRequest: true, path: '', namespace, apiGroup: RBAC_GROUP, apiVersion: 'v1', resource, subresource: '', name };
    return this.authorizer.authorize(attrs).decision === 'allow';
  }

  private checkRole(info: ResourceInfo, role: RbacObject, old?: RbacObject): never[] {
    const user = this.requester();
    if (!user) return [];
    const namespace = role.metadata.namespace ?? '';
    const name = role.metadata.name ?? '';
    if (this.allowed(user, 'escalate', info.resource, namespace, name)) return [];
    const problem = this.missing(user, namespace, role.rules ?? []);
    if (problem) throw apiErrors.forbidden({ group: RBAC_GROUP, resource: info.resource }, name, problem);
    // An aggregationRule can gather anything (and changing one can keep a role from tightening).
    if ((hasAggregationRule(role) || (old && hasAggregationRule(old))) && this.missing(user, namespace, FULL_AUTHORITY)) {
      throw apiErrors.forbidden({ group: RBAC_GROUP, resource: info.resource }, name, 'must have cluster-admin privileges to use the aggregationRule');
    }
    return [];
  }

  private checkBinding(info: ResourceInfo, binding: RbacObject): never[] {
    const user = this.requester();
    if (!user || !binding.roleRef) return [];
    const namespace = binding.metadata.namespace ?? '';
    const name = binding.metadata.name ?? '';
    const ref = binding.roleRef;
    if (this.allowed(user, 'bind', ref.kind === 'Role' ? 'roles' : 'clusterroles', namespace, ref.name)) return [];
    const qr = { group: RBAC_GROUP, resource: info.resource };
    const { rules, error } = this.authorizer.roleRefRules(ref, namespace);
    // Upstream returns the role lister's NotFound as is.
    if (error) throw apiErrors.notFound({ group: RBAC_GROUP, resource: ref.kind === 'Role' ? 'role' : 'clusterrole' }, ref.name);
    const problem = this.missing(user, namespace, rules);
    if (problem) throw apiErrors.forbidden(qr, name, problem);
    return [];
  }

  /** Upstream's ConfirmNoEscalation message when `user` lacks some of `rules` in `namespace`. */
  private missing(user: UserInfo, namespace: string, rules: PolicyRule[]): string | undefined {
    const owned = this.authorizer.rulesFor(user, namespace);
    const { covered, missing } = covers(owned.rules, rules);
    if (covered) return undefined;
    const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
    let msg = `user ${JSON.stringify(user.name)} (groups=${goQuotedList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
    if (owned.errors.length) msg += `; resolution errors: [${aggregateErrors(owned.errors)}]`;
    return msg;
  }
}

function hasAggregationRule(role: RbacObject): boolean {
  const rule = role.aggregationRule as { clusterRoleSelectors?: unknown[] } | undefined;
  return !!rule?.clusterRoleSelectors?.length;
}

/** Upstream's IsOnlyMutatingGCFields: an update touching only ownerReferences/finalizers needs no check. */
function onlyGcFieldsChanged(next: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject): unknown => {
    const { ownerReferences: _o, finalizers: _f, managedFields: _m, resourceVersion: _r, ...meta } = o.metadata;
    return { ...o, metadata: meta };
  };
  return jsonEqual(strip(next), strip(old));
}
