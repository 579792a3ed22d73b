/** Pod admission defaults (ServiceAccount, DefaultTolerationSeconds, Priority plugins). */
import { describe, expect, it } from 'vitest';
import { admitPod, tokenVolume } from '../../src/registry/admission/pod.js';
import type { KubeObject } from '../../src/registry/object.js';

const admitted = (spec: Record<string, unknown>): Record<string, any> => {
  const pod: KubeObject = { metadata: { name: 'p' }, spec };
  admitPod(pod, { randomSuffix: () => 'abcde' });
  return pod.spec as Record<string, any>;
};

describe('admitPod', () => {
  it('gives a plain pod what a real cluster gives it', () => {
    const spec = admitted({ initContainers: [{ name: 'i', image: 'x' }], containers: [{ name: 'c', image: 'x' }] });
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.serviceAccount).toBe('default');
    const mount = { name: 'kube-api-access-abcde', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
    expect(spec.containers[0].volumeMounts).toEqual([mount]);
    expect(spec.initContainers[0].volumeMounts).toEqual([mount]);
    expect(spec.volumes).toEqual([tokenVolume('kube-api-access-abcde')]);
    expect(spec.volumes[0].projected.sources[0]).toEqual({ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } });
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(spec.priority).toBe(0);
    expect(spec.preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('respects automountServiceAccountToken false, existing mounts and tolerations', () => {
    const off = admitted({ automountServiceAccountToken: false, serviceAccountName: 'builder', containers: [{ name: 'c', image: 'x' }] });
    expect(off.volumes).toBeUndefined();
    expect(off.containers[0].volumeMounts).toBeUndefined();
    expect(off.serviceAccount).toBe('builder');
    const own = admitted({ containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }], tolerations: [{ operator: 'Exists' }] });
    expect(own.volumes).toBeUndefined();
    expect(own.containers[0].volumeMounts).toHaveLength(1);
    expect(own.tolerations).toEqual([{ operator: 'Exists' }]);
    const partial = admitted({ containers: [{ name: 'c', image: 'x' }], tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }] });
    expect(partial.tolerations.map((t: any) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
  });

  it('sets the system priority classes and keeps an explicit preemptionPolicy', () => {
    expect(admitted({ priorityClassName: 'system-node-critical', containers: [] }).priority).toBe(2000001000);
    expect(admitted({ priorityClassName: 'system-cluster-critical', preemptionPolicy: 'Never', containers: [] })).toMatchObject({ priority: 2000000000, preemptionPolicy: 'Never' });
  });
});
