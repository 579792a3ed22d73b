/**
 * Adoption and release (upstream ClaimPods / ClaimReplicaSets via ControllerRefManager): a
 * controller adopts orphans its selector matches, and releases objects it controls that its
 * selector no longer matches. A controller being deleted adopts nothing.
 */
import type { ResourceInfo } from '../../registry/catalog.js';
import type { GenericRegistry } from '../../registry/generic/registry.js';
import type { KubeObject } from '../../registry/object.js';
import type { LabelSelector } from '../../registry/selectors/labels.js';
import { isNotFound } from './base.js';
import { BY_CONTROLLER, ORPHANS_BY_NAMESPACE, type ObjectCache } from './cache.js';
import type { OwnerReference } from './workload.js';

export interface ClaimOptions {
  registry: GenericRegistry;
  /** The kind being claimed (pods, replicasets). */
  info: ResourceInfo;
  cache: ObjectCache;
  owner: KubeObject;
  ref: OwnerReference;
  selector: LabelSelector | undefined;
}

/** Adopts and releases; returns the highest store revision written (0 when nothing changed). */
export async function claimObjects(o: ClaimOptions): Promise<number> {
  const ns = o.owner.metadata.namespace!;
  let revision = 0;
  const write = async (target: KubeObject, change: (refs: OwnerReference[]) => OwnerReference[] | undefined): Promise<void> => {
    try {
      const r = await o.registry.guaranteedUpdate(o.info, ns, target.metadata.name!, (cur) => {
        if (!cur || cur.metadata.uid !== target.metadata.uid) return cur ?? target;
        const next = change((cur.metadata.ownerReferences ?? []) as OwnerReference[]);
        if (!next) return cur;
        cur.metadata.ownerReferences = next;
        if (next.length === 0) delete cur.metadata.ownerReferences;
        return cur;
      }, { fieldManager: 'kube-controller-manager', retryOnConflict: true });
      revision = Math.max(revision, r.entry.revision);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  const selector = o.selector;
  if (!o.owner.metadata.deletionTimestamp && selector && !selector.empty) {
    for (const orphan of o.cache.byIndex(ORPHANS_BY_NAMESPACE, ns)) {
      if (!selector.matches(orphan.metadata.labels)) continue;
      await write(orphan, (refs) => (refs.some((r) => r.controller) ? undefined : [...refs.filter((r) => r.uid !== o.ref.uid), o.ref]));
    }
  }
  // An unparseable selector releases nothing: better to keep pods than to orphan them on our mistake.
  for (const owned of selector ? o.cache.byIndex(BY_CONTROLLER, o.owner.metadata.uid!) : []) {
    if (owned.metadata.deletionTimestamp || selector!.matches(owned.metadata.labels)) continue;
    await write(owned, (refs) => (refs.some((r) => r.uid === o.ref.uid) ? refs.filter((r) => r.uid !== o.ref.uid) : undefined));
  }
  if (revision) await o.cache.waitForRevision(revision);
  return revision;
}

/** Enqueues, for a changed orphan, every owner candidate in its namespace whose selector matches it. */
export function enqueueClaimants(object: KubeObject | undefined, owners: ObjectCache, selectorOf: (owner: KubeObject) => LabelSelector | undefined, add: (key: string) => void): void {
  if (!object || object.metadata.deletionTimestamp || (object.metadata.ownerReferences ?? []).some((r) => r.controller)) return;
  const ns = object.metadata.namespace!;
  for (const owner of owners.byIndex('namespace', ns)) {
    const selector = selectorOf(owner);
    if (selector && !selector.empty && selector.matches(object.metadata.labels)) add(`${ns}/${owner.metadata.name}`);
  }
}
