// End-to-end: the tenant proxy (pods log/exec/attach/portforward) of a vkube whose syncer holds
// manifests/syncer-role.yaml plus the proxy's subresource rights, against the real host from
// `hack/host-cluster.sh up`. Exec runs on a node played by our own kwok (test/proxy/helpers/
// exec-node.ts). FAILS (never skips) without a host.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Kubectl } from '../helpers/kubectl.js';
import { freePort, startVkube, waitFor, type VkubeProcess } from '../helpers/vkube-process.js';
import { EXEC_NODE_TAINT, startExecNode, type ExecNode } from '../proxy/helpers/exec-node.js';
import { credentialsOf, echoThrough, rawRequest, spawnKubectl, waitForOutput, websocketExec } from '../proxy/helpers/streams.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const adminKubeconfig = process.env.VKUBE_HOST_KUBECONFIG ?? `${repoRoot}.vkube/host/kubeconfig`;
const suffix = randomBytes(3).toString('hex');
const vc = `px${suffix}`;
const hostNamespace = `vkube-proxy-${suffix}`;
const LOG_LINES = ['vkube host: fake container log line 1', 'vkube host: fake container log line 2', 'vkube host: fake container log line 3'];

/** What the syncer needs (manifests/syncer-role.yaml) plus the proxy's subresources. */
const PROXY_RULES = [
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['pods/exec', 'pods/attach', 'pods/portforward'], verbs: ['get', 'create'] },
];

function hostKubeconfig(token: string): string {
  const admin = parse(readFileSync(adminKubeconfig, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }> };
  const cluster = admin.clusters[0]!.cluster;
  const file = join(mkdtempSync(join(tmpdir(), 'vkube-proxy-')), 'host.kubeconfig');
  writeFileSync(file, stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [{ name: 'host', cluster: { server: cluster.server, 'certificate-authority-data': cluster['certificate-authority-data'] } }],
    users: [{ name: 'syncer', user: { token } }],
    contexts: [{ name: 'host', context: { cluster: 'host', user: 'syncer', namespace: hostNamespace } }],
    'current-context': 'host',
  }));
  return file;
}

function pod(name: string, onExecNode: boolean): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'team' },
    spec: {
      containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10', ports: [{ containerPort: 8080 }] }],
      ...(onExecNode ? { nodeSelector: { 'kubernetes.io/hostname': `exec-${vc}` }, tolerations: [{ key: EXEC_NODE_TAINT, operator: 'Exists' }] } : {}),
    },
  });
}

