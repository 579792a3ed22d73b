import { describe, expect, it } from 'vitest';
import {
  generateJobSelector,
  prepareDaemonSetForCreate,
  prepareDaemonSetForUpdate,
  prepareServiceForCreate,
  prepareServiceForUpdate,
} from '../../../src/registry/defaults/index.js';

type Json = Record<string, unknown>;

describe('generateJobSelector', () => {
  it('labels the template and selects on the controller uid', () => {
    const job: Json = { metadata: { name: 'pi', uid: 'u-1' }, spec: { template: { metadata: { labels: { app: 'x', 'job-name': 'keep' } } } } };
    generateJobSelector(job);
    expect(job['spec']).toEqual({
      template: {
        metadata: {
          labels: { app: 'x', 'job-name': 'keep', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'u-1', 'batch.kubernetes.io/controller-uid': 'u-1' },
        },
      },
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
    });
  });

  it('leaves manual selectors alone', () => {
    const job: Json = { metadata: { name: 'pi', uid: 'u' }, spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } } } };
    const before = structuredClone(job);
    generateJobSelector(job);
    expect(job).toEqual(before);
  });
});

describe('Service cluster IP handling', () => {
  it('mirrors clusterIP into clusterIPs on create', () => {
    const svc: Json = { spec: { clusterIP: 'None' } };
    prepareServiceForCreate(svc);
    expect(svc['spec']).toEqual({ clusterIP: 'None', clusterIPs: ['None'] });
  });

  it('carries allocated values over on update', () => {
    const old: Json = {
      spec: { type: 'NodePort', clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'https', port: 443, nodePort: 30443 }] },
    };
    const next: Json = { spec: { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, nodePort: 30080 }] } };
    prepareServiceForUpdate(next, old);
    expect(next['spec']).toEqual({
      type: 'NodePort',
      clusterIP: '10.0.0.1',
      clusterIPs: ['10.0.0.1'],
      // 30080 is claimed by the new "https" port, so "http" does not get it back.
      ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, nodePort: 30080 }],
    });
  });

  it('resyncs clusterIPs when only clusterIP changed', () => {
    const old: Json = { spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'] } };
    const next: Json = { spec: { clusterIP: '10.0.0.2', clusterIPs: ['10.0.0.1'] } };
    prepareServiceForUpdate(next, old);
    expect((next['spec'] as Json)['clusterIPs']).toEqual(['10.0.0.2']);
  });
});

describe('DaemonSet template generation', () => {
  const annotation = 'deprecated.daemonset.template.generation';
  const ds = (image: string, generation?: string): Json => ({
    metadata: generation ? { name: 'd', annotations: { [annotation]: generation } } : { name: 'd' },
    spec: { template: { spec: { containers: [{ name: 'a', image }] } } },
  });

  it('starts at 1 and grows only when the template changes', () => {
    const created = ds('a:1');
    prepareDaemonSetForCreate(created);
    expect((created['metadata'] as Json)['annotations']).toEqual({ [annotation]: '1' });

    const relabelled = ds('a:1', '7');
    prepareDaemonSetForUpdate(relabelled, created);
    expect(((relabelled['metadata'] as Json)['annotations'] as Json)[annotation]).toBe('1');

    const changed = ds('a:2');
    prepareDaemonSetForUpdate(changed, created);
    expect(((changed['metadata'] as Json)['annotations'] as Json)[annotation]).toBe('2');
  });
});
