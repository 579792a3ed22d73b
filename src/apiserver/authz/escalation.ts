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
import type { RbacAuthorizer } from './rbac-authorizer.js';
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
          validateUpdate: (o, old) => {
            const next = o as RbacObject;
            const prev = old as RbacObject;
            return jsonEqual(next.rules ?? [], prev.rules ?? []) && jsonEqual(next.aggregationRule, prev.aggregationRule) ? [] : this.checkRole(info, next);
          },
        };
      case 'rolebindings':
      case 'clusterrolebindings':
        return {
          validate: (o) => this.checkBinding(info, o as RbacObject),
          validateUpdate: (o, old) => {
            const next = o as RbacObject;
            const prev = old as RbacObject;
            return jsonEqual(next.roleRef, prev.roleRef) && jsonEqual(next.subjects, prev.subjects) ? [] : this.checkBinding(info, next);
          },
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

  private checkRole(info: ResourceInfo, role: RbacObject): never[] {
    const user = this.requester();
    if (!user) return [];
    const namespace = role.metadata.namespace ?? '';
    const name = role.metadata.name ?? '';
    if (this.allowed(user, 'escalate', info.resource, namespace, name)) return [];
    if (role.aggregationRule && this.missing(user, namespace, FULL_AUTHORITY)) {
      throw apiErrors.forbidden({ group: RBAC_GROUP, resource: info.resource }, name, 'must have cluster-admin privileges to use the aggregationRule');
    }
    const problem = this.missing(user, namespace, role.rules ?? []);
    if (problem) throw apiErrors.forbidden({ group: RBAC_GROUP, resource: info.resource }, name, problem);
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
    if (error) throw apiErrors.forbidden(qr, name, error);
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
    if (owned.errors.length) msg += `; resolution errors: [${owned.errors.join(' ')}]`;
    return msg;
  }
}

