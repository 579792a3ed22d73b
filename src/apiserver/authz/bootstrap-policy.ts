/**
 * The default ClusterRoles and ClusterRoleBindings every cluster starts with (cluster-admin, admin,
 * edit, view, the system: discovery and controller roles), from upstream's bootstrap-policy golden
 * files vendored in third_party/rbac (hack/update-rbac.sh). Missing ones are created at start; ones
 * annotated `rbac.authorization.kubernetes.io/autoupdate: "true"` get missing rules, subjects,
 * labels and annotations added (upstream's reconcile, never removing anything); others are left
 * alone.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import type { ResourceCatalog } from '../../registry/catalog.js';
import { ApiError } from '../../registry/errors.js';
import type { GenericRegistry } from '../../registry/generic/registry.js';
import { jsonEqual, type KubeObject } from '../../registry/object.js';
import { covers } from './rules.js';
import { RBAC_GROUP, type PolicyRule, type Subject } from './types.js';

const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';

type PolicyObject = KubeObject & { rules?: PolicyRule[] | null; aggregationRule?: unknown; subjects?: Subject[] };

/** The existing object with whatever the default adds (undefined: nothing to do). */
function reconciled(existing: PolicyObject, expected: PolicyObject): PolicyObject | undefined {
  if (existing.metadata.annotations?.[AUTOUPDATE] !== 'true') return undefined;
  const next: PolicyObject = { ...existing, metadata: { ...existing.metadata } };
  next.metadata.labels = { ...expected.metadata.labels, ...existing.metadata.labels };
  next.metadata.annotations = { ...expected.metadata.annotations, ...existing.metadata.annotations };
  if (expected.aggregationRule) next.aggregationRule = expected.aggregationRule;
  else if (expected.rules) {
    const missing = expected.rules.filter((r) => !covers(existing.rules ?? [], [r]).covered);
    if (missing.length) next.rules = [...(existing.rules ?? []), ...missing];
  }
  if (expected.subjects) {
    const have = existing.subjects ?? [];
    const missing = expected.subjects.filter((want) => !have.some((s) => s.kind === want.kind && s.name === want.name && (s.namespace ?? '') === (want.namespace ?? '')));
    if (missing.length) next.subjects = [...have, ...missing];
  }
  return jsonEqual(next, existing) ? undefined : next;
}

function load(file: string): KubeObject[] {
  const text = gunzipSync(readFileSync(new URL(`../../../third_party/rbac/${file}`, import.meta.url))).toString('utf8');
  const list = parseYaml(text) as { items: KubeObject[] };
  return list.items.map((item) => {
    delete item.metadata.creationTimestamp;
    return item;
  });
}

export function defaultClusterRoles(): KubeObject[] {
  return load('cluster-roles.yaml.gz');
}

export function defaultClusterRoleBindings(): KubeObject[] {
  return load('cluster-role-bindings.yaml.gz');
}

export async function bootstrapRbacPolicy(registry: GenericRegistry, catalog: ResourceCatalog): Promise<void> {
  const roles = catalog.get(RBAC_GROUP, 'v1', 'clusterroles')!;
  const bindings = catalog.get(RBAC_GROUP, 'v1', 'clusterrolebindings')!;
  const work: [typeof roles, KubeObject][] = [...defaultClusterRoles().map((o) => [roles, o] as [typeof roles, KubeObject]), ...defaultClusterRoleBindings().map((o) => [bindings, o] as [typeof roles, KubeObject])];
  await Promise.all(
    work.map(async ([info, object]) => {
      const existing = await registry.store.get<PolicyObject>(`/registry/${RBAC_GROUP}/${info.resource}/${object.metadata.name}`);
      if (existing) {
        const next = reconciled(existing.view, object as PolicyObject);
        if (next) await registry.guaranteedUpdate(info, undefined, object.metadata.name!, (current) => reconciled(current as PolicyObject, object as PolicyObject) ?? current!, { fieldManager: 'vkube-rbac-bootstrap', retryOnConflict: true });
        return;
      }
      try {
        await registry.create(info, undefined, object, { fieldManager: 'vkube-rbac-bootstrap' });
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
      }
    }),
  );
}
