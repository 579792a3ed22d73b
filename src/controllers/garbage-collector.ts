/**
 * The garbage collector (pkg/controller/garbagecollector): deletes objects whose owners are all
 * gone, and carries out the propagation an owner was deleted with:
 * - background: the owner goes at once; its dependents follow once they see it gone;
 * - foreground (`foregroundDeletion` finalizer): dependents are deleted first; the owner stays
 *   until none with `blockOwnerDeletion` remain;
 * - orphan (`orphan` finalizer): dependents lose their reference to the owner, then it goes.
 * Work is keyed by uid and decided from the ownership graph's current state.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { ResourceCatalog } from '../registry/catalog.js';
import { ApiError } from '../registry/errors.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { objectKey } from '../registry/keys.js';
import { parseApiVersion, type KubeObject } from '../registry/object.js';
import { OwnershipGraph, type GraphNode, type OwnerReference } from './garbage-collector-graph.js';
import { WorkQueue, type ReconcileResult } from './work-queue.js';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export interface GarbageCollectorDeps {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  logger: Logger;
  workers?: number;
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

function isNotFoundOrConflict(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 404 || err.code === 409);
}

export class GarbageCollector {
  private readonly graph: OwnershipGraph;
  private readonly queue: WorkQueue;
  private readonly abort = new AbortController();
  private started = false;

  constructor(private readonly deps: GarbageCollectorDeps) {
    this.graph = new OwnershipGraph(deps.registry.store, deps.catalog, deps.logger, (node, old) => this.onChange(node, old));
    this.queue = new WorkQueue({ name: 'garbage-collector', workers: deps.workers ?? 4, logger: deps.logger, reconcile: (uid) => this.reconcile(uid) });
  }

  /** True while running: the registry then adds the foreground/orphan finalizers on delete. */
  get running(): boolean {
    return this.started && !this.abort.signal.aborted;
  }

  start(): void {
    this.started = true;
    // One watch per resource, all stopped by this signal.
    setMaxListeners(0, this.abort.signal);
    this.graph.start(this.abort.signal);
    this.queue.start();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.queue.stop();
    await this.graph.stop();
  }

  private onChange(node: GraphNode | undefined, old: GraphNode | undefined): void {
    if (node) {
      if (node.owners.length || (node.deleting && node.finalizers.some((f) => f === FOREGROUND_FINALIZER || f === ORPHAN_FINALIZER))) this.queue.add(node.uid);
      // An owner entering foreground deletion: its dependents must go first.
      if (node.deleting && node.finalizers.includes(FOREGROUND_FINALIZER) && !(old?.deleting && old.finalizers.includes(FOREGROUND_FINALIZER))) {
        for (const d of this.graph.dependentsOf(node.uid)) this.queue.add(d.uid);
      }
      return;
    }
    if (!old) return;
    // Gone: its dependents may now be orphans; owners waiting in foreground may now finish.
    for (const d of this.graph.dependentsOf(old.uid)) this.queue.add(d.uid);
    for (const ref of old.owners) this.queue.add(ref.uid);
  }

  private async reconcile(uid: string): Promise<ReconcileResult> {
    await this.graph.synced();
    const node = this.graph.node(uid);
    if (!node) return {};
    if (node.deleting && node.finalizers.includes(ORPHAN_FINALIZER)) return this.orphanDependents(node);
    if (node.deleting && node.finalizers.includes(FOREGROUND_FINALIZER)) return this.deleteDependentsFirst(node);
    if (node.owners.length && !node.deleting) return this.collectIfOrphaned(node);
    return {};
  }

  private async orphanDependents(owner: GraphNode): Promise<ReconcileResult> {
    for (const d of this.graph.dependentsOf(owner.uid)) {
      await this.update(d, (o) => {
        o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.uid);
        if (!o.metadata.ownerReferences.length) delete o.metadata.ownerReferences;
      });
    }
    await this.removeFinalizer(owner, ORPHAN_FINALIZER);
    return {};
  }

  private async deleteDependentsFirst(owner: GraphNode): Promise<ReconcileResult> {
    const dependents = this.graph.dependentsOf(owner.uid);
    for (const d of dependents) {
      if (!d.deleting) await this.collectIfOrphaned(d);
    }
    const blocking = dependents.filter((d) => d.owners.some((r) => r.uid === owner.uid && r.blockOwnerDeletion));
    if (blocking.length === 0) await this.removeFinalizer(owner, FOREGROUND_FINALIZER);
    // Otherwise the dependents' deletion events bring the owner back here.
    return {};
  }

  /** Deletes `node` when no owner holds it any more; drops references to owners that are gone. */
  private async collectIfOrphaned(node: GraphNode): Promise<ReconcileResult> {
    const states = await Promise.all(node.owners.map(async (ref) => [ref, await this.ownerState(node, ref)] as const));
    const solid = states.filter(([, s]) => s === 'solid');
    const dangling = states.filter(([, s]) => s === 'dangling').map(([r]) => r.uid);
    const waiting = states.some(([, s]) => s === 'waiting');
    if (solid.length) {
      if (dangling.length) {
        await this.update(node, (o) => {
          o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((r) => !dangling.includes(r.uid));
        });
      }
      return {};
    }
    // Every owner is gone or deleting in foreground: this dependent goes too, first its own
    // blocking dependents when an owner waits for it.
    const policy = waiting && this.graph.dependentsOf(node.uid).length ? 'Foreground' : 'Background';
    try {
      await this.deps.registry.delete(node.info, node.namespace, node.name, { propagationPolicy: policy, preconditions: { uid: node.uid } });
    } catch (err) {
      if (!isNotFoundOrConflict(err)) throw err;
    }
    return {};
  }

  /** Is this owner there (same uid), gone, or being deleted in foreground? Checks storage when the graph lacks it. */
  private async ownerState(dependent: GraphNode, ref: OwnerReference): Promise<OwnerState> {
    const owner = this.graph.node(ref.uid);
    if (owner) return owner.deleting && owner.finalizers.includes(FOREGROUND_FINALIZER) ? 'waiting' : 'solid';
    const { group, version } = parseApiVersion(ref.apiVersion);
    const info = this.deps.catalog.byKind(group, version, ref.kind);
    // An owner of a kind not served (yet): keep the dependent rather than guess.
    if (!info) return 'solid';
    const live = await this.deps.registry.store.get<KubeObject>(objectKey(info, info.namespaced ? dependent.namespace : undefined, ref.name));
    return live?.view.metadata.uid === ref.uid ? 'solid' : 'dangling';
  }

  private async update(node: GraphNode, mutate: (o: KubeObject) => void): Promise<void> {
    try {
      await this.deps.registry.guaranteedUpdate(node.info, node.namespace, node.name, (current) => {
        if (!current || current.metadata.uid !== node.uid) throw new ApiError(404, 'NotFound', 'gone');
        mutate(current);
        return current;
      }, { fieldManager: 'vkube-garbage-collector', retryOnConflict: true });
    } catch (err) {
      if (!isNotFoundOrConflict(err)) throw err;
    }
  }

  private removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    return this.update(node, (o) => {
      o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    });
  }
}
