import { ListWatch, type KubernetesListObject, type KubernetesObject, type Watch } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { toCachedShape } from '../../../src/syncer/host/cached-shape.js';
import { hostObjectPath, lineSplitter, withoutManagedFields } from '../../../src/syncer/host/host-http.js';
import { dropCached } from '../../../src/syncer/host/host-informers.js';
import { OBJECT_KIND_ANNOTATION, SERVICE_ACCOUNT_TOKEN_KIND } from '../../../src/syncer/mappings/index.js';

describe('host objects in the informer cache', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'h', uid: 'u', labels: { a: 'b' }, annotations: { x: 'y' }, managedFields: [{ manager: 'kube-scheduler' }] },
    spec: {
      nodeName: 'n1',
      containers: [{ name: 'c', image: 'i', env: [{ name: 'KUBERNETES_SERVICE_HOST', value: '10.0.0.1' }], volumeMounts: [{ name: 'token', mountPath: '/var/run/secrets' }] }],
      initContainers: [{ name: 'init', image: 'j', command: ['true'] }],
      volumes: [{ name: 'token', secret: { secretName: 't' } }],
      tolerations: [{ key: 'k', operator: 'Exists' }],
      schedulingGates: [{ name: 'g' }],
      activeDeadlineSeconds: 30,
      dnsPolicy: 'None',
    },
    status: { phase: 'Running', hostIP: '10.1.0.1' },
  };
  const podShape = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'h', uid: 'u', labels: { a: 'b' }, annotations: { x: 'y' } },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }], initContainers: [{ name: 'init', image: 'j' }], tolerations: [{ key: 'k', operator: 'Exists' }], schedulingGates: [{ name: 'g' }], activeDeadlineSeconds: 30 },
    status: { phase: 'Running', hostIP: '10.1.0.1' },
  };

  it('drop managedFields, and of a pod keep the metadata, status and the updatable view of its spec', () => {
    expect(toCachedShape(structuredClone(pod), 'Pod')).toEqual(podShape);
  });

  it('trim list items by the informer kind: a list response gives its items no kind', () => {
    const { kind: _kind, ...listItem } = structuredClone(pod);
    const { kind: _shapeKind, ...itemShape } = podShape;
    expect(toCachedShape(listItem, 'Pod')).toEqual(itemShape);
  });

  it("drop a token Secret's data but keep a synced Secret's", () => {
    const token = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 't', annotations: { [OBJECT_KIND_ANNOTATION]: SERVICE_ACCOUNT_TOKEN_KIND } }, data: { token: 'dG9r' } };
    const synced = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { [OBJECT_KIND_ANNOTATION]: 'Secret' } }, data: { key: 'dmFs' } };
    expect(toCachedShape(structuredClone(token), 'Secret')).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: token.metadata });
    expect(toCachedShape(structuredClone(synced), 'Secret')).toEqual(synced);
    const { kind: _kind, ...tokenListItem } = structuredClone(token);
    expect(toCachedShape(tokenListItem, 'Secret')).toEqual({ apiVersion: 'v1', metadata: token.metadata });
  });
});

describe('host object paths', () => {
  it('name core and group kinds, namespaced and cluster-scoped', () => {
    expect(hostObjectPath({ apiVersion: 'v1', kind: 'Pod', namespace: 'h', name: 'p-x-ns-x-vc' }, true)).toBe('/api/v1/namespaces/h/pods/p-x-ns-x-vc');
    expect(hostObjectPath({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: 'h' }, false)).toBe('/apis/networking.k8s.io/v1/namespaces/h/ingresses');
    expect(hostObjectPath({ apiVersion: 'v1', kind: 'Namespace', name: 'vc-ns' }, true)).toBe('/api/v1/namespaces/vc-ns');
    expect(hostObjectPath({ apiVersion: 'v1', kind: 'Node', name: 'kwok-node-0' }, true)).toBe('/api/v1/nodes/kwok-node-0');
    expect(() => hostObjectPath({ apiVersion: 'v1', kind: 'Widget', name: 'w' }, true)).toThrow(/Widget/);
  });
});