describe('tenant proxy against the real host', () => {
  let host: Kubectl;
  let vkube: VkubeProcess;
  let execNode: ExecNode | undefined;
  const virtual = (version = '1.33'): Kubectl => new Kubectl(version, vkube.kubeconfig);

  beforeAll(async () => {
    if (!existsSync(adminKubeconfig)) throw new Error(`host kubeconfig not found at ${adminKubeconfig}: run hack/host-cluster.sh up (docs/host-cluster.md)`);
    host = new Kubectl('1.33', adminKubeconfig);
    execNode = await startExecNode(host, { repoRoot, name: `exec-${vc}`, workDir: mkdtempSync(join(tmpdir(), 'vkube-exec-node-')) });
    await host.ok(['create', 'namespace', hostNamespace]);
    await host.ok(['create', 'serviceaccount', 'vkube-syncer', '-n', hostNamespace]);
    const role = readFileSync(`${repoRoot}manifests/syncer-role.yaml`, 'utf8').replaceAll('vkube-host', hostNamespace);
    await host.ok(['apply', '-f', '-'], { stdin: role });
    await host.ok(['apply', '-f', '-'], { stdin: JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'vkube-proxy', namespace: hostNamespace }, rules: PROXY_RULES }) });
    await host.ok(['create', 'rolebinding', 'vkube-proxy', '-n', hostNamespace, '--role', 'vkube-proxy', '--serviceaccount', `${hostNamespace}:vkube-syncer`]);
    const token = (await host.ok(['create', 'token', 'vkube-syncer', '-n', hostNamespace, '--duration', '2h'])).trim();
    vkube = await startVkube({ name: vc, extraArgs: ['--host-kubeconfig', hostKubeconfig(token), '--host-namespace', hostNamespace] });
    await virtual().ok(['create', 'namespace', 'team']);
    await virtual().ok(['apply', '-f', '-'], { stdin: pod('web', false) });
    await virtual().ok(['apply', '-f', '-'], { stdin: pod('shell', true) });
    for (const name of ['web', 'shell']) {
      await waitFor(`virtual pod ${name} Running`, async () => (await virtual().run(['get', 'pod', name, '-n', 'team', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running', 60_000, 250);
    }
  }, 180_000);

  afterAll(async () => {
    await vkube?.stop();
    await execNode?.stop();
    await host?.run(['delete', 'namespace', hostNamespace, '--wait=false']);
  });

  it('kubectl logs returns the host container log with its options (1.33 and 1.27)', async () => {
    for (const version of ['1.33', '1.27']) {
      expect(await virtual(version).ok(['logs', 'web', '-n', 'team'])).toBe(`${LOG_LINES.join('\n')}\n`);
    }
    expect(await virtual().ok(['logs', 'web', '-n', 'team', '--tail=1'])).toBe(`${LOG_LINES[2]}\n`);
    expect(await virtual().ok(['logs', 'web', '-n', 'team', '--limit-bytes=11'])).toBe(LOG_LINES[0]!.slice(0, 11));
    expect(await virtual().ok(['logs', 'web', '-n', 'team', '--timestamps', '--tail=1'])).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z vkube host: fake container log line 3\n$/);
    expect(await virtual().ok(['logs', 'web', '-n', 'team', '-c', 'main', '--since=87600h'])).toBe(`${LOG_LINES.join('\n')}\n`);
    const wrongContainer = await virtual().run(['logs', 'web', '-n', 'team', '-c', 'nope']);
    expect(wrongContainer.code).not.toBe(0);
    expect(wrongContainer.stderr).toContain('nope');
    expect(wrongContainer.stderr).not.toContain(hostNamespace);
  });

  it('kubectl logs -f streams and stays open until the client leaves', async () => {
    const follow = spawnKubectl('1.33', vkube.kubeconfig, ['logs', '-f', 'web', '-n', 'team']);
    await waitForOutput(follow, LOG_LINES[2]!);
    expect(follow.output()).toBe(`${LOG_LINES.join('\n')}\n`);
    // Still following: the stream was handed through, not read to its end first.
    expect(follow.exited()).toBe(false);
    await follow.stop();
  });

  // `head -n1`, not `cat`: kwok's local exec does not pass stdin's end to the command (the same
  // hang happens straight against the host), so the command must finish on its own.
  it('kubectl exec carries stdin and stdout over WebSocket v5 (1.33) and SPDY/3.1 (1.27, 1.28)', async () => {
    for (const version of ['1.33', '1.28', '1.27']) {
      // -v=6 only writes to stderr: it is there to explain a failure (kubectl exits 0 on a cut stream).
      const exec = await virtual(version).run(['-v=6', 'exec', '-i', 'shell', '-n', 'team', '--', 'head', '-n1'], { stdin: `hello via ${version}\nnot read\n` });
      expect({ code: exec.code, stdout: exec.stdout }, exec.stderr).toEqual({ code: 0, stdout: `hello via ${version}\n` });
      expect(await virtual(version).ok(['exec', 'shell', '-n', 'team', '--', 'echo', `args ${version}`])).toBe(`args ${version}\n`);
    }
  });

  it('a failing command is reported (kwok reports exit codes as an internal error, as it does without vkube)', async () => {
    for (const version of ['1.33', '1.27']) {
      const failing = await virtual(version).run(['exec', 'shell', '-n', 'team', '--', 'sh', '-c', 'exit 3']);
      expect(failing.code).not.toBe(0);
      expect(failing.stderr).toContain('exit status 3');
    }
  });

  it('a raw WebSocket exec negotiates v5.channel.k8s.io and v4.channel.k8s.io', async () => {
    const credentials = credentialsOf(vkube.kubeconfig);
    for (const protocol of ['v5.channel.k8s.io', 'v4.channel.k8s.io']) {
      const frames = await websocketExec(credentials, '/api/v1/namespaces/team/pods/shell/exec?command=echo&command=raw-ws&stdout=true&stderr=true', protocol);
      expect(frames.protocol).toBe(protocol);
      expect(frames.channels.get(1)).toBe('raw-ws\n');
      expect(JSON.parse(frames.channels.get(3) ?? '{}')).toMatchObject({ status: 'Success' });
    }
  });

  it('kubectl port-forward reaches the host pod (1.33 WebSocket tunnel, 1.27 SPDY)', async () => {
    // The tunnelling handshake kubectl 1.31+ sends is switched through (not refused into a SPDY fallback).
    const tunnel = await rawRequest(credentialsOf(vkube.kubeconfig), '/api/v1/namespaces/team/pods/web/portforward?ports=8080', {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'SPDY/3.1+portforward.k8s.io' },
    });
    expect(tunnel.code).toBe(101);
    for (const version of ['1.33', '1.27']) {
      const port = await freePort();
      const forward = spawnKubectl(version, vkube.kubeconfig, ['port-forward', '-n', 'team', 'pod/web', `${port}:8080`]);
      try {
        await waitForOutput(forward, 'Forwarding from 127.0.0.1');
        expect(await echoThrough(port, `echo via ${version}\n`)).toBe(`echo via ${version}\n`);
      } finally {
        await forward.stop();
      }
    }
  });

  it('refuses path tricks, host names, other clusters’ pods and anonymous upgrades', async () => {
    const credentials = credentialsOf(vkube.kubeconfig);
    const hostTwin = `web-x-team-x-${vc}`;
    // A host pod in our host namespace that belongs to another virtual cluster, at the host name
    // our pod `team/stranger` would map to.
    await host.ok(['apply', '-f', '-'], { stdin: JSON.stringify({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `stranger-x-team-x-${vc}`, namespace: hostNamespace, labels: { 'vkube.io/managed-by': 'someone-else' }, annotations: { 'vkube.io/object-name': 'stranger', 'vkube.io/object-namespace': 'team', 'vkube.io/object-kind': 'Pod' } },
      spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }] },
    }) });
    await virtual().ok(['apply', '-f', '-'], { stdin: pod('stranger', false) });
    const refused = await rawRequest(credentials, '/api/v1/namespaces/team/pods/stranger/log');
    expect(refused.code).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    for (const path of [
      `/api/v1/namespaces/team/pods/${hostTwin}/log`,
      `/api/v1/namespaces/${hostNamespace}/pods/${hostTwin}/log`,
      '/api/v1/namespaces/team/pods/web%2F..%2F..%2Fkube-system%2Fpods%2Fetcd/log',
      '/api/v1/namespaces/team/pods/..%2Fweb/log',
      '/api/v1/namespaces/team%2Fpods%2Fweb/pods/web/log',
    ]) {
      const answer = await rawRequest(credentials, path);
      expect(answer.code, path).toBe(404);
      expect(JSON.parse(answer.body), path).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    }
    const upgrade = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'v5.channel.k8s.io' };
    const encoded = await rawRequest(credentials, '/api/v1/namespaces/team/pods/web%2F..%2Fx/exec?command=id&stdout=true', { headers: upgrade });
    expect(encoded.code).toBe(404);
    expect(JSON.parse(encoded.body)).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    const stranger = await rawRequest(credentials, '/api/v1/namespaces/team/pods/stranger/exec?command=id&stdout=true', { headers: upgrade });
    expect(stranger.code).toBe(403);
    const anonymous = await rawRequest(credentials, '/api/v1/namespaces/team/pods/shell/exec?command=id&stdout=true', { headers: upgrade, anonymous: true });
    expect(anonymous.code).toBe(401);
    const plain = await rawRequest(credentials, '/api/v1/namespaces/team/pods/shell/exec?command=id&stdout=true', { method: 'POST' });
    expect(plain.code).toBe(400);
  });
});
