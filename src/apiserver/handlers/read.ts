/** GET and LIST, rendered as the object(s), a Table, or PartialObjectMetadata as the client asked. */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ResourceInfo } from '../../registry/catalog.js';
import { apiErrors } from '../../registry/errors.js';
import type { ListPage } from '../../registry/generic/list-watch.js';
import type { KubeObject } from '../../registry/object.js';
import { wholeObject, type StoreEntry } from '../../store/types.js';
import { parseFieldSelector } from '../../registry/selectors/fields.js';
import { parseLabelSelector, SelectorParseError } from '../../registry/selectors/labels.js';
import { apiVersionOf } from '../../registry/object.js';
import { servedJson } from '../../registry/crd/versions.js';
import { negotiateObjectView, parseAccept, type ObjectView } from '../negotiation.js';
import { parseIncludeObject, partialObjectMetadata, partialObjectMetadataList } from '../table.js';
import { sendJson, type ApiContext, type HandlerRequest } from './context.js';

export function objectViewOf(req: HandlerRequest, list: boolean): ObjectView {
  const accept = req.headers.accept;
  const view = negotiateObjectView(parseAccept(Array.isArray(accept) ? accept.join(',') : accept), list);
  if (!view) throw apiErrors.notAcceptable(`only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  return view;
}

export function selectionOf(query: URLSearchParams): { labelSelector: ReturnType<typeof parseLabelSelector>; fieldSelector: ReturnType<typeof parseFieldSelector> } {
  try {
    return { labelSelector: parseLabelSelector(query.get('labelSelector') ?? undefined), fieldSelector: parseFieldSelector(query.get('fieldSelector') ?? undefined) };
  } catch (err) {
    if (err instanceof SelectorParseError) throw apiErrors.badRequest(`unable to parse requirement: ${err.message}`);
    throw err;
  }
}

export async function handleGet(ctx: ApiContext, req: HandlerRequest, reply: FastifyReply): Promise<void> {
  const view = objectViewOf(req, false);
  const entry = await ctx.registry.get(req.info, req.ri.namespace, req.ri.name!);
  renderObject(ctx, req.info, entry, view, req.query, reply, 200);
}

/** Sends one object in the negotiated view. */
export function renderObject(ctx: ApiContext, info: ResourceInfo, entry: StoreEntry<KubeObject>, view: ObjectView, query: URLSearchParams, reply: FastifyReply, code: number): void {
  if (view.as === 'object') {
    sendJson(reply, code, servedJson(info, entry));
  } else if (view.as === 'PartialObjectMetadata') {
    sendJson(reply, code, partialObjectMetadata(wholeObject(entry), view.version));
  } else {
    const object = wholeObject(entry);
    const table = ctx.tables.toTable(info, [object], { resourceVersion: object.metadata.resourceVersion ?? '' }, {
      version: view.version,
      includeObject: parseIncludeObject(query.get('includeObject') ?? undefined),
      headers: true,
      now: ctx.clock.now(),
    });
    sendJson(reply, code, table);
  }
}

export async function handleList(ctx: ApiContext, req: HandlerRequest, reply: FastifyReply): Promise<void> {
  const view = objectViewOf(req, true);
  const q = req.query;
  const limit = q.get('limit');
  const page = await ctx.lister.list(req.info, req.ri.namespace, {
    ...selectionOf(q),
    limit: limit ? Number(limit) : undefined,
    continue: q.get('continue') ?? undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
  });
  sendJson(reply, 200, renderList(ctx, req.info, page, view, q));
}

function listMeta(page: ListPage): { resourceVersion: string; continue?: string; remainingItemCount?: number } {
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: page.resourceVersion };
  if (page.continue) meta.continue = page.continue;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  return meta;
}

/**
 * UTF-8 bytes of a stored entry, kept while the entry is alive: entries are immutable (a write makes a
 * new one), so repeated large LISTs copy bytes instead of encoding 50 MB of text each time.
 */
const encodedEntries = new WeakMap<StoreEntry<KubeObject>, Buffer>();

function encodedRaw(entry: StoreEntry<KubeObject>): Buffer {
  let bytes = encodedEntries.get(entry);
  if (!bytes) {
    bytes = Buffer.from(entry.raw);
    encodedEntries.set(entry, bytes);
  }
  return bytes;
}

/** Lists at least this long are streamed in chunks. */
const LARGE_LIST = 256;
/** Chunk size of a streamed list: large enough for few TLS writes, small enough to pipeline. */
const LIST_CHUNK_BYTES = 1 << 20;

export function renderList(ctx: ApiContext, info: ResourceInfo, page: ListPage, view: ObjectView, query: URLSearchParams): string | Readable {
  const meta = listMeta(page);
  if (view.as === 'Table') {
    const objects = page.items.map((e) => wholeObject(e));
    return JSON.stringify(
      ctx.tables.toTable(info, objects, meta, { version: view.version, includeObject: parseIncludeObject(query.get('includeObject') ?? undefined), headers: query.get('noHeaders') !== 'true', now: ctx.clock.now() }),
    );
  }
  if (view.as === 'PartialObjectMetadata') return JSON.stringify(partialObjectMetadataList(page.items.map((e) => wholeObject(e)), meta, view.version));
  // Custom resources answer in the version asked for (conversion None).
  if (info.custom) page = { ...page, items: page.items.map((e) => ({ ...e, raw: servedJson(info, e) })) };
  const head = `{"kind":${JSON.stringify(info.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(info.group, info.version))},"metadata":${JSON.stringify(meta)},"items":[`;
  if (page.items.length < LARGE_LIST) return `${head}${page.items.map((e) => e.raw).join(',')}]}`;
  // Large lists are streamed from the stored JSON bytes in ~1 MiB chunks: no 50 MB body is built
  // (its allocation and copy cost more than the TLS encryption), and the client decodes the first
  // chunks while later ones are still being encrypted. The page is an immutable snapshot.
  return Readable.from(listChunks(head, page.items), { objectMode: false });
}

function* listChunks(head: string, items: readonly StoreEntry<KubeObject>[]): Generator<Buffer> {
  const comma = Buffer.from(',');
  let parts: Buffer[] = [Buffer.from(head)];
  let size = 0;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) parts.push(comma);
    const bytes = encodedRaw(items[i]!);
    parts.push(bytes);
    size += bytes.length + 1;
    if (size >= LIST_CHUNK_BYTES) {
      yield Buffer.concat(parts);
      parts = [];
      size = 0;
    }
  }
  parts.push(Buffer.from(']}'));
  yield Buffer.concat(parts);
}
