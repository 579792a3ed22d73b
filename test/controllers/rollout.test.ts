/** The Deployment controller's arithmetic (upstream deployment_util / rolling / sync). */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/registry/object.js';
import {
  findNewReplicaSet,
  isScalingEvent,
  newReplicaSetReplicas,
  oldReplicaSetScaleDowns,
  proportionalScale,
  replicaSetAnnotations,
  replicaSetsToCleanUp,
  resolveFenceposts,
} from '../../src/controllers/deployment/rollout.js';
import { computeHash, scaledValue } from '../../src/controllers/util/workload.js';

const template = (image: string, hash?: string) => ({ metadata: { labels: { app: 'a', ...(hash ? { 'pod-template-hash': hash } : {}) } }, spec: { containers: [{ name: 'c', image }] } });

function deployment(replicas: number, rolling: Record<string, unknown> = { maxSurge: '25%', maxUnavailable: '25%' }, extra: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name: 'd', annotations: { 'kubernetes.io/change-cause': 'v2', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }, spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: rolling }, template: template('v2'), revisionHistoryLimit: 2, ...extra } };
}

let seq = 0;
function rs(name: string, image: string, replicas: number, available = replicas, revision = 1, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  seq++;
  return {
    metadata: { name, creationTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() as unknown as Date, annotations: { 'deployment.kubernetes.io/revision': String(revision), 'deployment.kubernetes.io/desired-replicas': '10' }, ...extra },
    spec: { replicas, template: template(image, `h-${image}`) },
    status: { replicas, availableReplicas: available, readyReplicas: available },
  };
}

describe('fenceposts and percentages', () => {
  it('rounds maxSurge up and maxUnavailable down, never both zero', () => {
    expect(resolveFenceposts(deployment(10))).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(resolveFenceposts(deployment(1))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts(deployment(3, { maxSurge: 0, maxUnavailable: 0 }))).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(scaledValue('50%', 5, true)).toBe(3);
    expect(scaledValue('50%', 5, false)).toBe(2);
    expect(scaledValue(4, 5, false)).toBe(4);
  });
});

describe('new ReplicaSet', () => {
  it('is the one whose template matches ignoring pod-template-hash', () => {
    const old = rs('d-old', 'v1', 3);
    const fresh = rs('d-new', 'v2', 0, 0, 2);
    expect(findNewReplicaSet(deployment(3), [old, fresh])?.metadata.name).toBe('d-new');
    expect(findNewReplicaSet(deployment(3), [old])).toBeUndefined();
  });

  it('scales up only within replicas + maxSurge', () => {
    const d = deployment(10);
    const old = rs('d-old', 'v1', 10);
    expect(newReplicaSetReplicas(d, [old], undefined)).toBe(3);
    const fresh = rs('d-new', 'v2', 3, 0);
    expect(newReplicaSetReplicas(d, [old, fresh], fresh)).toBe(3);
    const shrunk = rs('d-old2', 'v1', 8);
    expect(newReplicaSetReplicas(d, [shrunk, fresh], fresh)).toBe(5);
    expect(newReplicaSetReplicas(deployment(10, {}, { strategy: { type: 'Recreate' } }), [old], undefined)).toBe(10);
  });

  it('hashes templates stably and differently per collision count', () => {
    const a = computeHash(template('v1'));
    expect(computeHash(template('v1'))).toBe(a);
    expect(computeHash(template('v2'))).not.toBe(a);
    expect(computeHash(template('v1'), 1)).not.toBe(a);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
  });
});

describe('old ReplicaSets', () => {
  it('scale down while keeping replicas - maxUnavailable available', () => {
    const d = deployment(10);
    const old = rs('d-old', 'v1', 10);
    const fresh = rs('d-new', 'v2', 3, 0);
    // 13 total, min available 8, 3 new unavailable: 13 - 8 - 3 = 2 may go.
    expect(oldReplicaSetScaleDowns(d, [old, fresh], fresh, [old])).toEqual(new Map([['d-old', 8]]));
  });

  it('remove unhealthy replicas first, oldest set first', () => {
    const d = deployment(4, { maxSurge: 1, maxUnavailable: 0 });
    const oldest = rs('d-1', 'v0', 1, 0);
    const old = rs('d-2', 'v1', 4, 4);
    const fresh = rs('d-new', 'v2', 0, 0);
    expect(oldReplicaSetScaleDowns(d, [oldest, old, fresh], fresh, [oldest, old])).toEqual(new Map([['d-1', 0]]));
  });

  it('keep revisionHistoryLimit scaled-down sets, deleting the lowest revisions', () => {
    const sets = [rs('r1', 'a', 0, 0, 1), rs('r2', 'b', 0, 0, 2), rs('r3', 'c', 0, 0, 3), rs('r4', 'e', 1, 1, 4)];
    expect(replicaSetsToCleanUp(deployment(1), sets).map((r) => r.metadata.name)).toEqual(['r1']);
  });
});

describe('scaling', () => {
  it('detects a scaling event from desired-replicas annotations', () => {
    expect(isScalingEvent(deployment(10), [rs('a', 'v2', 3)])).toBe(false);
    expect(isScalingEvent(deployment(12), [rs('a', 'v2', 3)])).toBe(true);
  });

  it('gives a single active set the whole count and shares the rest proportionally', () => {
    const fresh = rs('new', 'v2', 6);
    expect(proportionalScale(deployment(8), fresh, [rs('old', 'v1', 0)])).toEqual(new Map([['new', 8]]));
    const old = rs('old', 'v1', 4);
    const grown = proportionalScale(deployment(20, { maxSurge: 0, maxUnavailable: 1 }), fresh, [old]);
    expect([...grown.values()].reduce((a, b) => a + b, 0)).toBe(20);
    expect(grown.get('new')).toBeGreaterThan(grown.get('old')!);
  });
});

describe('annotations', () => {
  it('copies the deployment annotations except the skipped ones and records revision history', () => {
    const existing = rs('d-x', 'v2', 1, 1, 2, { annotations: { 'deployment.kubernetes.io/revision': '2' } });
    expect(replicaSetAnnotations(deployment(4), existing, 5)).toEqual({
      'kubernetes.io/change-cause': 'v2',
      'deployment.kubernetes.io/revision': '5',
      'deployment.kubernetes.io/revision-history': '2',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
  });
});
