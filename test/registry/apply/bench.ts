/**
 * Rough cost of one apply/update on a realistic Deployment (3 containers, 10 env vars each) with the
 * upstream apps/v1 schema, and of a pod create's trackUpdate on the create fast path against the
 * general path. Not a test: run with `npx tsx test/registry/apply/bench.ts` (`create` for the
 * create comparison only).
 */
import { serverSideApply, trackUpdate } from '../../../src/registry/apply/index.js';
import { trackUpdateGeneral, type TrackUpdateArgs } from '../../../src/registry/apply/field-manager.js';
import { builtinSchema, defaultedBenchPod } from './create-fields-corpus.js';
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
if (process.argv[2] === 'create') {
  benchCreate();
  process.exit(0);
}
/**
 * trackUpdate for the bench's pod create (bench/api: admitted, defaulted, status reset) on both
 * paths, interleaved in rounds (the order flips each round) so drift hits both alike; the median
 * of the rounds' per-call times.
 */
function benchCreate(rounds = 15, calls = 2000) {
  const args: TrackUpdateArgs = { live: undefined, updated: defaultedBenchPod(), manager: 'bench', apiVersion: 'v1', schema: builtinSchema('v1', 'Pod'), now, resetFields: [['status']] };
  const paths: [string, (a: TrackUpdateArgs) => unknown][] = [['general', trackUpdateGeneral], ['fast', trackUpdate]];
  const times = new Map<string, number[]>(paths.map(([name]) => [name, []]));
  for (const [, fn] of paths) for (let i = 0; i < calls; i++) fn(args);
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of round % 2 === 0 ? paths : [...paths].reverse()) {
      const t = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) fn(args);
      times.get(name)!.push(Number(process.hrtime.bigint() - t) / 1e3 / calls);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [general, fast] = [median(times.get('general')!), median(times.get('fast')!)];
  console.log(`trackUpdate pod create: general ${general.toFixed(1)} µs/call, fast ${fast.toFixed(1)} µs/call (${(general / fast).toFixed(2)}x), median of ${rounds} rounds of ${calls}`);
}
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
bench('trackUpdate create (general path)', () => trackUpdateGeneral({ live: undefined, updated: dep('a', 1), manager: 'kubectl-create', apiVersion: 'apps/v1', schema, now }));
benchCreate();
