import type { V1ObjectMeta, V1Pod, V1PodCondition, V1PodSpec } from '@kubernetes/client-node';
import { type CheckDefinition, type CheckViolation } from './check-helpers.js';
import { BASELINE_CHECKS } from './baseline-checks.js';
import { RESTRICTED_CHECKS } from './restricted-checks.js';

export type { CheckViolation } from './check-helpers.js';
export { BASELINE_CHECKS } from './baseline-checks.js';
export { RESTRICTED_CHECKS } from './restricted-checks.js';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

export function isPodSecurityLevel(value: string): value is PodSecurityLevel {
  return (POD_SECURITY_LEVELS as readonly string[]).includes(value);
}

const byId = (a: CheckDefinition, b: CheckDefinition) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Upstream order: baseline checks sorted by ID, then restricted ones; restricted replaces what it overrides. */
function checksFor(level: PodSecurityLevel): CheckDefinition[] {
  if (level === 'privileged') return [];
  const baseline = [...BASELINE_CHECKS].sort(byId);
  if (level === 'baseline') return baseline;
  const overridden = new Set(RESTRICTED_CHECKS.flatMap((check) => check.overrides ?? []));
  return [...baseline.filter((check) => !overridden.has(check.id)), ...[...RESTRICTED_CHECKS].sort(byId)];
}

export interface PodSecurityResult {
  allowed: boolean;
  violations: CheckViolation[];
  /** kube-apiserver's wording, e.g. `violates PodSecurity "baseline:latest": privileged (...)`; '' when allowed. */
  message: string;
}

/** `reason (detail), reason (detail)` as upstream's AggregateCheckResult.ForbiddenDetail. */
export function formatViolations(violations: CheckViolation[]): string {
  return violations.map((v) => (v.detail ? `${v.reason} (${v.detail})` : v.reason)).join(', ');
}

export function checkPodSpec(level: PodSecurityLevel, metadata: V1ObjectMeta, spec: V1PodSpec): PodSecurityResult {
  const violations: CheckViolation[] = [];
  for (const { id, check } of checksFor(level)) {
    const failure = check(metadata, spec);
    if (failure) violations.push({ checkId: id, ...failure });
  }
  const message = violations.length === 0 ? '' : `violates PodSecurity "${level}:latest": ${formatViolations(violations)}`;
  return { allowed: violations.length === 0, violations, message };
}

/** Checks a virtual pod against the configured Pod Security Standard before it is synced. */
export function checkPod(level: PodSecurityLevel, pod: V1Pod): PodSecurityResult {
  return checkPodSpec(level, pod.metadata ?? {}, pod.spec ?? { containers: [] });
}

export const POD_SECURITY_CONDITION_TYPE = 'vkube.io/PodSecurity';
export const POD_SECURITY_EVENT_REASON = 'FailedPodSecurity';

/**
 * The condition the reconciler puts on a virtual pod it refuses to sync (with its own clock
 * for lastTransitionTime), so `kubectl describe pod` says why.
 */
export function podSecurityCondition(result: PodSecurityResult): Omit<V1PodCondition, 'lastTransitionTime'> {
  return result.allowed
    ? { type: POD_SECURITY_CONDITION_TYPE, status: 'True' }
    : { type: POD_SECURITY_CONDITION_TYPE, status: 'False', reason: POD_SECURITY_EVENT_REASON, message: result.message };
}
