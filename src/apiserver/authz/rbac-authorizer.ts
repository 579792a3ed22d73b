/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): walks the ClusterRoleBindings, then the
 * RoleBindings of the request's namespace, and allows on the first rule that matches. Never denies
 * outright (no opinion), so another authorizer could still allow.
 */
import type { UserInfo } from '../authn.js';
import { ruleAllows, subjectAppliesTo } from './rules.js';
import type { Attributes, AuthorizationResult, Authorizer, PolicyRule, Role, RoleBinding, RoleRef, RuleResolver, Subject } from './types.js';

/** Where the authorizer reads roles and bindings (an in-memory cache in the server). */
export interface RbacSource {
  clusterRoleBindings(): Iterable<RoleBinding>;
  roleBindings(namespace: string): Iterable<RoleBinding>;
  clusterRole(name: string): Role | undefined;
  role(namespace: string, name: string): Role | undefined;
}

/** Visits (binding description, rule) pairs; returns false to stop. */
type RuleVisitor = (source: string | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean;

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/** Go's utilerrors.NewAggregate(...).Error(). */
export function aggregateErrors(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

export class RbacAuthorizer implements Authorizer, RuleResolver {
  constructor(private readonly source: RbacSource) {}

  /** The rules a RoleRef grants, or upstream's not-found message. */
  roleRefRules(ref: RoleRef, bindingNamespace: string): { rules: PolicyRule[]; error?: string } {
    if (ref.kind === 'Role') {
      const role = this.source.role(bindingNamespace, ref.name);
      return role ? { rules: role.rules ?? [] } : { rules: [], error: `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    if (ref.kind === 'ClusterRole') {
      const role = this.source.clusterRole(ref.name);
      return role ? { rules: role.rules ?? [] } : { rules: [], error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    return { rules: [], error: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
  }

  private visitRules(user: UserInfo, namespace: string, visit: RuleVisitor): void {
    for (const binding of this.source.clusterRoleBindings()) {
      const subject = (binding.subjects ?? []).find((s) => subjectAppliesTo(user, s, ''));
      if (!subject) continue;
      const { rules, error } = this.roleRefRules(binding.roleRef, '');
      if (error && !visit(undefined, undefined, error)) return;
      const source = `ClusterRoleBinding ${JSON.stringify(binding.metadata.name)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${describeSubject(subject, '')}`;
      for (const rule of rules) if (!visit(source, rule, undefined)) return;
    }
    if (!namespace) return;
    for (const binding of this.source.roleBindings(namespace)) {
      const subject = (binding.subjects ?? []).find((s) => subjectAppliesTo(user, s, namespace));
      if (!subject) continue;
      const { rules, error } = this.roleRefRules(binding.roleRef, namespace);
      if (error && !visit(undefined, undefined, error)) return;
      const source = `RoleBinding ${JSON.stringify(`${binding.metadata.name}/${namespace}`)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${describeSubject(subject, namespace)}`;
      for (const rule of rules) if (!visit(source, rule, undefined)) return;
    }
  }

  authorize(attrs: Attributes): AuthorizationResult {
    let allowedBy: string | undefined;
    const errors: string[] = [];
    this.visitRules(attrs.user, attrs.namespace, (source, rule, error) => {
      if (error) errors.push(error);
      if (rule && ruleAllows(attrs, rule)) {
        allowedBy = source;
        return false;
      }
      return true;
    });
    if (allowedBy) return { decision: 'allow', reason: `RBAC: allowed by ${allowedBy}` };
    return { decision: 'noOpinion', reason: errors.length ? `RBAC: ${aggregateErrors(errors)}` : '' };
  }

  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRules(user, namespace, (_source, rule, error) => {
      if (rule) rules.push(rule);
      if (error) errors.push(error);
      return true;
    });
    return { rules, errors };
  }
}
