/**
 * Garbage collection through the real kubectl: background, foreground (with blockOwnerDeletion and
 * a dependent that holds its own finalizer) and orphan propagation, a Deployment deleted with
 * `--cascade=foreground`, and a custom resource owning a built-in object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { Kubectl } from '../helpers/kubectl.js';
import { startVkube, waitFor, type VkubeProcess } from '../helpers/vkube-process.js';

let vkube: VkubeProcess;
let k: Kubectl;
const ns = 'gc-e2e';

beforeAll(async () => {
  vkube = await startVkube({ name: 'gc' });
  k = new Kubectl('1.33', vkube.kubeconfig);
  await k.ok(['create', 'namespace', ns]);
});
afterAll(async () => {
  await vkube?.stop();
});

async function uidOf(resource: string, name: string): Promise<string> {
  return (await k.ok(['-n', ns, 'get', resource, name, '-o', 'jsonpath={.metadata.uid}'])).trim();
}

async function exists(resource: string, name: string): Promise<boolean> {
  const r = await k.run(['-n', ns, 'get', resource, name, '-o', 'name']);
  if (r.code !== 0 && !r.stderr.includes('NotFound')) throw new Error(r.stderr);
  return r.code === 0;
}

async function json(resource: string, name: string): Promise<{ metadata: { deletionTimestamp?: string; finalizers?: string[]; ownerReferences?: { uid: string }[] } }> {
  return JSON.parse(await k.ok(['-n', ns, 'get', resource, name, '-o', 'json']));
}

/** A ConfigMap owned by `owner`, optionally blocking its deletion and holding a finalizer of its own. */
async function dependent(name: string, owner: { apiVersion: string; kind: string; name: string; uid: string }, options: { block?: boolean; finalizer?: string } = {}): Promise<void> {
  const metadata: Record<string, unknown> = { name, ownerReferences: [{ ...owner, blockOwnerDeletion: options.block ?? false }] };
  if (options.finalizer) metadata.finalizers = [options.finalizer];
  await k.ok(['-n', ns, 'apply', '-f', '-'], { stdin: stringifyYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { x: '1' } }) });
}

async function ownerConfigMap(name: string): Promise<{ apiVersion: string; kind: string; name: string; uid: string }> {
  await k.ok(['-n', ns, 'create', 'configmap', name]);
  return { apiVersion: 'v1', kind: 'ConfigMap', name, uid: await uidOf('configmap', name) };
}

