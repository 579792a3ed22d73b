import { describe, expect, it } from 'vitest';
import { toCachedShape } from '../../../src/syncer/host/cached-shape.js';
import { hostObjectPath, lineSplitter } from '../../../src/syncer/host/host-http.js';
import { OBJECT_KIND_ANNOTATION, SERVICE_ACCOUNT_TOKEN_KIND } from '../../../src/syncer/mappings/index.js';

describe('host objects in the informer cache', () => {
  it('drop managedFields and keep everything a reconciler reads', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'h', uid: 'u', labels: { a: 'b' }, annotations: { x: 'y' }, managedFields: [{ manager: 'kube-scheduler' }] },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] },
      status: { phase: 'Running' },
    };
    expect(toCachedShape(structuredClone(pod))).toEqual({ ...pod, metadata: { name: 'p', namespace: 'h', uid: 'u', labels: { a: 'b' }, annotations: { x: 'y' } } });
  });

  it("drop a token Secret's data but keep a synced Secret's", () => {
    const token = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 't', annotations: { [OBJECT_KIND_ANNOTATION]: SERVICE_ACCOUNT_TOKEN_KIND } }, data: { token: 'dG9r' } };
    const synced = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { [OBJECT_KIND_ANNOTATION]: 'Secret' } }, data: { key: 'dmFs' } };
    expect(toCachedShape(structuredClone(token))).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: token.metadata });
    expect(toCachedShape(structuredClone(synced))).toEqual(synced);
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
