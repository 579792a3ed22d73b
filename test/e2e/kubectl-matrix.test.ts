/**
 * Issue 3's "Done when": every kubectl from 1.27 to 1.33, each in its own namespace of one `vkube serve`,
 * changes objects every way kubectl can — client-side apply (3-way strategic merge), server-side apply
 * with conflicts and forced ownership, json/merge/strategic patches, edit, diff, set image, scale,
 * replace, explain, server dry-run and strict field validation — and the objects and messages afterwards
 * are the ones a real v1.33 cluster gives.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_KUBECTL_VERSIONS, Kubectl } from '../helpers/kubectl.js';
import { startVkube, type VkubeProcess } from '../helpers/vkube-process.js';
import { appV2Containers, appV2ServicePorts, containersAfterPatches, type Container, type KubeObject } from './fixtures/matrix/expected.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/matrix');
const fixture = (name: string): string => join(FIXTURES, name);

let vkube: VkubeProcess;
beforeAll(async () => {
  vkube = await startVkube({ name: 'matrix' });
});
afterAll(async () => {
  await vkube?.stop();
});

describe.each(ALL_KUBECTL_VERSIONS)('kubectl %s', (version) => {
  const ns = `matrix-${version.replace('.', '-')}`;
  let k: Kubectl;
  const getObject = async (resource: string, name: string): Promise<KubeObject> => JSON.parse(await k.ok(['-n', ns, 'get', resource, name, '-o', 'json', '--show-managed-fields'])) as KubeObject;
  const containersOf = (deployment: KubeObject): Container[] => deployment.spec?.template?.spec?.containers ?? [];

  beforeAll(async () => {
    k = new Kubectl(version, vkube.kubeconfig);
    await k.ok(['create', 'namespace', ns]);
  });

  it('applies a Deployment, Service and ConfigMap, then re-applies a changed manifest (client-side 3-way merge)', async () => {
    expect(await k.ok(['-n', ns, 'apply', '-f', fixture('app-v1.yaml')])).toBe('deployment.apps/web created\nservice/web created\nconfigmap/web-config created\n');
    expect(await k.ok(['-n', ns, 'apply', '-f', fixture('app-v2.yaml')])).toBe('deployment.apps/web configured\nservice/web configured\nconfigmap/web-config configured\n');

    const deployment = await getObject('deployment', 'web');
    expect(deployment.metadata.labels).toEqual({ app: 'web', release: 'stable' });
    expect(deployment.spec?.replicas).toBe(2);
    expect(containersOf(deployment)).toEqual(appV2Containers);
    expect(deployment.spec?.template?.metadata).toEqual({ creationTimestamp: null, labels: { app: 'web' } });
    // One Update manager owns what kubectl sent plus the defaults, never the reset status (the
    // deployment controller, running in vkube as in a real cluster, adds its own entries).
    const managedFields = deployment.metadata.managedFields ?? [];
    const clientSide = managedFields.filter((e) => e.manager === 'kubectl-client-side-apply');
    expect(clientSide.map((e) => [e.operation, e.apiVersion, e.subresource])).toEqual([['Update', 'apps/v1', undefined]]);
    expect(managedFields.filter((e) => e !== clientSide[0]).map((e) => e.manager)).toEqual(managedFields.slice(1).map(() => 'kube-controller-manager'));
    const owned = clientSide[0]!.fieldsV1 as FieldsTree;
    expect(Object.keys(owned)).toEqual(['f:metadata', 'f:spec']);
    const ownedContainers = at(owned, 'f:spec', 'f:template', 'f:spec', 'f:containers');
    expect(Object.keys(ownedContainers)).toEqual(['.', 'k:{"name":"logger"}', 'k:{"name":"nginx"}']);
    expect(ownedContainers['k:{"name":"logger"}']).toEqual({ '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {}, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {} });
    // The annotation holds exactly what was applied, with the namespace kubectl filled in.
    const [manifest] = parseAllDocuments(readFileSync(fixture('app-v2.yaml'), 'utf8')).map((d) => d.toJS() as KubeObject);
    const lastApplied = JSON.parse(deployment.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '{}') as KubeObject;
    expect(lastApplied).toEqual({ ...manifest, metadata: { ...manifest!.metadata, annotations: {}, namespace: ns } });

    const service = await getObject('service', 'web');
    expect(service.metadata.labels).toEqual({ app: 'web', release: 'stable' });
    expect(service.spec?.ports).toEqual(appV2ServicePorts);
    expect(service.spec?.selector).toEqual({ app: 'web' });
    expect(service.status).toEqual({ loadBalancer: {} });
    const configMap = await getObject('configmap', 'web-config');
    expect(configMap.data).toEqual({ mode: 'staging', debug: 'true' });

    expect(await k.ok(['-n', ns, 'apply', '-f', fixture('app-v2.yaml')])).toBe('deployment.apps/web unchanged\nservice/web unchanged\nconfigmap/web-config unchanged\n');
  });

  it('server-side applies, reports conflicts between managers as upstream does, and moves ownership on --force-conflicts', async () => {
    const apply = (file: string, ...flags: string[]) => k.run(['-n', ns, 'apply', '--server-side', ...flags, '-f', fixture(file)]);
    expect((await apply('ssa-owner.yaml')).stdout).toBe('configmap/ssa-config serverside-applied\n');
    expect((await apply('ssa-owner.yaml')).stdout).toBe('configmap/ssa-config serverside-applied\n');

    const conflict = await apply('ssa-team-b-color.yaml', '--field-manager=team-b');
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/^error: Apply failed with 1 conflict: conflict with "kubectl": \.data\.color\n/);
    expect(conflict.stderr).toContain('re-run the apply\n  command with the `--force-conflicts` flag.');
    expect((await getObject('configmap', 'ssa-config')).data).toEqual({ color: 'blue', size: 'large' });

    expect((await apply('ssa-team-b-color.yaml', '--field-manager=team-b', '--force-conflicts')).stdout).toBe('configmap/ssa-config serverside-applied\n');
    let cm = await getObject('configmap', 'ssa-config');
    expect(cm.data).toEqual({ color: 'red', size: 'large' });
    expect(ownership(cm)).toEqual([
      ['kubectl', 'Apply', { 'f:data': { 'f:size': {} }, 'f:metadata': { 'f:labels': { 'f:owner': {} } } }],
      ['team-b', 'Apply', { 'f:data': { 'f:color': {} } }],
    ]);

    // An Update manager (kubectl patch) is named with its API version; several conflicts are grouped per manager.
    await k.ok(['-n', ns, 'patch', 'configmap', 'ssa-config', '--type', 'merge', '-p', '{"data":{"size":"small"}}']);
    const twoConflicts = await apply('ssa-owner.yaml');
    expect(twoConflicts.code).toBe(1);
    expect(twoConflicts.stderr).toMatch(/^error: Apply failed with 2 conflicts: conflicts with "kubectl-patch" using v1:\n- \.data\.size\nconflicts with "team-b":\n- \.data\.color\n/);

    // A field the applier stops applying, owned by no one else, is removed.
    await apply('ssa-team-b-shape.yaml', '--field-manager=team-b');
    cm = await getObject('configmap', 'ssa-config');
    expect(cm.data).toEqual({ shape: 'round', size: 'small' });
    expect(ownership(cm)).toEqual([
      ['kubectl', 'Apply', { 'f:metadata': { 'f:labels': { 'f:owner': {} } } }],
      ['team-b', 'Apply', { 'f:data': { 'f:shape': {} } }],
      ['kubectl-patch', 'Update', { 'f:data': { 'f:size': {} } }],
    ]);
  });

  it('patches with --type json (including a failing test op), --type merge and strategic merge with $patch: delete', async () => {
    expect(await k.ok(['-n', ns, 'patch', 'deployment', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3},{"op":"add","path":"/metadata/labels/patched","value":"json"}]'])).toBe('deployment.apps/web patched\n');
    const failedTest = await k.run(['-n', ns, 'patch', 'deployment', 'web', '--type', 'json', '-p', '[{"op":"test","path":"/spec/replicas","value":9},{"op":"replace","path":"/spec/replicas","value":4}]']);
    expect(failedTest.code).toBe(1);
    expect(failedTest.stderr).toContain('The request is invalid: the server rejected our request due to an error in our request');
    expect((await getObject('deployment', 'web')).spec?.replicas).toBe(3);

    await k.ok(['-n', ns, 'patch', 'deployment', 'web', '--type', 'merge', '-p', '{"metadata":{"labels":{"release":null,"merged":"yes"}}}']);
    expect(await k.ok(['-n', ns, 'patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"logger","$patch":"delete"},{"name":"nginx","env":[{"name":"EXTRA","value":"1"}]}]}}}}'])).toBe('deployment.apps/web patched\n');
    // A ConfigMap, which no controller writes between kubectl's GET and PATCH.
    const noChange = await k.ok(['-n', ns, 'patch', 'configmap', 'web-config', '--type', 'merge', '-p', '{"data":{"mode":"staging"}}']);
    expect(noChange).toBe('configmap/web-config patched (no change)\n');

    const deployment = await getObject('deployment', 'web');
    expect(deployment.metadata.labels).toEqual({ app: 'web', patched: 'json', merged: 'yes' });
    expect(containersOf(deployment)).toEqual(containersAfterPatches);
  });

  it('edits non-interactively through $EDITOR', async () => {
    const out = await k.ok(['-n', ns, 'edit', 'deployment', 'web'], { env: { EDITOR: `sh ${fixture('edit-replicas.sh')}`, MATRIX_EDIT_REPLICAS: '5' } });
    expect(out).toBe('deployment.apps/web edited\n');
    const deployment = await getObject('deployment', 'web');
    expect(deployment.spec?.replicas).toBe(5);
    expect(deployment.metadata.labels).toEqual({ app: 'web', patched: 'json', merged: 'yes', edited: 'true' });
  });

  it('diffs a manifest against the live objects (exit 1 with a diff, exit 0 when equal)', async () => {
    const changed = await k.run(['-n', ns, 'diff', '-f', fixture('app-v2.yaml')]);
    expect(changed.stderr).toBe('');
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^-  replicas: 5$/m);
    expect(changed.stdout).toMatch(/^\+  replicas: 2$/m);
    expect(changed.stdout).toMatch(/^\+    release: stable$/m);
    expect(changed.stdout).toMatch(/^\+      - image: fluent\/fluent-bit:3\.0$/m);
    expect(changed.stdout).toMatch(/^-  generation: 5$/m);
    expect(changed.stdout).toMatch(/^\+  generation: 6$/m);
    expect(changed.stdout).not.toContain('Service');
    expect(changed.stdout).not.toContain('ConfigMap');

    const configMapOnly = readFileSync(fixture('app-v2.yaml'), 'utf8').split(/^---$/m)[2]!;
    const equal = await k.run(['-n', ns, 'diff', '-f', '-'], { stdin: configMapOnly });
    expect(equal).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('sets an image and scales', async () => {
    expect(await k.ok(['-n', ns, 'set', 'image', 'deployment/web', 'nginx=nginx:1.28'])).toBe('deployment.apps/web image updated\n');
    expect(await k.ok(['-n', ns, 'scale', 'deployment', 'web', '--replicas=7'])).toBe('deployment.apps/web scaled\n');
    const stale = await k.run(['-n', ns, 'scale', 'deployment', 'web', '--current-replicas=2', '--replicas=1']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe('error: Expected replicas to be 2, was 7\n');
    const deployment = await getObject('deployment', 'web');
    expect(deployment.spec?.replicas).toBe(7);
    expect(containersOf(deployment).map((c) => c.image)).toEqual(['nginx:1.28']);
    expect(deployment.metadata.generation).toBe(7);
  });

  it('replaces an object, and refuses a replace from a stale resourceVersion', async () => {
    const live = await k.ok(['-n', ns, 'get', 'configmap', 'web-config', '-o', 'yaml']);
    const edited = live.replace('mode: staging', 'mode: replaced');
    expect(await k.ok(['-n', ns, 'replace', '-f', '-'], { stdin: edited })).toBe('configmap/web-config replaced\n');
    expect((await getObject('configmap', 'web-config')).data).toEqual({ mode: 'replaced', debug: 'true' });

    const stale = await k.run(['-n', ns, 'replace', '-f', '-'], { stdin: edited.replace('mode: replaced', 'mode: stale') });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe('Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "web-config": the object has been modified; please apply your changes to the latest version and try again\n');
  });

  it('explains pod.spec.containers from OpenAPI v3 and v2', async () => {
    const v3 = await k.ok(['explain', 'pod.spec.containers']);
    expect(v3).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>\n/);
    expect(v3).toContain('List of containers belonging to the pod.');
    expect(v3).toMatch(/^ {2}image\t<string>$/m);
    expect(v3).toMatch(/^ {2}name\t<string> -required-$/m);
    expect(v3).toMatch(/^ {2}ports\t<\[\]ContainerPort>$/m);
    const v2 = await k.ok(['explain', 'pod.spec.containers', '--output=plaintext-openapiv2']);
    expect(v2).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nRESOURCE: containers <\[\]Object>\n/);
    expect(v2).toMatch(/^ {3}image\t<string>$/m);
    expect(v2).toMatch(/^ {3}name\t<string> -required-$/m);
  });

  it('creates with --dry-run=server: the defaulted object comes back, nothing is stored', async () => {
    const out = await k.ok(['-n', ns, 'create', 'deployment', 'dry', '--image=nginx:1.27', '--dry-run=server', '-o', 'json']);
    const dry = JSON.parse(out) as KubeObject;
    expect(dry.metadata.name).toBe('dry');
    expect(dry.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(dry.metadata.generation).toBe(1);
    expect(dry.metadata.resourceVersion).toBeUndefined();
    expect(dry.spec?.replicas).toBe(1);
    expect(dry.spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(containersOf(dry)).toEqual([{ name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }]);
    const yamlOut = await k.ok(['-n', ns, 'create', 'deployment', 'dry', '--image=nginx:1.27', '--dry-run=server', '-o', 'yaml']);
    expect(yamlOut).toMatch(/^kind: Deployment$/m);
    const get = await k.run(['-n', ns, 'get', 'deployment', 'dry']);
    expect(get.code).toBe(1);
    expect(get.stderr).toBe('Error from server (NotFound): deployments.apps "dry" not found\n');
  });

  it('rejects an unknown field with --validate=strict and warns with --validate=warn', async () => {
    const strict = await k.run(['-n', ns, 'apply', '--validate=strict', '-f', fixture('unknown-field.yaml')]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(`Error from server (BadRequest): error when creating "${fixture('unknown-field.yaml')}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"\n`);
    expect((await k.run(['-n', ns, 'get', 'deployment', 'strict'])).code).toBe(1);

    const warn = await k.run(['-n', ns, 'apply', '--validate=warn', '-f', fixture('unknown-field.yaml')]);
    expect(warn.code).toBe(0);
    expect(warn.stderr).toBe('Warning: unknown field "spec.foo"\n');
    expect(warn.stdout).toBe('deployment.apps/strict created\n');
  });
});

/** [manager, operation, fieldsV1] of each managedFields entry, in the stored order. */
function ownership(object: KubeObject): [string, string, unknown][] {
  return (object.metadata.managedFields ?? []).map((entry) => [entry.manager, entry.operation, entry.fieldsV1]);
}

interface FieldsTree {
  [key: string]: FieldsTree;
}

/** The subtree of a FieldsV1 at `keys` (empty when absent). */
function at(tree: FieldsTree, ...keys: string[]): FieldsTree {
  return keys.reduce<FieldsTree>((node, key) => node[key] ?? {}, tree);
}
