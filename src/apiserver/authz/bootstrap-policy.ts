/**
 * The default ClusterRoles and ClusterRoleBindings every cluster starts with (cluster-admin, admin,
 * edit, view, the system: discovery and controller roles), from upstream's bootstrap-policy golden
 * files vendored in third_party/rbac (hack/update-rbac.sh). Missing ones are created at start; ones
 * a user changed are left alone.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import type { ResourceCatalog } from '../../registry/catalog.js';
import { ApiError } from '../../registry/errors.js';
import type { GenericRegistry } from '../../registry/generic/registry.js';
import type { KubeObject } from '../../registry/object.js';
import { RBAC_GROUP } from './types.js';

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
      if (await registry.store.get(`/registry/${RBAC_GROUP}/${info.resource}/${object.metadata.name}`)) return;
      try {
        await registry.create(info, undefined, object, { fieldManager: 'vkube-rbac-bootstrap' });
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
      }
    }),
  );
}
