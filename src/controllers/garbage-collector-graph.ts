/**
 * The garbage collector's view of the cluster (pkg/controller/garbagecollector/graph.go): one light
 * node per object of every resource (uid, owner references, deletion state), an owner → dependents
 * index, and list+watch loops feeding it. Resources added at run time (CRDs) get a loop when the
 * catalog changes; no event re-lists anything.
 */
import type { Logger } from 'pino';
import type { ResourceCatalog, ResourceInfo } from '../registry/catalog.js';
import { resourcePrefix } from '../registry/keys.js';
import type { KubeObject } from '../registry/object.js';
import { StoreError, type Store } from '../store/types.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface GraphNode {
  uid: string;
  key: string;
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  owners: OwnerReference[];
  deleting: boolean;
  finalizers: string[];
}

export type GraphListener = (node: GraphNode | undefined, old: GraphNode | undefined) => void;

function nodeOf(key: string, info: ResourceInfo, o: KubeObject): GraphNode {
  return {
    uid: o.metadata.uid!,
    key,
    info,
    namespace: o.metadata.namespace,
    name: o.metadata.name!,
    owners: (o.metadata.ownerReferences ?? []) as OwnerReference[],
    deleting: !!o.metadata.deletionTimestamp,
    finalizers: o.metadata.finalizers ?? [],
  };
}

export class OwnershipGraph {
  private readonly byUid = new Map<string, GraphNode>();
  private readonly byKey = new Map<string, string>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly watched = new Map<string, Promise<void>>();
  private readonly syncing = new Set<Promise<void>>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly catalog: ResourceCatalog,
    private readonly logger: Logger,
    private readonly listener: GraphListener,
  ) {}

  start(signal: AbortSignal): void {
    this.watchCatalog(signal);
    this.unsubscribe = this.catalog.onChange(() => this.watchCatalog(signal));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await Promise.all(this.watched.values());
  }

  /** Resolves once every resource known so far has been listed. */
  async synced(): Promise<void> {
    while (this.syncing.size) await Promise.all([...this.syncing]);
  }

  node(uid: string): GraphNode | undefined {
    return this.byUid.get(uid);
  }

  dependentsOf(uid: string): GraphNode[] {
    const out: GraphNode[] = [];
    for (const d of this.dependents.get(uid) ?? []) {
      const n = this.byUid.get(d);
      if (n) out.push(n);
    }
    return out;
  }

  /** One loop per storage prefix: served versions of one resource share their objects. */
  private watchCatalog(signal: AbortSignal): void {
    for (const info of this.catalog.all()) {
      if (!info.verbs.includes('watch') || !info.verbs.includes('delete')) continue;
      const prefix = resourcePrefix(info);
      if (this.watched.has(prefix)) continue;
      let markSynced!: () => void;
      const synced = new Promise<void>((r) => (markSynced = r));
      this.syncing.add(synced);
      void synced.then(() => this.syncing.delete(synced));
      this.watched.set(prefix, this.run(prefix, info, signal, markSynced));
    }
  }

  private async run(prefix: string, info: ResourceInfo, signal: AbortSignal, markSynced: () => void): Promise<void> {
    while (!signal.aborted) {
      try {
        const listed = await this.store.list<KubeObject>(prefix);
        const seen = new Set<string>();
        for (const e of listed.items) {
          seen.add(e.key);
          this.apply(e.key, info, e.view);
        }
        for (const key of [...this.byKey.keys()]) if (key.startsWith(prefix) && !seen.has(key)) this.apply(key, info, undefined);
        markSynced();
        for await (const event of this.store.watch<KubeObject>(prefix, { fromRevision: listed.revision, signal })) {
          this.apply(event.key, info, event.type === 'delete' ? undefined : event.entry.view);
        }
      } catch (err) {
        if (signal.aborted) break;
        // A CRD's resource whose storage went away ends here too; it re-lists to nothing.
        if (!(err instanceof StoreError && err.code === 'Expired')) {
          this.logger.warn({ err, prefix }, 'garbage collector watch failed; re-listing');
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
    markSynced();
  }

  private apply(key: string, info: ResourceInfo, object: KubeObject | undefined): void {
    const oldUid = this.byKey.get(key);
    const old = oldUid ? this.byUid.get(oldUid) : undefined;
    if (old) this.remove(old);
    const node = object?.metadata.uid ? nodeOf(key, info, object) : undefined;
    if (node) {
      this.byUid.set(node.uid, node);
      this.byKey.set(key, node.uid);
      for (const ref of node.owners) {
        let set = this.dependents.get(ref.uid);
        if (!set) this.dependents.set(ref.uid, (set = new Set()));
        set.add(node.uid);
      }
    }
    if (old && node && old.uid !== node.uid) {
      this.listener(undefined, old);
      this.listener(node, undefined);
    } else if (old || node) {
      this.listener(node, old);
    }
  }

  private remove(node: GraphNode): void {
    this.byUid.delete(node.uid);
    this.byKey.delete(node.key);
    for (const ref of node.owners) {
      const set = this.dependents.get(ref.uid);
      set?.delete(node.uid);
      if (set?.size === 0) this.dependents.delete(ref.uid);
    }
  }
}
