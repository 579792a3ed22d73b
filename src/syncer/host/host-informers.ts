/**
 * Host-side informers (client-node ListWatch), one per kind and host namespace, restricted to our
 * `vkube.io/managed-by` label (events excepted: the host's components write them, unlabelled).
 * A watch that fails is restarted with backoff from 1 s to 30 s, as client-node's own cache does.
 *
 * Both the list and the watch hand the cache plain JSON in its cached shape (cached-shape.ts):
 * client-node's typed list would build model objects (Date timestamps, unlike what the watch
 * gives) and keep managedFields no reconciler reads.
 */
import type { ClientRequest } from 'node:http';
import type { CacheMap, KubeConfig, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { deleteObject, ListWatch, Watch } from '../../client-node.js';
import { backPointer, MANAGED_BY_LABEL } from '../mappings/index.js';
import { toCachedShape } from './cached-shape.js';
import { decodeHostJson, HostHttp, hostObjectPath, lineSplitter } from './host-http.js';

export interface HostKind {
  /** Our short name for the kind (also the SyncKey kind of its reconciler). */
  name: string;
  apiVersion: string;
  kind: string;
  /** Watched without our label selector (host events are not ours). */
  unlabelled?: boolean;
  /**
   * Only what happens from now on matters (events): the informer lists one item to learn a
   * resourceVersion and watches from there. Listing 17,000 host events at every start was a
   * third of the restart's host listing at 10,000 pods, for objects no reconciler would read.
   */
  watchOnly?: boolean;
}

export const HOST_KINDS = {
  pods: { name: 'pods', apiVersion: 'v1', kind: 'Pod' },
  services: { name: 'services', apiVersion: 'v1', kind: 'Service' },
  configmaps: { name: 'configmaps', apiVersion: 'v1', kind: 'ConfigMap' },
  secrets: { name: 'secrets', apiVersion: 'v1', kind: 'Secret' },
  serviceaccounts: { name: 'serviceaccounts', apiVersion: 'v1', kind: 'ServiceAccount' },
  endpoints: { name: 'endpoints', apiVersion: 'v1', kind: 'Endpoints' },
  persistentvolumeclaims: { name: 'persistentvolumeclaims', apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  ingresses: { name: 'ingresses', apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  events: { name: 'events', apiVersion: 'v1', kind: 'Event', unlabelled: true, watchOnly: true },
} as const satisfies Record<string, HostKind>;

export type HostKindName = keyof typeof HOST_KINDS;

export type HostChangeHandler = (kind: HostKindName, hostObject: KubernetesObject, deleted: boolean) => void;


type HostInformer = ListWatch<KubernetesObject>;

/** Items per page when listing: a host namespace with 10,000 pods is not one 100 MB response. */
const LIST_PAGE_SIZE = 1000;

/**
 * A host watch for client-node's ListWatch: newline-delimited WatchEvents read straight off the
 * response (client-node's Watch goes through node-fetch and readline, a third of the CPU the
 * syncer spent reading host watches), objects handed on in their cached shape. As client-node's
 * Watch does, `done` is called once, when the stream ends or fails; not after abort().
 */
class HostWatch extends Watch {
  constructor(
    kubeConfig: KubeConfig,
    private readonly http: HostHttp,
    /** The watched kind: watch events carry it, but cached shapes must not depend on that. */
    private readonly kind: string,
    private readonly onLine: (kind: string, characters: number) => void,
  ) {
    super(kubeConfig);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: KubernetesObject, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const query = new URLSearchParams({ watch: 'true' });
    for (const [key, value] of Object.entries(queryParams)) if (value !== undefined) query.set(key, String(value));
    const controller = new AbortController();
    let finished = false;
    const finish = (err: unknown): void => {
      if (finished) return;
      finished = true;
      done(err);
    };
    let request: ClientRequest;
    try {
      request = await this.http.openStream(`${path}?${query}`);
    } catch (err) {
      finish(err);
      return controller;
    }
    controller.signal.addEventListener('abort', () => {
      finished = true;
      request.destroy();
    });
    request.once('error', finish);
    request.once('response', (response) => {
      response.setEncoding('utf8');
      if (response.statusCode !== 200) {
        let text = '';
        response.on('data', (chunk: string) => (text += chunk));
        response.once('end', () => finish(Object.assign(new Error(`host watch ${path}: HTTP ${response.statusCode}: ${text.slice(0, 300)}`), { statusCode: response.statusCode })));
        return;
      }
      response.on(
        'data',
        lineSplitter((line) => {
          this.onLine(this.kind, line.length);
          const event = decodeHostJson(line) as { type: string; object: KubernetesObject } | undefined;
          if (event === undefined) return; // as client-node's Watch: an undecodable line is skipped
          callback(event.type, event.type === 'ERROR' ? event.object : toCachedShape(event.object, this.kind), event);
        }),
      );
      response.once('error', finish);
      response.once('end', () => finish(null));
      response.once('close', () => finish(null));
    });
    return controller;
  }
}

/**
 * Drops one object from a ListWatch's cache, if it is still at `resourceVersion`, without calling
 * the delete callbacks. client-node's ListWatch has no way to do that, so its cache map (the
 * `objects` member, client-node 1.4) is changed with the function client-node itself applies on a
 * watch DELETED. False when the object was not dropped.
 */
export function dropCached(informer: ListWatch<KubernetesObject>, namespace: string, name: string, resourceVersion: string | undefined): boolean {
  const cached = informer.get(name, namespace);
  if (!cached || cached.metadata?.resourceVersion !== resourceVersion) return false;
  const objects = (informer as unknown as { objects?: unknown }).objects;
  if (!(objects instanceof Map)) return false;
  deleteObject(objects as CacheMap<KubernetesObject>, cached);
  return true;
}

/** A paged LIST of one collection as plain JSON, items in their cached shape. */
async function listCollection(http: HostHttp, path: string, kind: string, labelSelector: string | undefined, watchOnly = false): Promise<KubernetesListObject<KubernetesObject>> {
  const items: KubernetesObject[] = [];
  let resourceVersion = '';
  let continueToken: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(watchOnly ? 1 : LIST_PAGE_SIZE) });
    if (labelSelector) query.set('labelSelector', labelSelector);
    if (continueToken) query.set('continue', continueToken);
    // Plain JSON: the list metadata's key is `continue` (client-node's model calls it `_continue`).
    const response = await http.request('GET', `${path}?${query}`);
    // client-node's ListWatch restarts on errors carrying statusCode (410: list again).
    if (response.statusCode !== 200) throw Object.assign(new Error(`host list ${path}: HTTP ${response.statusCode}: ${response.text.slice(0, 300)}`), { statusCode: response.statusCode });
    const page = response.body as { items: KubernetesObject[]; metadata?: { resourceVersion?: string; continue?: string } };
    if (watchOnly) return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: page.metadata?.resourceVersion ?? '' }, items: [] };
    // List items carry no kind: it is passed.
    for (const item of page.items) items.push(toCachedShape(item, kind));
    resourceVersion = page.metadata?.resourceVersion ?? '';
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken);
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion }, items };
}

