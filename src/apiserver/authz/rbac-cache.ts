/**
 * An in-memory copy of every Role, ClusterRole, RoleBinding and ClusterRoleBinding, kept current by
 * watching the store, so authorizing a request reads no storage.
 */
import type { Logger } from 'pino';
import { ObjectCache } from '../../controllers/util/cache.js';
import type { KubeObject } from '../../registry/object.js';
import type { Store } from '../../store/types.js';
import type { RbacSource } from './rbac-authorizer.js';
import type { Role, RoleBinding } from './types.js';

const PREFIX = '/registry/rbac.authorization.k8s.io/';
const BY_NS = 'namespace';
const byNamespace = (o: KubeObject): string[] => (o.metadata.namespace ? [o.metadata.namespace] : []);

export class RbacCache implements RbacSource {
  readonly roles: ObjectCache;
  readonly clusterRoles: ObjectCache;
  readonly bindings: ObjectCache;
  readonly clusterBindings: ObjectCache;
  private readonly abort = new AbortController();
  private running: Promise<void>[] = [];

  constructor(store: Store) {
    this.roles = new ObjectCache(store, `${PREFIX}roles/`, {});
    this.clusterRoles = new ObjectCache(store, `${PREFIX}clusterroles/`, {});
    this.bindings = new ObjectCache(store, `${PREFIX}rolebindings/`, { [BY_NS]: byNamespace });
    this.clusterBindings = new ObjectCache(store, `${PREFIX}clusterrolebindings/`, {});
  }

  private get caches(): ObjectCache[] {
    return [this.roles, this.clusterRoles, this.bindings, this.clusterBindings];
  }

  /** Starts watching; resolves once every cache holds its first list. */
  async start(logger: Logger): Promise<void> {
    this.running = this.caches.map((c) => c.run(this.abort.signal, logger));
    await Promise.all(this.caches.map((c) => c.synced));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.running);
  }

  clusterRoleBindings(): Iterable<RoleBinding> {
    return this.clusterBindings.all() as Iterable<KubeObject> as Iterable<RoleBinding>;
  }

  roleBindings(namespace: string): Iterable<RoleBinding> {
    return this.bindings.byIndex(BY_NS, namespace) as KubeObject[] as unknown as RoleBinding[];
  }

  clusterRole(name: string): Role | undefined {
    return this.clusterRoles.get(`${PREFIX}clusterroles/${name}`) as Role | undefined;
  }

  role(namespace: string, name: string): Role | undefined {
    return this.roles.getNamespaced(namespace, name) as Role | undefined;
  }
}
