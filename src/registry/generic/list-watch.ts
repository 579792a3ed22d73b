/**
 * LIST and WATCH over the store with label/field selectors, consistent paging (`limit`/`continue`
 * at one revision) and the resourceVersion rules of the Kubernetes API
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions).
 */
import type { Store, StoreEntry, StoreEvent } from '../../store/types.js';
import { StoreError, wholeObject } from '../../store/types.js';
import type { ResourceInfo } from '../catalog.js';
import { apiErrors, ApiError } from '../errors.js';
import { objectKey, resourcePrefix } from '../keys.js';
import type { KubeObject } from '../object.js';
import type { FieldIndex } from '../selectors/field-index.js';
import type { FieldSelector } from '../selectors/fields.js';
import type { LabelSelector } from '../selectors/labels.js';

export interface Selection {
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
}

export interface ListQuery extends Selection {
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListPage {
  items: StoreEntry<KubeObject>[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, lastKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decodeContinue(raw: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as ContinueToken;
    if (token.v !== 'meta.k8s.io/v1' || typeof token.rv !== 'number' || typeof token.start !== 'string') throw new Error('bad token');
    return token;
  } catch (err) {
    throw new ApiError(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)', undefined, { cause: err });
  }
}

function parseResourceVersion(rv: string, what = 'resourceVersion'): number {
  if (!/^\d+$/.test(rv)) throw apiErrors.badRequest(`invalid ${what}: ${rv}`);
  return Number(rv);
}

export class Lister {
  constructor(
    private readonly store: Store,
    private readonly fieldIndex: FieldIndex,
  ) {}

  /** Throws 400 for field selectors the resource does not support. */
  checkFieldSelector(info: ResourceInfo, fieldSelector: FieldSelector): void {
    for (const r of fieldSelector.requirements) {
      if (!this.fieldIndex.supports(info.group, info.resource, r.field)) {
        throw apiErrors.badRequest(`field label not supported: ${r.field}`);
      }
    }
  }

  matches(info: ResourceInfo, object: KubeObject, selection: Selection): boolean {
    if (!selection.labelSelector.empty && !selection.labelSelector.matches(object.metadata?.labels)) return false;
    if (!selection.fieldSelector.empty && !selection.fieldSelector.matches(this.fieldIndex.fieldsOf(info.group, info.resource, object))) return false;
    return true;
  }

  async list(info: ResourceInfo, namespace: string | undefined, query: ListQuery): Promise<ListPage> {
    this.checkFieldSelector(info, query.fieldSelector);
    if (query.resourceVersionMatch && !query.resourceVersion) {
      throw apiErrors.badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
    }
    if (query.continue && query.resourceVersion && query.resourceVersion !== '0') {
      throw apiErrors.badRequest('specifying resource version is not allowed when using continue');
    }
    let revision: number | undefined;
    let startAfter: string | undefined;
    if (query.continue) {
      const token = decodeContinue(query.continue);
      revision = token.rv;
      startAfter = token.start.replace(/\u0000$/, '');
    } else if (query.resourceVersion && query.resourceVersionMatch === 'Exact') {
      revision = parseResourceVersion(query.resourceVersion);
    } else if (query.resourceVersion && query.resourceVersion !== '0') {
      const wanted = parseResourceVersion(query.resourceVersion);
      if (wanted > this.store.currentRevision()) {
        throw new ApiError(504, 'Timeout', `Too large resource version: ${wanted}, current: ${this.store.currentRevision()}`, {
          causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
          retryAfterSeconds: 1,
        });
      }
    }

    const entries = await this.candidates(info, namespace, query, revision);
    const listRevision = entries.revision;
    let items = entries.items;
    if (startAfter !== undefined) items = items.filter((e) => e.key > startAfter!);
    const filtered = items.filter((e) => this.matches(info, e.view, query));
    const limit = query.limit && query.limit > 0 ? query.limit : undefined;
    if (!limit || filtered.length <= limit) return { items: filtered, resourceVersion: String(listRevision) };
    const page = filtered.slice(0, limit);
    const selective = !query.labelSelector.empty || !query.fieldSelector.empty;
    const result: ListPage = {
      items: page,
      resourceVersion: String(listRevision),
      continue: encodeContinue(listRevision, page[page.length - 1]!.key),
    };
    if (!selective) result.remainingItemCount = filtered.length - limit;
    return result;
  }

  private async candidates(info: ResourceInfo, namespace: string | undefined, query: ListQuery, revision: number | undefined): Promise<{ items: StoreEntry<KubeObject>[]; revision: number }> {
    try {
      // `metadata.name=x` in one namespace is a point read (kubectl wait, rollout status, helm hooks).
      const name = query.fieldSelector.exactValue('metadata.name');
      if (name !== undefined && revision === undefined && (namespace || !info.namespaced)) {
        const current = this.store.currentRevision();
        const entry = await this.store.get<KubeObject>(objectKey(info, namespace, name));
        return { items: entry ? [entry] : [], revision: Math.max(current, entry?.revision ?? 0) };
      }
      const result = await this.store.list<KubeObject>(resourcePrefix(info, namespace), revision ? { revision } : {});
      return { items: result.items, revision: result.revision };
    } catch (err) {
      if (err instanceof StoreError && err.code === 'Expired') {
        throw apiErrors.expired(
          query.continue
            ? 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'
            : `The resourceVersion for the provided list is too old.`,
        );
      }
      throw err;
    }
  }
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ObjectWatchEvent {
  type: WatchEventType;
  entry: StoreEntry<KubeObject>;
}

/**
 * Turns store events into API watch events for one selection: an object entering the selection is
 * ADDED, leaving it is DELETED, changing inside it is MODIFIED (upstream's watch filtering).
 */
export function toWatchEvent(lister: Lister, info: ResourceInfo, event: StoreEvent<KubeObject>, selection: Selection): ObjectWatchEvent | undefined {
  const nowMatches = event.type === 'put' && lister.matches(info, event.entry.view, selection);
  const wasMatching = !!event.prev && lister.matches(info, event.prev.view, selection);
  if (event.type === 'delete') {
    if (!lister.matches(info, event.entry.view, selection)) return undefined;
    return { type: 'DELETED', entry: withRevision(event.entry, event.revision) };
  }
  if (nowMatches && wasMatching) return { type: 'MODIFIED', entry: event.entry };
  if (nowMatches) return { type: 'ADDED', entry: event.entry };
  if (wasMatching) return { type: 'DELETED', entry: event.entry };
  return undefined;
}

/** A deleted object is reported with the deletion's revision as its resourceVersion. */
function withRevision(entry: StoreEntry<KubeObject>, revision: number): StoreEntry<KubeObject> {
  if (entry.view.metadata?.resourceVersion === String(revision)) return entry;
  const stamped = (object: KubeObject): KubeObject => ({ ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } });
  return { ...entry, revision, view: stamped(entry.view), raw: JSON.stringify(stamped(wholeObject(entry))) };
}
