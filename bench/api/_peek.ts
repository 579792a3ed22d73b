import { startMeasuredVkube } from './launch.js';
import { BenchClient, credentialsFromKubeconfig } from './client.js';
import { createNamespace, createPods, reportPodsRunning } from './workloads.js';
const v = await startMeasuredVkube(undefined);
const c = new BenchClient(await credentialsFromKubeconfig(v.kubeconfig), 4);
try {
  await createNamespace(c, 'p');
  const r = await createPods(c, 'p', 1, 1);
  console.log('created bytes', r.created[0]!.length);
  await reportPodsRunning(c, 'p', r.created, 1);
  const body = await c.expect(200, 'GET', '/api/v1/namespaces/p/pods/' + JSON.parse(r.created[0]!).metadata.name);
  const o = JSON.parse(body);
  console.log('total', body.length, 'managedFields', JSON.stringify(o.metadata.managedFields).length, 'spec', JSON.stringify(o.spec).length, 'status', JSON.stringify(o.status).length);
  console.log(JSON.stringify(o.metadata.managedFields).slice(0, 800));
} finally { c.close(); await v.stop(); }
