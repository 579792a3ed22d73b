/**
 * CustomResourceDefinition lifecycle (apiextensions-apiserver's naming, establishing and finalizer
 * controllers in one): names are checked against the other CRDs of the group; accepted names are
 * published (catalog, discovery, OpenAPI, printers, selectors) before the `NamesAccepted` and
 * `Established` conditions go True, so a client that waited for Established finds the resource.
 * A CRD marked for deletion has its objects deleted, then its cleanup finalizer removed; once the
 * CRD is gone its resources are unpublished.
 */
import type { Logger } from 'pino';
import type { ResourceCatalog } from '../registry/catalog.js';
import type { Clock } from '../registry/clock.js';
import { setCondition } from '../registry/crd/crd-strategy.js';
import type { CustomResourceTypes } from '../registry/crd/custom-resources.js';
import { CLEANUP_FINALIZER, CRD_GROUP, CRD_PREFIX, CRD_RESOURCE, type CrdCondition, type CrdNames, type CrdStatus, type CustomResourceDefinition } from '../registry/crd/types.js';
import { ApiError } from '../registry/errors.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { resourcePrefix } from '../registry/keys.js';
import { jsonEqual, type KubeObject } from '../registry/object.js';
import type { Store } from '../store/types.js';
import { runPrefixInformer } from './informer.js';
import { WorkQueue, type ReconcileResult } from './work-queue.js';

export interface CrdControllerDeps {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  clock: Clock;
  logger: Logger;
  types: CustomResourceTypes;
}

const MANAGER = 'vkube-crd-controller';

/** Requested names with the defaults upstream applies. */
function requestedNames(crd: CustomResourceDefinition): CrdNames {
  const n = crd.spec.names;
  const out: CrdNames = { plural: n.plural, singular: n.singular ?? n.kind.toLowerCase(), kind: n.kind, listKind: n.listKind ?? `${n.kind}List` };
  if (n.shortNames?.length) out.shortNames = [...n.shortNames];
  if (n.categories?.length) out.categories = [...n.categories];
  return out;
}

function isEstablished(crd: CustomResourceDefinition): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/**
 * The naming controller's decision: which names are accepted and the NamesAccepted condition.
 * A name another CRD of the group (or a built-in resource) already holds keeps the old accepted one.
 */