export interface NodeUsage {
  pods: number;
  /** status.hostIP of the last of those pods that reported one. */
  hostIP?: string;
}

/** What reconcilers read from the host side (HostInformers; a map in unit tests). */
export interface HostCache {
  get<T extends KubernetesObject>(kind: HostKindName, namespace: string, name: string): T | undefined;
  list<T extends KubernetesObject>(kind: HostKindName): T[];
  /** How many of our host pods run on `nodeName`, and the node's IP as those pods report it. */
  nodeUsage(nodeName: string): NodeUsage;
  namespaces(): string[];
  /**
   * A watch-only kind's object (a host event) is done with: dropped from the cache unless a newer
   * version has arrived since. A change to it arrives on the watch whole and is cached again.
   */
  release(kind: HostKindName, namespace: string, name: string, resourceVersion: string | undefined): void;
  watchNamespace(namespace: string): Promise<void>;
  unwatchNamespace(namespace: string): Promise<void>;
}

export class HostInformers implements HostCache {
  private readonly byNamespace = new Map<string, Map<HostKindName, HostInformer>>();
  private readonly handlers: HostChangeHandler[] = [];
  /**
   * Per node: our pods on it and the host IP they report. Every host pod event queues its node,
   * so a node reconcile must not scan the pods (at 10,000 pods on a few nodes it was quadratic).
   */
  private readonly usageByNode = new Map<string, { pods: Set<string>; hostIP?: string }>();
  /** `namespace/name` → the nodeName it is counted under. */
  private readonly nodeOfPod = new Map<string, string>();
  private readonly http: HostHttp;
  private stopped = false;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly virtualClusterName: string,
    private readonly logger: Logger,
    /** Called per watch line received (kind, characters): what the host streams to us. */
    private readonly onWatchLine: (kind: string, characters: number) => void = () => undefined,
  ) {
    this.http = new HostHttp(kubeConfig);
    this.onChange((kind, hostObject, deleted) => {
      if (kind === 'pods') this.indexPod(hostObject, deleted);
    });
  }

  onChange(handler: HostChangeHandler): void {
    this.handlers.push(handler);
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }

  /** Starts the informers of one host namespace; resolves once each has listed. */
  async watchNamespace(namespace: string): Promise<void> {
    if (this.byNamespace.has(namespace) || this.stopped) return;
    const informers = new Map<HostKindName, HostInformer>();
    this.byNamespace.set(namespace, informers);
    const startedAt = Date.now();
    const started: Promise<void>[] = [];
    for (const name of Object.keys(HOST_KINDS) as HostKindName[]) {
      const informer = this.makeKindInformer(HOST_KINDS[name], namespace);
      informers.set(name, informer);
      started.push(this.startWithRetry(informer, name, namespace).then(() => this.logger.debug({ hostNamespace: namespace, kind: name, objects: informer.list().length, ms: Date.now() - startedAt }, 'host informer listed')));
    }
    await Promise.all(started);
    this.logger.info({ hostNamespace: namespace, ms: Date.now() - startedAt }, 'host informers listed');
  }

  async unwatchNamespace(namespace: string): Promise<void> {
    const informers = this.byNamespace.get(namespace);
    if (!informers) return;
    this.byNamespace.delete(namespace);
    await Promise.all([...informers.values()].map((i) => i.stop()));
    for (const key of [...this.nodeOfPod.keys()]) if (key.startsWith(`${namespace}/`)) this.unindexPod(key);
  }

  get<T extends KubernetesObject>(kind: HostKindName, namespace: string, name: string): T | undefined {
    return this.byNamespace.get(namespace)?.get(kind)?.get(name, namespace) as T | undefined;
  }

  /** Host events: at 10,000 pods, 17,000 of them held 9.8 MB, every one kept after it was mirrored. */
  release(kind: HostKindName, namespace: string, name: string, resourceVersion: string | undefined): void {
    if (!(HOST_KINDS[kind] as HostKind).watchOnly) return;
    const informer = this.byNamespace.get(namespace)?.get(kind);
    if (informer) dropCached(informer, namespace, name, resourceVersion);
  }

  list<T extends KubernetesObject>(kind: HostKindName): T[] {
    const out: T[] = [];
    for (const informers of this.byNamespace.values()) out.push(...((informers.get(kind)?.list() ?? []) as T[]));
    return out;
  }

  nodeUsage(nodeName: string): NodeUsage {
    const usage = this.usageByNode.get(nodeName);
    return usage ? { pods: usage.pods.size, ...(usage.hostIP ? { hostIP: usage.hostIP } : {}) } : { pods: 0 };
  }

  private indexPod(hostPod: KubernetesObject, deleted: boolean): void {
    const key = `${hostPod.metadata?.namespace}/${hostPod.metadata?.name}`;
    const pod = hostPod as { spec?: { nodeName?: string }; status?: { hostIP?: string } };
    const nodeName = deleted || !backPointer(hostPod) ? undefined : pod.spec?.nodeName;
    if (this.nodeOfPod.get(key) !== nodeName) this.unindexPod(key);
    if (!nodeName) return;
    let usage = this.usageByNode.get(nodeName);
    if (!usage) this.usageByNode.set(nodeName, (usage = { pods: new Set() }));
    usage.pods.add(key);
    if (pod.status?.hostIP) usage.hostIP = pod.status.hostIP;
    this.nodeOfPod.set(key, nodeName);
  }

  private unindexPod(key: string): void {
    const nodeName = this.nodeOfPod.get(key);
    if (nodeName === undefined) return;
    this.nodeOfPod.delete(key);
    const usage = this.usageByNode.get(nodeName)!;
    usage.pods.delete(key);
    if (usage.pods.size === 0) this.usageByNode.delete(nodeName);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.byNamespace.keys()].map((ns) => this.unwatchNamespace(ns)));
  }

  private makeKindInformer(kind: HostKind, namespace: string): HostInformer {
    const labelSelector = kind.unlabelled ? undefined : `${MANAGED_BY_LABEL}=${this.virtualClusterName}`;
    const path = hostObjectPath({ apiVersion: kind.apiVersion, kind: kind.kind, namespace }, false);
    const informer = new ListWatch(path, new HostWatch(this.kubeConfig, this.http, kind.kind, this.onWatchLine), () => listCollection(this.http, path, kind.kind, labelSelector, kind.watchOnly), false, labelSelector);
    const name = kind.name as HostKindName;
    const emit = (deleted: boolean) => (o: KubernetesObject) => {
      for (const h of this.handlers) h(name, o, deleted);
    };
    informer.on('add', emit(false));
    informer.on('update', emit(false));
    informer.on('delete', emit(true));
    return informer;
  }

  /**
   * Starts the informer and resolves once it has listed. client-node reports list and watch
   * failures through 'error' and stops; we start it again with backoff, for ever.
   */
  private startWithRetry(informer: HostInformer, kind: HostKindName, namespace: string): Promise<void> {
    let failures = 0;
    const current = (): boolean => !this.stopped && this.byNamespace.get(namespace)?.get(kind) === informer;
    return new Promise<void>((resolve) => {
      const attempt = (): void => {
        if (!current()) return resolve();
        informer.start().then(
          () => {
            if (informer.latestResourceVersion() !== '') {
              failures = 0;
              resolve();
            }
          },
          () => undefined,
        );
      };
      informer.on('error', (err: unknown) => {
        if (!current()) return resolve();
        failures++;
        const delay = Math.min(1000 * 2 ** Math.min(failures - 1, 5), 30_000);
        if (failures === 1) this.logger.warn({ err, kind, hostNamespace: namespace, retryInMs: delay }, 'host list/watch failed; restarting with backoff');
        setTimeout(attempt, delay);
      });
      attempt();
    });
  }
}
