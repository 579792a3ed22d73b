/**
 * Service accounts and RBAC through the real kubectl: `kubectl create token`, a kubeconfig holding
 * that token, `kubectl auth can-i` before and after a RoleBinding, upstream's Forbidden message,
 * escalation prevention, aggregated ClusterRoles, and tokens refused once their ServiceAccount or
 * bound pod is gone.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { Kubectl } from '../helpers/kubectl.js';
import { startVkube, waitFor, type VkubeProcess } from '../helpers/vkube-process.js';

let vkube: VkubeProcess;
let admin: Kubectl;
const VERSION = '1.33';

beforeAll(async () => {
  vkube = await startVkube({ name: 'authz' });
  admin = new Kubectl(VERSION, vkube.kubeconfig);
});
afterAll(async () => {
  await vkube?.stop();
});

/** A kubeconfig for the same cluster that authenticates with `token` only. */
async function tokenKubeconfig(name: string, token: string, version = VERSION): Promise<Kubectl> {
  const base = parseYaml(await readFile(vkube.kubeconfig, 'utf8')) as { clusters: { name: string; cluster: Record<string, string> }[] };
  const cluster = base.clusters[0]!;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: cluster.name, user: name } }],
    'current-context': name,
  };
  const path = join(vkube.dataDir, `${name}.kubeconfig`);
  await writeFile(path, stringifyYaml(config));
  return new Kubectl(version, path);
}