export function acceptNames(crd: CustomResourceDefinition, others: CustomResourceDefinition[], builtinPlurals: Set<string>): { names: CrdNames; condition: CrdCondition } {
  const wanted = requestedNames(crd);
  const previous: CrdNames = crd.status?.acceptedNames ?? { plural: '', kind: '' };
  const taken = (pick: (n: CrdNames) => (string | undefined)[], value: string): boolean =>
    others.some((o) => o.spec.group === crd.spec.group && pick(o.status?.acceptedNames ?? { plural: '', kind: '' }).includes(value));
  const names: CrdNames = { ...previous };
  let condition: CrdCondition = { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
  const conflict = (reason: string, value: string): void => {
    condition = { type: 'NamesAccepted', status: 'False', reason, message: `"${value}" is already in use` };
  };
  const all = (n: CrdNames): (string | undefined)[] => [n.plural, n.singular, ...(n.shortNames ?? [])];
  if (builtinPlurals.has(wanted.plural) || taken((n) => [n.plural, n.singular], wanted.plural)) conflict('PluralConflict', wanted.plural);
  else names.plural = wanted.plural;
  if (taken((n) => [n.plural, n.singular], wanted.singular!)) conflict('SingularConflict', wanted.singular!);
  else names.singular = wanted.singular;
  const shortConflict = (wanted.shortNames ?? []).find((s) => taken(all, s));
  if (shortConflict) conflict('ShortNamesConflict', shortConflict);
  else if (wanted.shortNames) names.shortNames = wanted.shortNames;
  else delete names.shortNames;
  if (taken((n) => [n.kind, n.listKind], wanted.kind)) conflict('KindConflict', wanted.kind);
  else names.kind = wanted.kind;
  if (taken((n) => [n.kind, n.listKind], wanted.listKind!)) conflict('ListKindConflict', wanted.listKind!);
  else names.listKind = wanted.listKind;
  if (wanted.categories) names.categories = wanted.categories;
  else delete names.categories;
  return { names, condition };
}

export class CrdController {
  private readonly queue: WorkQueue;
  private readonly abort = new AbortController();
  private informer: Promise<void> | undefined;
  private readonly known = new Set<string>();

  constructor(private readonly deps: CrdControllerDeps) {
    this.queue = new WorkQueue({ name: 'crd', workers: 1, logger: deps.logger, reconcile: (key) => this.reconcile(key) });
  }

  start(): void {
    this.queue.start();
    this.informer = runPrefixInformer(
      {
        store: this.deps.registry.store,
        prefix: CRD_PREFIX,
        logger: this.deps.logger,
        onKey: (key, object) => {
          const name = key.slice(CRD_PREFIX.length);
          if (object) this.known.add(name);
          else {
            this.known.delete(name);
            // A freed name may let a conflicting CRD of the group in.
            for (const other of this.known) this.queue.add(other);
          }
          this.queue.add(name);
        },
      },
      this.abort.signal,
    );
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.queue.stop();
    await this.informer;
  }

  private crdInfo() {
    return this.deps.catalog.get(CRD_GROUP, 'v1', CRD_RESOURCE)!;
  }

  private async reconcile(name: string): Promise<ReconcileResult> {
    const { registry, types } = this.deps;
    const entry = await registry.store.get<CustomResourceDefinition>(`${CRD_PREFIX}${name}`);
    if (!entry) {
      types.unpublish(name);
      return {};
    }
    const crd = entry.view;
    if (crd.metadata.deletionTimestamp) return this.finalize(crd);
    const listed = await registry.store.list<CustomResourceDefinition>(CRD_PREFIX);
    const others = listed.items.map((e) => e.view).filter((o) => o.metadata.name !== name);
    const builtinPlurals = new Set(this.deps.catalog.all().filter((i) => i.group === crd.spec.group && !i.custom).map((i) => i.resource));
    const { names, condition } = acceptNames(crd, others, builtinPlurals);
    const accepted = condition.status === 'True' || isEstablished(crd);
    if (accepted && names.plural) types.publish(crd, names);
    const now = this.deps.clock.now();
    const next = structuredClone(crd);
    next.status = { ...(next.status ?? {}), acceptedNames: names };
    setCondition(next, condition, now);
    if (condition.status === 'True' || isEstablished(crd)) {
      setCondition(next, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
    } else {
      setCondition(next, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }, now);
    }
    if (!sameStatus(next.status, crd.status)) {
      await registry.guaranteedUpdate(this.crdInfo(), undefined, name, (current) => {
        if (!current) throw new ApiError(404, 'NotFound', `customresourcedefinitions.apiextensions.k8s.io "${name}" not found`);
        return { ...current, status: next.status } as KubeObject;
      }, { subresource: 'status', fieldManager: MANAGER });
    }
    return {};
  }

  /** Deletes every object of the CRD, then lets the CRD go (finalizer controller). */
  private async finalize(crd: CustomResourceDefinition): Promise<ReconcileResult> {
    const { registry, types } = this.deps;
    const name = crd.metadata.name!;
    if (!(crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) return {};
    types.markTerminating(name);
    const info = types.storageInfo(name);
    if (info) {
      const listed = await registry.store.list<KubeObject>(resourcePrefix(info));
      for (const e of listed.items) {
        if (e.view.metadata.deletionTimestamp) continue;
        try {
          await registry.delete(info, e.view.metadata.namespace, e.view.metadata.name!, { propagationPolicy: 'Background' });
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
      const left = await registry.store.list<KubeObject>(resourcePrefix(info));
      if (left.items.length > 0) return { requeueAfterMs: 200 };
    }
    types.unpublish(name);
    try {
      await registry.guaranteedUpdate(this.crdInfo(), undefined, name, (current) => {
        if (!current) throw new ApiError(404, 'NotFound', `customresourcedefinitions.apiextensions.k8s.io "${name}" not found`);
        return { ...current, metadata: { ...current.metadata, finalizers: (current.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER) } };
      }, { fieldManager: MANAGER, retryOnConflict: true });
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
    return {};
  }
}

function sameStatus(a: CrdStatus | undefined, b: CrdStatus | undefined): boolean {
  return jsonEqual(a ?? {}, b ?? {});
}

/**
 * Publishes every stored CRD that was accepted before (restart), so its resources are served
 * before the server reports ready; the controller takes over from there.
 */
export async function restoreCustomResources(store: Store, types: CustomResourceTypes): Promise<number> {
  const listed = await store.list<CustomResourceDefinition>(CRD_PREFIX);
  let restored = 0;
  for (const { view: crd } of listed.items) {
    const names = crd.status?.acceptedNames;
    if (!names?.plural || !isEstablished(crd)) continue;
    types.publish(crd, names);
    restored++;
  }
  return restored;
}
