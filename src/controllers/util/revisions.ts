/**
 * ControllerRevisions for StatefulSets and DaemonSets (upstream pkg/controller/history): one per
 * distinct pod template, named `<owner>-<hash>`, numbered by `revision`, pruned to the history limit.
 */
import type { ResourceInfo } from '../../registry/catalog.js';
import type { GenericRegistry } from '../../registry/generic/registry.js';
import type { KubeObject } from '../../registry/object.js';
import { isAlreadyExists, isNotFound } from './base.js';
import { BY_CONTROLLER, type ObjectCache } from './cache.js';
import { canonicalJson, computeHash, controllerRef, num, obj, specOf, type JsonObject } from './workload.js';

export interface RevisionRef {
  name: string;
  template: JsonObject;
}

export interface RevisionSyncOptions {
  registry: GenericRegistry;
  info: ResourceInfo;
  cache: ObjectCache;
  owner: KubeObject;
  ownerKind: string;
  template: JsonObject;
  collisionCount: number;
  /** status.currentRevision, when the owner has one. */
  currentName: string | undefined;
  historyLimit: number;
  /** Revisions still used by live pods: never pruned. */
  inUse: Set<string>;
}

/** The patch a revision stores: the whole template, replacing (upstream getPatch). */
export function revisionData(template: JsonObject): JsonObject {
  return { spec: { template: { ...template, $patch: 'replace' } } };
}

export function templateFromRevision(revision: KubeObject): JsonObject {
  const { $patch: _patch, ...template } = obj(obj(obj(revision.data).spec).template);
  return template;
}

export function revisionNameFor(owner: KubeObject, template: JsonObject, collisionCount: number): { name: string; hash: string } {
  const hash = computeHash(template, collisionCount);
  return { name: `${owner.metadata.name}-${hash}`, hash };
}

const revisionNumber = (r: KubeObject): number => num(r.revision);

export async function syncControllerRevisions(o: RevisionSyncOptions): Promise<{ current: RevisionRef; update: RevisionRef }> {
  const ns = o.owner.metadata.namespace;
  const manager = { fieldManager: 'kube-controller-manager' };
  const owned = o.cache.byIndex(BY_CONTROLLER, o.owner.metadata.uid!).sort((a, b) => revisionNumber(a) - revisionNumber(b));
  const data = revisionData(o.template);
  const key = canonicalJson(data);
  const max = owned.reduce((m, r) => Math.max(m, revisionNumber(r)), 0);
  let update = owned.find((r) => canonicalJson(r.data) === key);
  if (update && revisionNumber(update) < max) {
    // Rolling back to an earlier template re-uses its revision object under a new number.
    const uid = update.metadata.uid;
    update = (await o.registry.guaranteedUpdate(o.info, ns, update.metadata.name!, (cur) => {
      if (!cur || cur.metadata.uid !== uid) throw new Error('controller revision changed while updating');
      return { ...cur, revision: max + 1 };
    }, { ...manager, retryOnConflict: true })).entry.view;
  } else if (!update) {
    const { name, hash } = revisionNameFor(o.owner, o.template, o.collisionCount);
    const selectorLabels = obj(obj(specOf(o.owner).selector).matchLabels) as Record<string, string>;
    const revision: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name, namespace: ns, labels: { ...selectorLabels, 'controller.kubernetes.io/hash': hash }, ownerReferences: [controllerRef(o.owner, 'apps/v1', o.ownerKind)] },
      data,
      revision: max + 1,
    };
    try {
      const entry = await o.registry.create(o.info, ns, revision, manager);
      await o.cache.waitForRevision(entry.revision);
      update = entry.view;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      update = (await o.registry.get(o.info, ns, name)).view;
    }
  }
  const updateRef = { name: update.metadata.name!, template: templateFromRevision(update) };
  const currentObj = o.currentName ? owned.find((r) => r.metadata.name === o.currentName) : undefined;
  const current = currentObj ? { name: currentObj.metadata.name!, template: templateFromRevision(currentObj) } : updateRef;

  const live = new Set([current.name, updateRef.name, ...o.inUse]);
  const prunable = owned.filter((r) => !live.has(r.metadata.name!));
  for (const r of prunable.slice(0, Math.max(0, prunable.length - o.historyLimit))) {
    try {
      await o.registry.delete(o.info, ns, r.metadata.name!, { preconditions: { uid: r.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return { current, update: updateRef };
}
