/** The workloads against a real `vkube serve`, at toy sizes: every request must succeed and be counted. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchClient, credentialsFromKubeconfig } from './client.js';
import { startMeasuredVkube, startStaticServer, type MeasuredVkube, type StaticServer } from './launch.js';
import { measureWatchFanout } from './watch-fanout.js';
import { createConfigMaps, createNamespace, createPods, measureGet, measureList, measureUpdate, podName, reportPodsRunning } from './workloads.js';

describe('benchmark workloads against vkube', () => {
  let vkube: MeasuredVkube;
  let client: BenchClient;

  beforeAll(async () => {
    vkube = await startMeasuredVkube(undefined);
    client = new BenchClient(await credentialsFromKubeconfig(vkube.kubeconfig), 8);
    await createNamespace(client, 'pods');
    await createNamespace(client, 'cms');
    await createNamespace(client, 'watch');
  });

  afterAll(async () => {
    client?.close();
    await vkube?.stop();
  });

  it('creates pods, reports them running, lists and gets them', async () => {
    const creates = await createPods(client, 'pods', 40, 8);
    expect(creates.summary.count).toBe(40);
    const status = await reportPodsRunning(client, 'pods', creates.created, 8);
    expect(status.count).toBe(40);
    const list = await measureList(client, '/api/v1/namespaces/pods/pods', 40, 3);
    expect(list).toMatchObject({ items: 40, iterations: 3 });
    expect(list.avg_item_bytes).toBeGreaterThan(2000);
    const pod = JSON.parse(await client.expect(200, 'GET', `/api/v1/namespaces/pods/pods/${podName(7)}`)) as { status: { phase: string } };
    expect(pod.status.phase).toBe('Running');
    const get = await measureGet(client, `/api/v1/namespaces/pods/pods/${podName(7)}`, 50, 4);
    expect(get).toMatchObject({ count: 50, concurrency: 4 });
  });

  it('fails loudly when a LIST returns the wrong number of items', async () => {
    await expect(measureList(client, '/api/v1/namespaces/pods/pods', 41, 1)).rejects.toThrow('40 items, wanted 41');
  });

  it('updates configmaps with fresh resourceVersions and never conflicts', async () => {
    const versions = await createConfigMaps(client, 'cms', 10, 4);
    const update = await measureUpdate(client, 'cms', versions, 60, 4);
    expect(update.count).toBe(60);
    const cm = JSON.parse(await client.expect(200, 'GET', '/api/v1/namespaces/cms/configmaps/settings-00000')) as { metadata: { resourceVersion: string }; data: Record<string, string> };
    expect(cm.metadata.resourceVersion).toBe(versions[0]);
    expect(cm.data['settings.yaml']).toMatch(/^generation: [1-9]/);
  });

  it('delivers every event to every watcher', async () => {
    const result = await measureWatchFanout(client, { namespace: 'watch', watchers: 5, events: 20, writers: 2, drainTimeoutMs: 30_000 });
    expect(result).toMatchObject({ events_expected: 100, events_delivered: 100, complete: true });
    expect(result.latency_p99_ms).toBeGreaterThan(0);
  });

  it('measures the static reference server with the same client certificate', async () => {
    const pki = join(vkube.dataDir, 'data', 'pki');
    const reference: StaticServer = await startStaticServer(join(pki, 'serving.crt'), join(pki, 'serving.key'));
    const referenceClient = new BenchClient({ ...client.credentials, port: reference.port }, 4);
    try {
      expect(await measureGet(referenceClient, '/static', 20, 4)).toMatchObject({ count: 20, bytes: 1024 });
    } finally {
      referenceClient.close();
      await reference.stop();
    }
  });
});
