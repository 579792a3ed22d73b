/**
 * Rough cost of one apply/update on a realistic Deployment (3 containers, 10 env vars each) with the
 * upstream apps/v1 schema. Not a test: run with `npx tsx test/registry/apply/bench.ts`.
 */
import { serverSideApply, trackUpdate } from '../../../src/registry/apply/index.js';
import { loadComponents, toFieldSchema } from './openapi-schema.js';
const schema = toFieldSchema(loadComponents('apis__apps__v1'), 'io.k8s.api.apps.v1.Deployment');
const now = new Date();
const container = (i: number, image: string) => ({ name: `c${i}`, image, ports: [{ containerPort: 8000 + i }, { containerPort: 9000 + i, protocol: 'UDP' }],
  env: Array.from({ length: 10 }, (_, k) => ({ name: `E${k}`, value: String(k) })), volumeMounts: [{ name: 'v', mountPath: `/m${i}` }],
  resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m' } }, readinessProbe: { httpGet: { path: '/', port: 8000 + i } } });
const dep = (image: string, replicas: number) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'x' }, annotations: { a: 'b' } },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [0, 1, 2].map((i) => container(i, image)), volumes: [{ name: 'v', emptyDir: {} }] } } } });
const base = serverSideApply({ live: undefined, applied: dep('a', 1), manager: 'kubectl', force: false, apiVersion: 'apps/v1', schema, now }).object as { metadata: { uid?: string }; spec: { replicas: number } };
base.metadata.uid = 'u';
function bench(name: string, fn: () => unknown) {
  for (let i = 0; i < 50; i++) fn();
  const n = 500; const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6 / n;
  console.log(`${name}: ${ms.toFixed(3)} ms/op (${Math.round(1000 / ms)} ops/s)`);
}
bench('apply create (3 containers, 10 env each)', () => serverSideApply({ live: undefined, applied: dep('a', 1), manager: 'kubectl', force: false, apiVersion: 'apps/v1', schema, now }));
bench('apply no-op re-apply', () => serverSideApply({ live: base, applied: dep('a', 1), manager: 'kubectl', force: false, apiVersion: 'apps/v1', schema, now }));
bench('apply changing images and replicas', () => serverSideApply({ live: base, applied: dep('b', 2), manager: 'kubectl', force: false, apiVersion: 'apps/v1', schema, now }));
const twoContainers = dep('a', 1);
twoContainers.spec.template.spec.containers.pop();
bench('apply dropping a container (prune)', () => serverSideApply({ live: base, applied: twoContainers, manager: 'kubectl', force: false, apiVersion: 'apps/v1', schema, now }));
const upd = structuredClone(base); upd.spec.replicas = 5;
bench('trackUpdate (scale)', () => trackUpdate({ live: base, updated: upd, manager: 'kubectl-scale', apiVersion: 'apps/v1', schema, now }));
bench('trackUpdate create', () => trackUpdate({ live: undefined, updated: dep('a', 1), manager: 'kubectl-create', apiVersion: 'apps/v1', schema, now }));
