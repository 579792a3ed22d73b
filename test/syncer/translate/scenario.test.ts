import type { V1ConfigMap, V1Pod, V1Secret, V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { SERVICE_ACCOUNT_TOKEN_KIND, type SyncMode, createNameMappers } from '../../../src/syncer/mappings/index.js';
import { configMapToHost } from '../../../src/syncer/translate/configmaps.js';
import { podReferences } from '../../../src/syncer/translate/pod-references.js';
import { requiredServiceAccountTokens } from '../../../src/syncer/translate/pod-runtime.js';
import { podToHost } from '../../../src/syncer/translate/pods.js';
import { secretToHost } from '../../../src/syncer/translate/secrets.js';
import { serviceAccountTokenSecret } from '../../../src/syncer/translate/service-account-tokens.js';
import { serviceToHost } from '../../../src/syncer/translate/services.js';
import { testContext } from './fixtures.js';

/**
 * State table in the vcluster manner: a virtual state (a web Deployment's pod with a ConfigMap
 * volume, a Secret env var, a projected token and a Service, in two namespaces) and the host
 * state the translators produce. Whatever the mode, every name a host pod refers to must be a
 * host object of the same host namespace, and a Service must select exactly its own pods.
 */
function virtualState(namespace: string) {
  const pod: V1Pod = {
    metadata: { name: 'web-7d9f8b6c5d-abcde', namespace, uid: `${namespace}-pod-uid`, labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'web', image: 'nginx', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }], volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d' }] }],
      volumes: [
        { name: 'conf', configMap: { name: 'nginx-conf' } },
        { name: 'vault', projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault' } }, { configMap: { name: 'kube-root-ca.crt' } }] } },
      ],
    },
  };
  const configMaps: V1ConfigMap[] = [
    { metadata: { name: 'nginx-conf', namespace }, data: { 'default.conf': 'server {}' } },
    { metadata: { name: 'kube-root-ca.crt', namespace }, data: { 'ca.crt': 'PEM' } },
  ];
  const secrets: V1Secret[] = [{ metadata: { name: 'db', namespace }, data: { password: 'cw==' } }];
  const service: V1Service = { metadata: { name: 'web', namespace }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
  return { pod, configMaps, secrets, service };
}

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

describe.each(['single', 'namespaces'] as SyncMode[])('%s mode: two namespaces, one Deployment each', (mode) => {
  const ctx = testContext(mode);
  const states = ['team-a', 'team-b'].map(virtualState);
  const hostPods = states.map((s) => podToHost(s.pod, ctx));
  const hostConfigMaps = states.flatMap((s) => s.configMaps.map((cm) => configMapToHost(cm, ctx)));
  const hostSecrets = [
    ...states.flatMap((s) => s.secrets.map((secret) => secretToHost(secret, ctx))),
    ...states.map((s) =>
      serviceAccountTokenSecret(
        s.pod,
        Object.fromEntries(requiredServiceAccountTokens(s.pod.spec).map((t) => [t.key, `jwt-for-${t.audience ?? 'api'}`])),
        'CA-PEM',
        ctx,
      ),
    ),
  ];
  const hostServices = states.map((s) => serviceToHost(s.service, ctx));
  const key = (o: { metadata?: { namespace?: string; name?: string } }) => `${o.metadata?.namespace}/${o.metadata?.name}`;

  it('every host object name is unique and a valid DNS label', () => {
    const all = [...hostPods, ...hostConfigMaps, ...hostSecrets, ...hostServices].map((o) => `${o.kind}:${key(o)}`);
    expect(new Set(all).size).toBe(all.length);
    for (const o of [...hostPods, ...hostConfigMaps, ...hostSecrets, ...hostServices]) {
      expect(o.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      expect(o.metadata?.name?.length).toBeLessThanOrEqual(63);
    }
  });

  it('every reference in a host pod resolves to a host object in its namespace', () => {
    const configMapKeys = new Set(hostConfigMaps.map(key));
    const secretKeys = new Set(hostSecrets.map(key));
    for (const hostPod of hostPods) {
      const refs = podReferences(hostPod.spec);
      const namespace = hostPod.metadata?.namespace;
      for (const name of refs.configMaps) expect(configMapKeys, `configMap ${name}`).toContain(`${namespace}/${name}`);
      for (const name of refs.secrets) expect(secretKeys, `secret ${name}`).toContain(`${namespace}/${name}`);
      const projectedSecrets = (hostPod.spec?.volumes ?? []).flatMap((v) => v.projected?.sources ?? []).flatMap((s) => (s.secret?.name ? [s.secret.name] : []));
      for (const name of projectedSecrets) expect(secretKeys, `projected secret ${name}`).toContain(`${namespace}/${name}`);
    }
  });

  it('the token Secret holds every key the host pod reads from it', () => {
    for (const [i, hostPod] of hostPods.entries()) {
      const tokenSecret = hostSecrets.find((s) => s.metadata?.annotations?.['vkube.io/object-kind'] === SERVICE_ACCOUNT_TOKEN_KIND && s.metadata?.namespace === hostPod.metadata?.namespace && s.metadata?.annotations?.['vkube.io/object-name'] === states[i]!.pod.metadata?.name && s.metadata?.annotations?.['vkube.io/object-namespace'] === states[i]!.pod.metadata?.namespace);
      expect(tokenSecret).toBeDefined();
      const readKeys = (hostPod.spec?.volumes ?? [])
        .flatMap((v) => v.projected?.sources ?? [])
        .filter((s) => s.secret?.name === tokenSecret?.metadata?.name)
        .flatMap((s) => s.secret?.items?.map((item) => item.key) ?? []);
      expect(readKeys.length).toBeGreaterThan(0);
      for (const k of readKeys) expect(Object.keys(tokenSecret?.data ?? {})).toContain(k);
      expect(Buffer.from(tokenSecret?.data?.['namespace'] ?? '', 'base64').toString()).toBe(states[i]!.pod.metadata?.namespace);
    }
  });

  it('each host Service selects exactly the host pods of its own virtual namespace', () => {
    for (const hostService of hostServices) {
      const selected = hostPods.filter((p) => p.metadata?.namespace === hostService.metadata?.namespace && matches(hostService.spec?.selector ?? {}, p.metadata?.labels));
      expect(selected.map((p) => p.metadata?.annotations?.['vkube.io/object-namespace'])).toEqual([hostService.metadata?.annotations?.['vkube.io/object-namespace']]);
    }
  });

  it('the reverse mapping finds every virtual object again', () => {
    const mappers = createNameMappers(ctx);
    expect(hostPods.map((p) => mappers.pods.hostToVirtual(p))).toEqual(states.map((s) => ({ namespace: s.pod.metadata?.namespace, name: s.pod.metadata?.name })));
    expect(hostConfigMaps.map((cm) => mappers.configMaps.hostToVirtual(cm)?.name)).toEqual(['nginx-conf', 'kube-root-ca.crt', 'nginx-conf', 'kube-root-ca.crt']);
    const tokenOwners = hostSecrets.map((s) => mappers.serviceAccountTokens.hostToVirtual(s)).filter((ref) => ref !== undefined);
    expect(tokenOwners).toEqual(states.map((s) => ({ namespace: s.pod.metadata?.namespace, name: s.pod.metadata?.name })));
  });
});
