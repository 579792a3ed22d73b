import type { V1Container, V1ObjectMeta, V1PodSpec } from '@kubernetes/client-node';

/** One failed check, worded like k8s.io/pod-security-admission's CheckResult. */
export interface CheckViolation {
  /** The check's upstream ID, e.g. `hostNamespaces`. */
  checkId: string;
  reason: string;
  detail: string;
}

export type PodCheck = (metadata: V1ObjectMeta, spec: V1PodSpec) => Omit<CheckViolation, 'checkId'> | undefined;

export interface CheckDefinition {
  id: string;
  check: PodCheck;
  /** Baseline checks a restricted check replaces (its stricter version). */
  overrides?: string[];
}

/** Init containers, then containers, then ephemeral containers, as upstream visits them. */
export function allContainers(spec: V1PodSpec): V1Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers, ...((spec.ephemeralContainers ?? []) as V1Container[])];
}

export function joinQuote(items: string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Go's sets.String List(): unique and sorted. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Go's %q for the plain strings found in annotations. */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}

export function isWindowsPod(spec: V1PodSpec): boolean {
  return spec.os?.name === 'windows';
}