describe('watch lines', () => {
  it('come out whole however the chunks split them, blank lines skipped', () => {
    const lines: string[] = [];
    const feed = lineSplitter((line) => lines.push(line));
    feed('{"type":"ADDED","object":{"a":');
    feed('1}}\n\n{"type":"MODIFIED"');
    expect(lines).toEqual(['{"type":"ADDED","object":{"a":1}}']);
    feed(',"object":{}}\n{"type":"DELETED","object":{}}\n{"partial"');
    expect(lines).toEqual(['{"type":"ADDED","object":{"a":1}}', '{"type":"MODIFIED","object":{}}', '{"type":"DELETED","object":{}}']);
  });
});

describe('managedFields cut from the JSON text before parsing', () => {
  const managedFields = [
    { manager: 'kwok', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {} } } } }, subresource: 'status' },
    { manager: 'odd ] } [ { " \\ \\" managers', operation: 'Update', time: '2026-12-02T00:00:00Z' },
  ];
  const withoutThem = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'managedFields' ? undefined : v)));
  const cases: Array<[string, unknown]> = [
    ['last in metadata', { type: 'MODIFIED', object: { kind: 'Pod', metadata: { name: 'p', annotations: { a: '"managedFields":[' }, managedFields }, spec: { containers: [] } } }],
    ['first in metadata', { object: { metadata: { managedFields, name: 'p' } } }],
    ['alone in metadata', { object: { metadata: { managedFields }, status: {} } }],
    ['one per list item', { kind: 'PodList', items: [{ metadata: { name: 'a', managedFields } }, { metadata: { name: 'b' } }, { metadata: { managedFields, name: 'c' } }] }],
    ['empty array', { object: { metadata: { name: 'p', managedFields: [] } } }],
  ];
  it.each(cases)('%s: parses to the object without them', (_name, value) => {
    const text = JSON.stringify(value);
    expect(JSON.parse(withoutManagedFields(text))).toEqual(withoutThem(value));
  });

  it('leaves text without the array unchanged, a label of that name included', () => {
    const text = JSON.stringify({ object: { metadata: { name: 'p', labels: { managedFields: 'x' } } } });
    expect(withoutManagedFields(text)).toBe(text);
  });

  it('leaves text it cannot follow unchanged', () => {
    for (const text of ['{"metadata":{"managedFields":[{"a":"unterminated', '{"metadata":{"managedFields":[[', '"managedFields":[]', '{"metadata":{ "managedFields":[]}}']) {
      expect(withoutManagedFields(text)).toBe(text);
    }
  });
});

describe('dropCached (client-node ListWatch, as the host event informer uses it)', () => {
  it('drops a cached object at its resourceVersion only, without delete callbacks, and caches it again when it changes', async () => {
    const event = (name: string, resourceVersion: string): KubernetesObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'h', resourceVersion } });
    let sendWatchEvent: ((phase: string, object: KubernetesObject) => void) | undefined;
    const watch = {
      async watch(_path: string, _query: unknown, callback: (phase: string, object: KubernetesObject) => void): Promise<AbortController> {
        sendWatchEvent = callback;
        return new AbortController();
      },
    } as unknown as Watch;
    const list = async (): Promise<KubernetesListObject<KubernetesObject>> => ({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '10' }, items: [event('a', '1'), event('b', '2')] });
    const informer = new ListWatch<KubernetesObject>('/api/v1/namespaces/h/events', watch, list, false);
    const deleted: string[] = [];
    const added: string[] = [];
    informer.on('delete', (o) => deleted.push(o.metadata!.name!));
    informer.on('add', (o) => added.push(o.metadata!.name!));
    await informer.start();
    expect(informer.list().map((o) => o.metadata!.name)).toEqual(['a', 'b']);

    expect(dropCached(informer, 'h', 'a', '0')).toBe(false);
    expect(informer.get('a', 'h')).toBeDefined();
    expect(dropCached(informer, 'h', 'a', '1')).toBe(true);
    expect(informer.get('a', 'h')).toBeUndefined();
    expect(informer.list().map((o) => o.metadata!.name)).toEqual(['b']);
    expect(dropCached(informer, 'h', 'missing', '1')).toBe(false);
    expect(deleted).toEqual([]);

    added.length = 0;
    sendWatchEvent!('MODIFIED', event('a', '11'));
    expect(informer.get('a', 'h')?.metadata?.resourceVersion).toBe('11');
    expect(added).toEqual(['a']);
    await informer.stop();
  });
});
