/**
 * The foundation scenario, driven by the real kubectl 1.27 and 1.33 against `vkube serve`:
 * discovery, create/get/describe/label/annotate/delete of everyday kinds, watch, and a kill -9
 * followed by a restart that keeps everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kubectl } from '../helpers/kubectl.js';
import { startVkube, waitFor, type VkubeProcess } from '../helpers/vkube-process.js';

const VERSIONS = ['1.27', '1.33'];

let vkube: VkubeProcess;
beforeAll(async () => {
  vkube = await startVkube({ name: 'foundation' });
});
afterAll(async () => {
  await vkube?.stop();
});

describe.each(VERSIONS)('kubectl %s', (version) => {
  const ns = `found-${version.replace('.', '-')}`;
  let k: Kubectl;
  beforeAll(() => {
    k = new Kubectl(version, vkube.kubeconfig);
  });

  it('lists the API resources with short names and groups', async () => {
    const out = await k.ok(['api-resources']);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
    expect(out).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    expect(out).toMatch(/^customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false\s+CustomResourceDefinition$/m);
  });

  it('reports its version', async () => {
    const out = await k.ok(['version', '-o', 'json']);
    expect(JSON.parse(out).serverVersion.gitVersion).toBe('v1.33.13');
  });

  it('creates a namespace and everyday objects in it', async () => {
    expect(await k.ok(['create', 'namespace', ns])).toContain(`namespace/${ns} created`);
    expect(await k.ok(['-n', ns, 'create', 'configmap', 'app-config', '--from-literal=mode=prod', '--from-literal=level=3'])).toContain('configmap/app-config created');
    expect(await k.ok(['-n', ns, 'create', 'secret', 'generic', 'app-secret', '--from-literal=token=s3cr3t'])).toContain('secret/app-secret created');
    expect(await k.ok(['-n', ns, 'create', 'serviceaccount', 'builder'])).toContain('serviceaccount/builder created');
    expect(await k.ok(['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80'])).toContain('deployment.apps/web created');
    expect(await k.ok(['-n', ns, 'create', 'service', 'clusterip', 'web', '--tcp=80:8080'])).toContain('service/web created');
  });

  it('gets objects as tables, wide, yaml and jsonpath', async () => {
    const cms = await k.ok(['-n', ns, 'get', 'configmaps']);
    expect(cms).toMatch(/^NAME\s+DATA\s+AGE$/m);
    expect(cms).toMatch(/^app-config\s+2\s+\d+s$/m);
    const deploy = await k.ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'wide']);
    expect(deploy).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
    expect(deploy).toMatch(/^web\s+0\/2\s+[02]\s+0\s+\d+s\s+nginx\s+nginx:1\.27\s+app=web$/m);
    const svc = await k.ok(['-n', ns, 'get', 'svc', 'web']);
    expect(svc).toMatch(/^web\s+ClusterIP\s+10\.(9[6-9]|1[01]\d)\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s$/m);
    const secretYaml = await k.ok(['-n', ns, 'get', 'secret', 'app-secret', '-o', 'yaml']);
    expect(secretYaml).toContain(`token: ${Buffer.from('s3cr3t').toString('base64')}`);
    expect(secretYaml).toContain('type: Opaque');
    expect(secretYaml).toMatch(/uid: [0-9a-f-]{36}/);
    const replicas = await k.ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.spec.strategy.type} {.spec.template.spec.containers[0].imagePullPolicy}']);
    expect(replicas).toBe('2 RollingUpdate IfNotPresent');
    const sa = await k.ok(['-n', ns, 'get', 'sa', 'builder', '-o', 'jsonpath={.metadata.name}']);
    expect(sa).toBe('builder');
  });

  it('describes objects', async () => {
    const out = await k.ok(['-n', ns, 'describe', 'configmap', 'app-config']);
    expect(out).toMatch(/^Name:\s+app-config$/m);
    expect(out).toMatch(/^Namespace:\s+/m);
    expect(out).toContain('mode');
    const deploy = await k.ok(['-n', ns, 'describe', 'deployment', 'web']);
    expect(deploy).toMatch(/^Replicas:\s+2 desired/m);
    expect(deploy).toMatch(/^StrategyType:\s+RollingUpdate$/m);
  });

  it('labels and annotates', async () => {
    expect(await k.ok(['-n', ns, 'label', 'configmap', 'app-config', 'tier=backend'])).toContain('configmap/app-config labeled');
    expect(await k.ok(['-n', ns, 'annotate', 'configmap', 'app-config', 'owner=team-a'])).toMatch(/configmap\/app-config annotated?\n/);
    expect(await k.ok(['-n', ns, 'get', 'cm', '-l', 'tier=backend', '-o', 'name'])).toBe('configmap/app-config\n');
    expect(await k.ok(['-n', ns, 'get', 'cm', '-l', 'tier in (frontend)', '-o', 'name'])).toBe('');
    expect(await k.ok(['-n', ns, 'get', 'cm', 'app-config', '-o', 'jsonpath={.metadata.annotations.owner}'])).toBe('team-a');
    const err = await k.run(['-n', ns, 'label', 'configmap', 'app-config', 'bad key=x']);
    expect(err.code).not.toBe(0);
  });

  it('watches changes: ADDED, MODIFIED, DELETED', async () => {
    await k.ok(['-n', ns, 'create', 'configmap', 'watched', '--from-literal=a=1']);
    const watch = k.background(['-n', ns, 'get', 'configmaps', '--watch', '--output-watch-events', '--field-selector', 'metadata.name=watched']);
    await waitFor('ADDED event', async () => /ADDED\s+watched/.test(watch.output()), 20_000);
    await k.ok(['-n', ns, 'label', 'configmap', 'watched', 'step=two']);
    await waitFor('MODIFIED event', async () => /MODIFIED\s+watched/.test(watch.output()), 20_000);
    await k.ok(['-n', ns, 'delete', 'configmap', 'watched']);
    await waitFor('DELETED event', async () => /DELETED\s+watched/.test(watch.output()), 20_000);
    await watch.stop();
  });

  it('refuses bad input with upstream Status errors', async () => {
    const dup = await k.run(['-n', ns, 'create', 'configmap', 'app-config']);
    expect(dup.stderr).toContain('configmaps "app-config" already exists');
    const missing = await k.run(['-n', ns, 'get', 'configmap', 'nope']);
    expect(missing.stderr).toContain('configmaps "nope" not found');
    const badName = await k.run(['-n', ns, 'create', 'configmap', 'Bad_Name']);
    expect(badName.stderr).toContain('ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
    const noNs = await k.run(['-n', 'does-not-exist', 'create', 'configmap', 'x']);
    expect(noNs.stderr).toContain('namespaces "does-not-exist" not found');
  });

  it('deletes objects', async () => {
    expect(await k.ok(['-n', ns, 'delete', 'secret', 'app-secret'])).toContain('secret "app-secret" deleted');
    const gone = await k.run(['-n', ns, 'get', 'secret', 'app-secret']);
    expect(gone.stderr).toContain('secrets "app-secret" not found');
  });
});

describe('durability', () => {
  it('keeps every object across kill -9 and restart', async () => {
    const k = new Kubectl('1.33', vkube.kubeconfig);
    await k.ok(['create', 'namespace', 'durable']);
    for (let i = 0; i < 20; i++) await k.ok(['-n', 'durable', 'create', 'configmap', `cm-${i}`, `--from-literal=i=${i}`]);
    const before = await k.ok(['get', 'configmaps,deployments,services,secrets,serviceaccounts,namespaces', '-A', '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}/{.metadata.uid}/{.metadata.resourceVersion}{"\\n"}{end}']);
    await vkube.kill9();
    await vkube.restart();
    const after = await k.ok(['get', 'configmaps,deployments,services,secrets,serviceaccounts,namespaces', '-A', '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}/{.metadata.uid}/{.metadata.resourceVersion}{"\\n"}{end}']);
    expect(after.split('\n').sort()).toEqual(before.split('\n').sort());
    expect(before.split('\n').filter((l) => l.startsWith('ConfigMap/durable/cm-')).length).toBe(20);
    // Still writable after the restart, with a newer resourceVersion.
    await k.ok(['-n', 'durable', 'create', 'configmap', 'after-restart']);
  });

  it('deletes a namespace with everything in it', async () => {
    const k = new Kubectl('1.33', vkube.kubeconfig);
    await k.ok(['delete', 'namespace', 'durable', '--timeout=60s']);
    const gone = await k.run(['get', 'namespace', 'durable']);
    expect(gone.stderr).toContain('namespaces "durable" not found');
    expect(await k.ok(['get', 'configmaps', '-n', 'durable', '-o', 'name'])).toBe('');
  });
});
