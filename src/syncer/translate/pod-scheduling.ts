import type {
  V1Affinity,
  V1LabelSelector,
  V1LabelSelectorRequirement,
  V1PodAffinityTerm,
  V1TopologySpreadConstraint,
} from '@kubernetes/client-node';
import { MANAGED_BY_LABEL, NAMESPACE_LABEL, hostNamespaceFor } from '../mappings/index.js';
import type { SyncContext } from './context.js';

function withRequirements(selector: V1LabelSelector | undefined, extra: V1LabelSelectorRequirement[]): V1LabelSelector {
  return { ...selector, matchExpressions: [...(selector?.matchExpressions ?? []), ...extra] };
}

/**
 * Pod (anti-)affinity terms select pods by label in some namespaces. In single mode every
 * virtual namespace shares one host namespace, so the term is narrowed to our pods from the
 * namespaces it meant (through the `vkube.io/namespace` label). A namespaceSelector cannot be
 * evaluated here against virtual namespace labels; it is narrowed to this virtual cluster only.
 */
export function translateAffinityTerm(term: V1PodAffinityTerm, virtualNamespace: string, context: SyncContext): V1PodAffinityTerm {
  const managedBy: V1LabelSelectorRequirement = { key: MANAGED_BY_LABEL, operator: 'In', values: [context.virtualClusterName] };
  const namespaces = term.namespaces?.length ? term.namespaces : term.namespaceSelector ? undefined : [virtualNamespace];
  const { namespaces: _namespaces, namespaceSelector, ...rest } = term;
  if (context.mode === 'namespaces') {
    const hostTerm: V1PodAffinityTerm = { ...rest };
    if (namespaces) hostTerm.namespaces = namespaces.map((ns) => hostNamespaceFor(context, ns));
    else hostTerm.namespaceSelector = withRequirements(namespaceSelector, [managedBy]);
    return hostTerm;
  }
  const extra = [managedBy];
  if (namespaces) extra.push({ key: NAMESPACE_LABEL, operator: 'In', values: [...namespaces] });
  return { ...rest, labelSelector: withRequirements(term.labelSelector, extra) };
}

export function translateAffinity(affinity: V1Affinity | undefined, virtualNamespace: string, context: SyncContext): V1Affinity | undefined {
  if (affinity === undefined) return undefined;
  const translated: V1Affinity = { ...affinity };
  for (const key of ['podAffinity', 'podAntiAffinity'] as const) {
    const section = affinity[key];
    if (section === undefined) continue;
    translated[key] = {
      ...section,
      ...(section.requiredDuringSchedulingIgnoredDuringExecution && {
        requiredDuringSchedulingIgnoredDuringExecution: section.requiredDuringSchedulingIgnoredDuringExecution.map((term) =>
          translateAffinityTerm(term, virtualNamespace, context),
        ),
      }),
      ...(section.preferredDuringSchedulingIgnoredDuringExecution && {
        preferredDuringSchedulingIgnoredDuringExecution: section.preferredDuringSchedulingIgnoredDuringExecution.map((weighted) => ({
          ...weighted,
          podAffinityTerm: translateAffinityTerm(weighted.podAffinityTerm, virtualNamespace, context),
        })),
      }),
    };
  }
  return translated;
}

/** Spread constraints count pods in the pod's own namespace: narrow them to its virtual namespace. */
export function translateTopologySpread(
  constraints: V1TopologySpreadConstraint[] | undefined,
  virtualNamespace: string,
  context: SyncContext,
): V1TopologySpreadConstraint[] | undefined {
  return constraints?.map((constraint) =>
    constraint.labelSelector === undefined
      ? constraint
      : {
          ...constraint,
          labelSelector: withRequirements(constraint.labelSelector, [
            { key: MANAGED_BY_LABEL, operator: 'In', values: [context.virtualClusterName] },
            { key: NAMESPACE_LABEL, operator: 'In', values: [virtualNamespace] },
          ]),
        },
  );
}
