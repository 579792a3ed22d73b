/**
 * List-then-watch over the store for one key prefix, calling back with each object's key: the
 * in-process equivalent of an informer feeding a work queue. On Expired it re-lists.
 */
import type { Logger } from 'pino';
import { StoreError, type Store } from '../store/types.js';
import type { KubeObject } from '../registry/object.js';

export interface PrefixInformerOptions {
  store: Store;
  prefix: string;
  logger: Logger;
  onKey: (key: string, object: KubeObject | undefined) => void;
}

export async function runPrefixInformer(options: PrefixInformerOptions, signal: AbortSignal): Promise<void> {
  const { store, prefix, logger, onKey } = options;
  while (!signal.aborted) {
    try {
      const listed = await store.list<KubeObject>(prefix);
      for (const e of listed.items) onKey(e.key, e.view);
      for await (const event of store.watch<KubeObject>(prefix, { fromRevision: listed.revision, signal })) {
        onKey(event.key, event.type === 'delete' ? undefined : event.entry.view);
      }
    } catch (err) {
      if (signal.aborted) return;
      if (!(err instanceof StoreError && err.code === 'Expired')) {
        logger.warn({ err, prefix }, 'informer watch failed; re-listing');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}
