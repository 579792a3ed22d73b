// Pure pieces of the platform CLI: names, tables, kubeconfig rewriting, error messages.
import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { renderClusterTable, shortAge } from '../../src/cli/commands/list.js';
import { localRecord, parseLocalRecord, type ClusterInfo } from '../../src/platform/clusters.js';
import { validateClusterName } from '../../src/platform/create.js';
import { PlatformError, toPlatformError } from '../../src/platform/host.js';
import { serverOf, withServer } from '../../src/platform/kubeconfig.js';
import { clusterObjects, clusterRoleName, defaultClusterSpec } from '../../src/platform/objects.js';

const session = { contextName: 'ctx', server: 'https://host:6443' };

describe('platform pieces', () => {
  it.each([
    ['a', true],
    ['team-a-1', true],
    ['x'.repeat(52), true],
    ['x'.repeat(53), false],
    ['Team', false],
    ['-a', false],
    ['a_b', false],
  ])('cluster name %s valid: %s', (name, valid) => {
    if (valid) expect(() => validateClusterName(name)).not.toThrow();
    else expect(() => validateClusterName(name)).toThrow(PlatformError);
  });

  it.each([
    [5, '5s'],
    [119, '119s'],
    [600, '10m'],
    [3 * 3600, '3h'],
    [3 * 86400, '3d'],
  ])('age of %i seconds prints as %s', (seconds, text) => {
    const now = new Date('2026-01-10T00:00:00Z');
    expect(shortAge(new Date(now.getTime() - seconds * 1000), now)).toBe(text);
  });

  it('list renders kubectl-style aligned columns', () => {
    const now = new Date('2026-01-10T00:00:00Z');
    const clusters: ClusterInfo[] = [
      { name: 'a', hostNamespace: 'team-one', mode: 'pod', syncMode: 'single', status: 'Running', createdAt: new Date(now.getTime() - 90_000), version: '0.1.0' },
      { name: 'longer-name', hostNamespace: 'ns', mode: 'local', syncMode: 'single', status: 'Paused', createdAt: new Date(now.getTime() - 7200_000), version: '0.1.0' },
    ];
    expect(renderClusterTable(clusters, now)).toBe(
      ['NAME          NAMESPACE   STATUS    AGE   VERSION   MODE', 'a             team-one    Running   90s   0.1.0     pod', 'longer-name   ns          Paused    2h    0.1.0     local', ''].join('\n'),
    );
  });

  it('withServer points every cluster of a kubeconfig at the forwarded address and keeps the rest', () => {
    const original = stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://c.ns.svc:443', 'certificate-authority-data': 'QUJD' } }], users: [{ name: 'u', user: { token: 't' } }] });
    const rewritten = withServer(original, 'https://127.0.0.1:8443');
    expect(serverOf(rewritten)).toBe('https://127.0.0.1:8443');
    expect(rewritten).toContain('certificate-authority-data: QUJD');
    expect(rewritten).toContain('token: t');
  });

  it('local records round-trip through the host ConfigMap', () => {
    const local = { hostname: 'laptop', pid: 42, port: 7443, stateDir: '/home/u/.vkube/clusters/ns/a', paused: true };
    expect(parseLocalRecord(localRecord('a', 'ns', 'single', local).data)).toEqual(local);
  });

  it('host 403s name the namespace and the way out; unreachable hosts name the server', () => {
    const forbidden = toPlatformError(new ApiException(403, 'Forbidden', JSON.stringify({ message: 'serviceaccounts is forbidden' }), {}), 'create ServiceAccount a-syncer', session, 'ns1');
    expect(forbidden.message).toBe('cannot create ServiceAccount a-syncer: you have no rights for that in namespace "ns1" on host context "ctx" (https://host:6443): serviceaccounts is forbidden');
    expect(forbidden.hint).toContain('pass -n with a namespace you own');
    const down = toPlatformError(new Error('connect ECONNREFUSED 127.0.0.1:6443'), 'list StatefulSets', session);
    expect(down.message).toContain('the host at https://host:6443 is unreachable (connect ECONNREFUSED');
    expect(down.hint).toContain('get --raw /readyz');
  });

  it('namespaces sync mode gets cluster-wide rights under a per-namespace unique name', () => {
    const spec = defaultClusterSpec('a', 'ns1', { syncMode: 'namespaces' });
    const kinds = clusterObjects(spec).map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(kinds).toEqual(['ServiceAccount/a-syncer', 'ClusterRole/vkube-ns1-a', 'ClusterRoleBinding/vkube-ns1-a', 'Service/a', 'StatefulSet/a']);
    expect(clusterRoleName({ name: 'a', hostNamespace: 'ns2' })).not.toBe(clusterRoleName(spec));
  });
});