describe('service accounts', () => {
  it('gives every namespace a default ServiceAccount and the kube-root-ca.crt ConfigMap', async () => {
    await admin.ok(['create', 'namespace', 'sa-defaults']);
    const sa = await waitFor('default sa', async () => (await admin.run(['-n', 'sa-defaults', 'get', 'sa', 'default', '-o', 'name'])).stdout.trim() || undefined);
    expect(sa).toBe('serviceaccount/default');
    const ca = await waitFor('kube-root-ca.crt', async () => (await admin.run(['-n', 'sa-defaults', 'get', 'cm', 'kube-root-ca.crt', '-o', 'jsonpath={.data.ca\\.crt}'])).stdout || undefined);
    const kubeconfig = parseYaml(await readFile(vkube.kubeconfig, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
    expect(ca).toBe(Buffer.from(kubeconfig.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString('utf8'));
    // Deleted, they come back.
    await admin.ok(['-n', 'sa-defaults', 'delete', 'cm', 'kube-root-ca.crt']);
    await waitFor('kube-root-ca.crt again', async () => (await admin.run(['-n', 'sa-defaults', 'get', 'cm', 'kube-root-ca.crt'])).code === 0);
  });

  it('issues tokens with upstream claims through TokenRequest', async () => {
    await admin.ok(['create', 'namespace', 'tokens']);
    await admin.ok(['-n', 'tokens', 'create', 'sa', 'robot']);
    const token = (await admin.ok(['-n', 'tokens', 'create', 'token', 'robot', '--audience', 'https://kubernetes.default.svc.cluster.local', '--duration', '20m'])).trim();
    const [header, payload] = token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    expect(header.alg).toBe('ES256');
    const uid = (await admin.ok(['-n', 'tokens', 'get', 'sa', 'robot', '-o', 'jsonpath={.metadata.uid}'])).trim();
    expect(payload).toMatchObject({
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:tokens:robot',
      aud: ['https://kubernetes.default.svc.cluster.local'],
      'kubernetes.io': { namespace: 'tokens', serviceaccount: { name: 'robot', uid } },
    });
    expect(payload.exp - payload.iat).toBe(1200);
    const short = await admin.run(['-n', 'tokens', 'create', 'token', 'robot', '--duration', '5m']);
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain('may not specify a duration less than 10 minutes');
    // A token for another audience is not accepted by vkube itself.
    const foreign = (await admin.ok(['-n', 'tokens', 'create', 'token', 'robot', '--audience', 'vault'])).trim();
    const k = await tokenKubeconfig('foreign', foreign);
    expect((await k.run(['auth', 'whoami'])).stderr).toContain('Unauthorized');
  });
});

describe('RBAC', () => {
  const ns = 'rbac-e2e';
  let bot: Kubectl;
  beforeAll(async () => {
    await admin.ok(['create', 'namespace', ns]);
    await admin.ok(['-n', ns, 'create', 'sa', 'bot']);
    await admin.ok(['-n', ns, 'create', 'configmap', 'settings', '--from-literal=a=b']);
    bot = await tokenKubeconfig('bot', (await admin.ok(['-n', ns, 'create', 'token', 'bot'])).trim());
  });

  it('knows who the token is', async () => {
    const out = await bot.ok(['auth', 'whoami', '-o', 'json']);
    expect(JSON.parse(out).status.userInfo).toMatchObject({ username: `system:serviceaccount:${ns}:bot`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'] });
  });

  it('answers kubectl auth can-i before and after a RoleBinding', async () => {
    const before = await bot.run(['-n', ns, 'auth', 'can-i', 'list', 'configmaps']);
    expect(before.stdout.trim()).toBe('no');
    expect(before.code).toBe(1);
    const denied = await bot.run(['-n', ns, 'get', 'configmaps']);
    expect(denied.stderr).toContain(`Error from server (Forbidden): configmaps is forbidden: User "system:serviceaccount:${ns}:bot" cannot list resource "configmaps" in API group "" in the namespace "${ns}"`);
    // Discovery is open to every authenticated user (system:discovery).
    expect(await bot.ok(['auth', 'can-i', 'get', '/apis'])).toBe('yes\n');

    await admin.ok(['-n', ns, 'create', 'rolebinding', 'bot-view', '--clusterrole=view', `--serviceaccount=${ns}:bot`]);
    await waitFor('can-i yes', async () => (await bot.run(['-n', ns, 'auth', 'can-i', 'list', 'configmaps'])).stdout.trim() === 'yes');
    expect(await bot.ok(['-n', ns, 'get', 'configmaps', 'settings', '-o', 'jsonpath={.data.a}'])).toBe('b');
    expect((await bot.run(['-n', ns, 'auth', 'can-i', 'delete', 'configmaps'])).stdout.trim()).toBe('no');
    expect((await bot.run(['-n', 'default', 'auth', 'can-i', 'list', 'configmaps'])).stdout.trim()).toBe('no');
    // view does not include secrets.
    expect((await bot.run(['-n', ns, 'auth', 'can-i', 'get', 'secrets'])).stdout.trim()).toBe('no');
    const list = await bot.ok(['-n', ns, 'auth', 'can-i', '--list']);
    expect(list).toMatch(/^configmaps\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    // The admin can ask on the bot's behalf (SubjectAccessReview via --as is impersonation; use can-i as admin).
    expect(await admin.ok(['-n', ns, 'auth', 'can-i', 'delete', 'pods'])).toBe('yes\n');
  });

  it('picks up aggregated rules in the view role', async () => {
    expect((await bot.run(['-n', ns, 'auth', 'can-i', 'list', 'persistentvolumes'])).stdout.trim()).toBe('no');
    await admin.ok(['apply', '-f', '-'], {
      stdin: stringifyYaml({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'pv-viewer', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
        rules: [{ apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list'] }],
      }),
    });
    // A RoleBinding grants it in the namespace only (persistentvolumes are cluster-scoped, so the
    // namespaced check is what RBAC evaluates for `-n`).
    await waitFor('aggregated rule', async () => (await bot.run(['-n', ns, 'auth', 'can-i', 'list', 'persistentvolumes'])).stdout.trim() === 'yes');
    const rules = JSON.parse(await admin.ok(['get', 'clusterrole', 'view', '-o', 'jsonpath={.rules}'])) as { resources?: string[] }[];
    expect(rules.some((r) => r.resources?.includes('persistentvolumes'))).toBe(true);
    // edit and admin aggregate view too.
    await waitFor('admin aggregates view', async () => (await admin.ok(['get', 'clusterrole', 'admin', '-o', 'jsonpath={.rules}'])).includes('persistentvolumes'));
  });

  it('prevents escalation through roles and bindings', async () => {
    await admin.ok(['-n', ns, 'create', 'role', 'rbac-writer', '--verb=create,update,patch,get,list', '--resource=roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io']);
    await admin.ok(['-n', ns, 'create', 'rolebinding', 'bot-rbac', '--role=rbac-writer', `--serviceaccount=${ns}:bot`]);
    await waitFor('rbac-writer', async () => (await bot.run(['-n', ns, 'auth', 'can-i', 'create', 'roles'])).stdout.trim() === 'yes');
    const role = await bot.run(['-n', ns, 'create', 'role', 'pod-killer', '--verb=delete', '--resource=pods']);
    expect(role.code).not.toBe(0);
    expect(role.stderr).toContain(
      `roles.rbac.authorization.k8s.io "pod-killer" is forbidden: user "system:serviceaccount:${ns}:bot" (groups=["system:serviceaccounts" "system:serviceaccounts:${ns}" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}`,
    );
    // Rules it holds itself are fine.
    await bot.ok(['-n', ns, 'create', 'role', 'cm-reader', '--verb=get,list', '--resource=configmaps']);
    const binding = await bot.run(['-n', ns, 'create', 'rolebinding', 'self-admin', '--clusterrole=admin', `--serviceaccount=${ns}:bot`]);
    expect(binding.code).not.toBe(0);
    expect(binding.stderr).toContain(`rolebindings.rbac.authorization.k8s.io "self-admin" is forbidden: user "system:serviceaccount:${ns}:bot"`);
    expect(binding.stderr).toContain('is attempting to grant RBAC permissions not currently held');
    await bot.ok(['-n', ns, 'create', 'rolebinding', 'cm-readers', '--role=cm-reader', '--group=system:authenticated']);
    const dangling = await bot.run(['-n', ns, 'create', 'rolebinding', 'to-nothing', '--role=nope', `--serviceaccount=${ns}:bot`]);
    expect(dangling.code).not.toBe(0);
    expect(dangling.stderr).toContain('role.rbac.authorization.k8s.io "nope" not found');
  });

  it('rejects a token once its ServiceAccount is gone', async () => {
    await admin.ok(['-n', ns, 'create', 'sa', 'ephemeral']);
    await admin.ok(['-n', ns, 'create', 'rolebinding', 'ephemeral-view', '--clusterrole=view', `--serviceaccount=${ns}:ephemeral`]);
    const k = await tokenKubeconfig('ephemeral', (await admin.ok(['-n', ns, 'create', 'token', 'ephemeral'])).trim());
    await waitFor('ephemeral can read', async () => (await k.run(['-n', ns, 'get', 'cm', 'settings'])).code === 0);
    await admin.ok(['-n', ns, 'delete', 'sa', 'ephemeral']);
    const after = await k.run(['-n', ns, 'get', 'cm', 'settings']);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain('Unauthorized');
    // A new ServiceAccount of the same name has another uid: the old token stays refused.
    await admin.ok(['-n', ns, 'create', 'sa', 'ephemeral']);
    expect((await k.run(['-n', ns, 'get', 'cm', 'settings'])).stderr).toContain('Unauthorized');
  });

  it('rejects a pod-bound token once the pod is gone', async () => {
    await admin.ok(['-n', ns, 'run', 'holder', '--image=nginx', '--overrides', JSON.stringify({ spec: { serviceAccountName: 'bot' } })]);
    const token = (await admin.ok(['-n', ns, 'create', 'token', 'bot', '--bound-object-kind', 'Pod', '--bound-object-name', 'holder'])).trim();
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload['kubernetes.io'].pod.name).toBe('holder');
    const k = await tokenKubeconfig('bound', token);
    expect(await k.ok(['-n', ns, 'get', 'cm', 'settings', '-o', 'name'])).toBe('configmap/settings\n');
    await admin.ok(['-n', ns, 'delete', 'pod', 'holder', '--grace-period=0', '--force']);
    expect((await k.run(['-n', ns, 'get', 'cm', 'settings'])).stderr).toContain('Unauthorized');
  });

  it('works with the oldest kubectl too', async () => {
    const old = new Kubectl('1.27', vkube.kubeconfig);
    const token = (await old.ok(['-n', ns, 'create', 'token', 'bot'])).trim();
    const k = await tokenKubeconfig('bot-127', token, '1.27');
    expect(await k.ok(['-n', ns, 'auth', 'can-i', 'list', 'configmaps'])).toBe('yes\n');
    expect((await k.run(['-n', ns, 'auth', 'can-i', 'delete', 'deployments.apps'])).stdout.trim()).toBe('no');
  });
});

describe('default policy', () => {
  it('puts back default rules and subjects at start unless autoupdate is off', async () => {
    await admin.ok(['patch', 'clusterrole', 'system:discovery', '--type=json', '-p', '[{"op":"replace","path":"/rules","value":[]}]']);
    await admin.ok(['patch', 'clusterrolebinding', 'system:basic-user', '--type=json', '-p', '[{"op":"replace","path":"/subjects","value":[]}]']);
    await admin.ok(['annotate', 'clusterrole', 'system:public-info-viewer', 'rbac.authorization.kubernetes.io/autoupdate=false', '--overwrite']);
    await admin.ok(['patch', 'clusterrole', 'system:public-info-viewer', '--type=json', '-p', '[{"op":"replace","path":"/rules","value":[]}]']);
    await vkube.stop();
    await vkube.restart();
    const discovery = JSON.parse(await admin.ok(['get', 'clusterrole', 'system:discovery', '-o', 'jsonpath={.rules}'])) as { nonResourceURLs?: string[] }[];
    expect(discovery.flatMap((r) => r.nonResourceURLs ?? [])).toContain('/apis/*');
    expect(await admin.ok(['get', 'clusterrolebinding', 'system:basic-user', '-o', 'jsonpath={.subjects[*].name}'])).toBe('system:authenticated');
    expect(await admin.ok(['get', 'clusterrole', 'system:public-info-viewer', '-o', 'jsonpath={.rules}'])).toBe('[]');
  });
});
