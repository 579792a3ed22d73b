/**
 * fillGoValueStructs: the empty non-pointer structs (and null zero times) that Go's encoding/json
 * always writes, which kube-apiserver therefore stores and returns for every built-in object.
 */
import { describe, expect, it } from 'vitest';
import { fillGoValueStructs } from '../../../src/registry/builtin/go-value-structs.js';

type Json = Record<string, unknown>;

function filled(object: Json): Json {
  const copy = structuredClone(object);
  fillGoValueStructs(String(copy['apiVersion']), String(copy['kind']), copy);
  return copy;
}

describe('fillGoValueStructs', () => {
  const deployment: Json = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  };

  it.each<[string, Json, (out: Json) => unknown, unknown]>([
    ['a container gets resources: {}', deployment, (o) => (o['spec'] as Json)['template'], {
      metadata: { labels: { app: 'web' }, creationTimestamp: null },
      spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
    }],
    ['the value-struct status and strategy appear empty', deployment, (o) => [o['status'], (o['spec'] as Json)['strategy']], [{}, {}]],
    ['a set creationTimestamp is kept', deployment, (o) => (o['metadata'] as Json)['creationTimestamp'], '2026-01-01T00:00:00Z'],
    ['a Service gets status.loadBalancer', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } }, (o) => o['status'], { loadBalancer: {} }],
    ['an Event gets its references, and null times (Time and MicroTime)', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' } }, (o) => [o['involvedObject'], o['source'], o['firstTimestamp'], o['lastTimestamp'], o['eventTime']], [{}, {}, null, null, null]],
    ['present values are walked, not replaced', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: '1' } } }] }, status: { phase: 'Running' } },
      (o) => [((o['spec'] as Json)['containers'] as Json[])[0]!['resources'], o['status']], [{ limits: { cpu: '1' } }, { phase: 'Running' }]],
    ['pointer fields stay absent', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } },
      (o) => Object.keys(((o['spec'] as Json)['containers'] as Json[])[0]!).sort(), ['name', 'resources']],
    ['a ConfigMap only gets the zero creationTimestamp', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }, (o) => o, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: null }, data: { a: 'b' } }],
    ['a custom resource is left alone', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} }, (o) => o, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} }],
  ])('%s', (_name, input, pick, expected) => {
    expect(pick(filled(input))).toEqual(expected);
  });

  it('is idempotent', () => {
    const once = filled(deployment);
    expect(filled(once)).toEqual(once);
  });
});
