/**
 * WATCH: newline-delimited WatchEvents over a chunked response. Supports initial events (RV unset
 * or "0"), watch-list (`sendInitialEvents=true` ends its snapshot with a bookmark annotated
 * `k8s.io/initial-events-end`), periodic bookmarks, `timeoutSeconds`, selectors with enter/leave
 * transitions, Table and PartialObjectMetadata views, and 410 Expired for revisions out of window.
 */
import type { FastifyReply } from 'fastify';
import { StoreError, wholeObject, type StoreEntry } from '../../store/types.js';
import { apiErrors } from '../../registry/errors.js';
import { toWatchEvent, type Selection } from '../../registry/generic/list-watch.js';
import { resourcePrefix } from '../../registry/keys.js';
import { apiVersionOf, type KubeObject } from '../../registry/object.js';
import { servedJson } from '../../registry/crd/versions.js';
import { parseIncludeObject, partialObjectMetadata } from '../table.js';
import type { ObjectView } from '../negotiation.js';
import { queryFlag, type ApiContext, type HandlerRequest } from './context.js';
import { objectViewOf, selectionOf } from './read.js';

const BOOKMARK_INTERVAL_MS = 30_000;
/** Without timeoutSeconds upstream picks a random 30–60 minute lifetime; so do we. */
const DEFAULT_TIMEOUT_S = () => 1800 + Math.floor(Math.random() * 1800);

export async function handleWatch(ctx: ApiContext, req: HandlerRequest, reply: FastifyReply): Promise<void> {
  const view = objectViewOf(req, false);
  const selection: Selection = selectionOf(req.query);
  ctx.lister.checkFieldSelector(req.info, selection.fieldSelector);
  const q = req.query;
  const rv = q.get('resourceVersion') ?? '';
  if (rv && !/^\d+$/.test(rv)) throw apiErrors.badRequest(`invalid resource version: ${rv}`);
  const sendInitialEvents = q.get('sendInitialEvents');
  if (sendInitialEvents !== null && q.get('resourceVersionMatch') !== 'NotOlderThan') {
    throw apiErrors.badRequest('sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan');
  }
  const bookmarks = queryFlag(q, 'allowWatchBookmarks');
  const timeoutSeconds = q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : DEFAULT_TIMEOUT_S();
  const info = req.info;
  const apiVersion = apiVersionOf(info.group, info.version);

  const abort = new AbortController();
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  // Upstream flushes the headers at once; client-go (kubectl wait) blocks until it sees them.
  res.flushHeaders();
  res.on('close', () => abort.abort());
  const timer = setTimeout(() => abort.abort(), timeoutSeconds * 1000);
  let headersSent = false;
  let lastRevision = 0;

  const encode = (entry: StoreEntry<KubeObject>): string => {
    if (view.as === 'object') return servedJson(info, entry);
    const object = wholeObject(entry);
    if (view.as === 'PartialObjectMetadata') return JSON.stringify(partialObjectMetadata(object, view.version));
    const table = ctx.tables.toTable(info, [object], { resourceVersion: object.metadata.resourceVersion ?? '' }, {
      version: (view as Extract<ObjectView, { as: 'Table' }>).version,
      includeObject: parseIncludeObject(q.get('includeObject') ?? undefined),
      headers: !headersSent,
      now: ctx.clock.now(),
    });
    headersSent = true;
    return JSON.stringify(table);
  };
  const send = (type: string, objectJson: string): void => {
    if (!abort.signal.aborted) res.write(`{"type":"${type}","object":${objectJson}}\n`);
  };
  const bookmark = (revision: number, initialEventsEnd = false): void => {
    const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    send('BOOKMARK', JSON.stringify({ kind: info.kind, apiVersion, metadata }));
  };
  const bookmarkTimer = bookmarks ? setInterval(() => lastRevision && bookmark(lastRevision), BOOKMARK_INTERVAL_MS) : undefined;

  try {
    let fromRevision: number;
    const initial = sendInitialEvents === 'true' || rv === '' || rv === '0';
    if (initial && sendInitialEvents !== 'false') {
      const page = await ctx.lister.list(info, req.ri.namespace, { ...selection });
      for (const e of page.items) send('ADDED', encode(e));
      fromRevision = Number(page.resourceVersion);
      if (sendInitialEvents === 'true' && bookmarks) bookmark(fromRevision, true);
    } else {
      fromRevision = Number(rv || ctx.registry.store.currentRevision());
    }
    lastRevision = fromRevision;
    const events = ctx.registry.store.watch<KubeObject>(resourcePrefix(info, req.ri.namespace), { fromRevision, signal: abort.signal });
    for await (const event of events) {
      lastRevision = event.revision;
      const out = toWatchEvent(ctx.lister, info, event, selection);
      if (out) send(out.type, encode(out.entry));
    }
  } catch (err) {
    if (err instanceof StoreError && err.code === 'Expired') {
      const status = apiErrors.expired(`too old resource version: ${rv} (${ctx.registry.store.oldestRetainedRevision()})`).toStatus();
      send('ERROR', JSON.stringify(status));
    } else if (!abort.signal.aborted) {
      send('ERROR', JSON.stringify(apiErrors.internal((err as Error).message).toStatus()));
    }
  } finally {
    clearTimeout(timer);
    if (bookmarkTimer) clearInterval(bookmarkTimer);
    if (!res.writableEnded) res.end();
  }
}