describe('garbage collector', () => {
  it('deletes dependents after their owner in background', async () => {
    const owner = await ownerConfigMap('bg-owner');
    await dependent('bg-child-1', owner);
    await dependent('bg-child-2', owner);
    await k.ok(['-n', ns, 'delete', 'configmap', 'bg-owner']);
    expect(await exists('configmap', 'bg-owner')).toBe(false);
    await waitFor('background dependents gone', async () => !(await exists('configmap', 'bg-child-1')) && !(await exists('configmap', 'bg-child-2')));
  });

  it('keeps a dependent that still has another owner, dropping the gone one', async () => {
    const a = await ownerConfigMap('multi-a');
    const b = await ownerConfigMap('multi-b');
    await k.ok(['-n', ns, 'apply', '-f', '-'], {
      stdin: stringifyYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'multi-child', ownerReferences: [a, b] } }),
    });
    await k.ok(['-n', ns, 'delete', 'configmap', 'multi-a']);
    await waitFor('dangling reference dropped', async () => (await json('configmap', 'multi-child')).metadata.ownerReferences?.length === 1);
    expect((await json('configmap', 'multi-child')).metadata.ownerReferences![0]!.uid).toBe(b.uid);
  });

  it('deletes blocking dependents first in foreground', async () => {
    const owner = await ownerConfigMap('fg-owner');
    await dependent('fg-blocker', owner, { block: true, finalizer: 'example.com/hold' });
    await dependent('fg-free', owner);
    await k.ok(['-n', ns, 'delete', 'configmap', 'fg-owner', '--cascade=foreground', '--wait=false']);
    // The owner waits, marked, for its blocking dependent; the dependents are being deleted.
    await waitFor('blocker marked', async () => !!(await json('configmap', 'fg-blocker')).metadata.deletionTimestamp);
    await waitFor('free dependent gone', async () => !(await exists('configmap', 'fg-free')));
    const waiting = await json('configmap', 'fg-owner');
    expect(waiting.metadata.deletionTimestamp).toBeTruthy();
    expect(waiting.metadata.finalizers).toEqual(['foregroundDeletion']);
    // Releasing the dependent lets both go.
    await k.ok(['-n', ns, 'patch', 'configmap', 'fg-blocker', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await waitFor('owner gone', async () => !(await exists('configmap', 'fg-owner')));
    expect(await exists('configmap', 'fg-blocker')).toBe(false);
  });

  it('orphans dependents', async () => {
    const owner = await ownerConfigMap('orphan-owner');
    await dependent('orphan-child', owner, { block: true });
    await k.ok(['-n', ns, 'delete', 'configmap', 'orphan-owner', '--cascade=orphan']);
    await waitFor('owner gone', async () => !(await exists('configmap', 'orphan-owner')));
    const child = await json('configmap', 'orphan-child');
    expect(child.metadata.ownerReferences).toBeUndefined();
    expect(child.metadata.deletionTimestamp).toBeUndefined();
  });

  it('deletes a Deployment with --cascade=foreground after its ReplicaSets and pods', async () => {
    await k.ok(['-n', ns, 'create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
    const rs = await waitFor('replicaset', async () => (await k.ok(['-n', ns, 'get', 'rs', '-l', 'app=web', '-o', 'name'])).trim() || undefined);
    await waitFor('pods', async () => (await k.ok(['-n', ns, 'get', 'pods', '-l', 'app=web', '-o', 'name'])).trim().split('\n').filter(Boolean).length === 2);
    // A ReplicaSet made by hand and owned by the Deployment goes too (it does not match the selector).
    const deployUid = await uidOf('deployment', 'web');
    await k.ok(['-n', ns, 'apply', '-f', '-'], {
      stdin: stringifyYaml({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-by-hand', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deployUid, blockOwnerDeletion: true }] },
        spec: { replicas: 0, selector: { matchLabels: { hand: 'made' } }, template: { metadata: { labels: { hand: 'made' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      }),
    });
    expect(rs).toMatch(/^replicaset\.apps\/web-/);
    await k.ok(['-n', ns, 'delete', 'deployment', 'web', '--cascade=foreground']);
    await waitFor('deployment gone', async () => !(await exists('deployment', 'web')));
    await waitFor('replicasets gone', async () => (await k.ok(['-n', ns, 'get', 'rs', '-o', 'name'])).trim() === '');
    await waitFor('pods gone', async () => (await k.ok(['-n', ns, 'get', 'pods', '-l', 'app=web', '-o', 'name'])).trim() === '');
  });

  it('collects dependents of a custom resource', async () => {
    await k.ok(['apply', '-f', '-'], {
      stdin: stringifyYaml({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.gc.example.com' },
        spec: {
          group: 'gc.example.com',
          scope: 'Namespaced',
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
        },
      }),
    });
    await waitFor('crd served', async () => (await k.run(['-n', ns, 'get', 'gadgets'])).code === 0);
    await k.ok(['-n', ns, 'apply', '-f', '-'], { stdin: stringifyYaml({ apiVersion: 'gc.example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { size: 1 } }) });
    const owner = { apiVersion: 'gc.example.com/v1', kind: 'Gadget', name: 'g1', uid: await uidOf('gadgets', 'g1') };
    await dependent('gadget-part', owner);
    // ...and a custom resource owned by a built-in one.
    const cm = await ownerConfigMap('gadget-owner');
    await k.ok(['-n', ns, 'apply', '-f', '-'], { stdin: stringifyYaml({ apiVersion: 'gc.example.com/v1', kind: 'Gadget', metadata: { name: 'g2', ownerReferences: [cm] } }) });
    await k.ok(['-n', ns, 'delete', 'gadget', 'g1']);
    await waitFor('cr dependent gone', async () => !(await exists('configmap', 'gadget-part')));
    await k.ok(['-n', ns, 'delete', 'configmap', 'gadget-owner']);
    await waitFor('cr collected', async () => !(await exists('gadgets', 'g2')));
  });
});
