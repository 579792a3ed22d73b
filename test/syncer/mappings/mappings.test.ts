import { describe, expect, it } from 'vitest';
import {
  HOST_KUBE_ROOT_CA_BASE_NAME,
  MANAGED_BY_LABEL,
  OBJECT_KIND_ANNOTATION,
  OBJECT_NAME_ANNOTATION,
  OBJECT_NAMESPACE_ANNOTATION,
  type MappingConfig,
  createNameMappers,
  hostNamespaceFor,
  safeConcatName,
} from '../../../src/syncer/mappings/index.js';

const single: MappingConfig = { virtualClusterName: 'vc', hostNamespace: 'host-ns', mode: 'single' };
const namespaces: MappingConfig = { ...single, mode: 'namespaces' };

describe('safeConcatName', () => {
  it.each([
    { parts: ['nginx', 'x', 'default', 'x', 'my-vcluster'], expected: 'nginx-x-default-x-my-vcluster' },
    // 63 characters exactly: kept as is.
    { parts: ['a'.repeat(63)], expected: 'a'.repeat(63) },
    // Golden values from `sha256sum` of the joined name (vcluster's rule: [:52] + "-" + hex[:10]).
    {
      parts: ['a-very-long-deployment-name-abcdefghij-12345', 'x', 'my-long-namespace-name', 'x', 'vc'],
      expected: 'a-very-long-deployment-name-abcdefghij-12345-x-my-lo-cee59053f0',
    },
    // A '.' right before the cut: ".-" collapses to "-" as in vcluster, giving 62 characters.
    { parts: [`${'a'.repeat(51)}.b`, 'x', 'default', 'x', 'vc'], expected: `${'a'.repeat(51)}-f4f3e6907c` },
  ])('$expected', ({ parts, expected }) => {
    const result = safeConcatName(...parts);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(63);
  });

  it('gives different names to long names that share their first 52 characters', () => {
    const prefix = 'p'.repeat(60);
    expect(safeConcatName(`${prefix}-one`)).not.toBe(safeConcatName(`${prefix}-two`));
  });
});

describe('NameMapper.virtualToHost', () => {
  const cases = [
    { mode: 'single', kind: 'pods', ref: { namespace: 'default', name: 'web' }, expected: { namespace: 'host-ns', name: 'web-x-default-x-vc' } },
    { mode: 'namespaces', kind: 'pods', ref: { namespace: 'default', name: 'web' }, expected: { namespace: 'vc-default', name: 'web' } },
    { mode: 'single', kind: 'services', ref: { namespace: 'team-a', name: 'db' }, expected: { namespace: 'host-ns', name: 'db-x-team-a-x-vc' } },
    { mode: 'single', kind: 'endpoints', ref: { namespace: 'team-a', name: 'db' }, expected: { namespace: 'host-ns', name: 'db-x-team-a-x-vc' } },
    { mode: 'single', kind: 'secrets', ref: { namespace: 'a', name: 's' }, expected: { namespace: 'host-ns', name: 's-x-a-x-vc' } },
    { mode: 'single', kind: 'configMaps', ref: { namespace: 'a', name: 'kube-root-ca.crt' }, expected: { namespace: 'host-ns', name: `${HOST_KUBE_ROOT_CA_BASE_NAME}-x-a-x-vc` } },
    { mode: 'namespaces', kind: 'configMaps', ref: { namespace: 'a', name: 'kube-root-ca.crt' }, expected: { namespace: 'vc-a', name: HOST_KUBE_ROOT_CA_BASE_NAME } },
    { mode: 'single', kind: 'configMaps', ref: { namespace: 'a', name: 'settings' }, expected: { namespace: 'host-ns', name: 'settings-x-a-x-vc' } },
    { mode: 'single', kind: 'serviceAccountTokens', ref: { namespace: 'a', name: 'web-0' }, expected: { namespace: 'host-ns', name: 'vkube-token-web-0-x-a-x-vc' } },
    { mode: 'namespaces', kind: 'serviceAccountTokens', ref: { namespace: 'a', name: 'web-0' }, expected: { namespace: 'vc-a', name: 'vkube-token-web-0' } },
    { mode: 'namespaces', kind: 'namespaces', ref: { namespace: '', name: 'team-a' }, expected: { namespace: '', name: 'vc-team-a' } },
    {
      mode: 'single',
      kind: 'persistentVolumeClaims',
      ref: { namespace: 'a-rather-long-namespace-name', name: 'data-my-statefulset-with-a-long-name-0' },
      expected: { namespace: 'host-ns', name: safeConcatName('data-my-statefulset-with-a-long-name-0', 'x', 'a-rather-long-namespace-name', 'x', 'vc') },
    },
  ] as const;
  it.each(cases)('$mode $kind $ref.namespace/$ref.name', ({ mode, kind, ref, expected }) => {
    const mappers = createNameMappers(mode === 'single' ? single : namespaces);
    expect(mappers[kind].virtualToHost(ref)).toEqual(expected);
  });

  it('shortens long names in single mode to 63 characters with the hash rule', () => {
    const mappers = createNameMappers(single);
    const host = mappers.pods.virtualToHost({ namespace: 'a-rather-long-namespace-name', name: 'my-deployment-7d9f8b6c5d-abcde' });
    expect(host.name).toHaveLength(63);
    expect(host.name.startsWith('my-deployment-7d9f8b6c5d-abcde-x-a-rather-long-names')).toBe(true);
  });

  it('shortens long host namespaces in namespaces mode with the same rule', () => {
    const longNamespace = 'n'.repeat(62);
    expect(hostNamespaceFor(namespaces, longNamespace)).toBe(safeConcatName('vc', longNamespace));
    expect(hostNamespaceFor(namespaces, longNamespace)).toHaveLength(63);
  });
});

describe('NameMapper.hostToVirtual and isManaged', () => {
  const mappers = createNameMappers(single);
  const hostObject = (labels: Record<string, string>, annotations: Record<string, string>) => ({
    metadata: { name: 'whatever', namespace: 'host-ns', labels, annotations },
  });
  const pointer = { [OBJECT_NAME_ANNOTATION]: 'web', [OBJECT_NAMESPACE_ANNOTATION]: 'default', [OBJECT_KIND_ANNOTATION]: 'Pod' };

  it.each([
    { desc: 'our pod', labels: { [MANAGED_BY_LABEL]: 'vc' }, annotations: pointer, managed: true, virtual: { namespace: 'default', name: 'web' } },
    { desc: 'another virtual cluster', labels: { [MANAGED_BY_LABEL]: 'other' }, annotations: pointer, managed: false, virtual: undefined },
    { desc: 'no managed-by label', labels: {}, annotations: pointer, managed: false, virtual: undefined },
    { desc: 'another kind', labels: { [MANAGED_BY_LABEL]: 'vc' }, annotations: { ...pointer, [OBJECT_KIND_ANNOTATION]: 'Secret' }, managed: false, virtual: undefined },
    {
      desc: 'missing back-pointer',
      labels: { [MANAGED_BY_LABEL]: 'vc' },
      annotations: { [OBJECT_KIND_ANNOTATION]: 'Pod' },
      managed: true,
      virtual: undefined,
    },
  ])('$desc', ({ labels, annotations, managed, virtual }) => {
    const object = hostObject(labels as Record<string, string>, annotations as Record<string, string>);
    expect(mappers.pods.isManaged(object)).toBe(managed);
    expect(mappers.pods.hostToVirtual(object)).toEqual(virtual);
  });

  it('round-trips a long name through the back-pointer, not through the (lossy) host name', () => {
    const virtual = { namespace: 'a-rather-long-namespace-name', name: 'my-deployment-7d9f8b6c5d-abcde' };
    const host = mappers.pods.virtualToHost(virtual);
    const hostPod = hostObject({ [MANAGED_BY_LABEL]: 'vc' }, {
      [OBJECT_NAME_ANNOTATION]: virtual.name,
      [OBJECT_NAMESPACE_ANNOTATION]: virtual.namespace,
      [OBJECT_KIND_ANNOTATION]: 'Pod',
    });
    hostPod.metadata.name = host.name;
    expect(mappers.pods.hostToVirtual(hostPod)).toEqual(virtual);
  });

  it('the host kube-root-ca.crt is not ours; our copy maps back to the virtual kube-root-ca.crt', () => {
    const hostOwn = { metadata: { name: 'kube-root-ca.crt', namespace: 'host-ns' } };
    expect(mappers.configMaps.isManaged(hostOwn)).toBe(false);
    const ours = hostObject({ [MANAGED_BY_LABEL]: 'vc' }, {
      [OBJECT_NAME_ANNOTATION]: 'kube-root-ca.crt',
      [OBJECT_NAMESPACE_ANNOTATION]: 'a',
      [OBJECT_KIND_ANNOTATION]: 'ConfigMap',
    });
    expect(mappers.configMaps.hostToVirtual(ours)).toEqual({ namespace: 'a', name: 'kube-root-ca.crt' });
  });

  it('a token Secret is not claimed by the Secret mapper, and maps back to its pod', () => {
    const tokenSecret = hostObject({ [MANAGED_BY_LABEL]: 'vc' }, {
      [OBJECT_NAME_ANNOTATION]: 'web-0',
      [OBJECT_NAMESPACE_ANNOTATION]: 'a',
      [OBJECT_KIND_ANNOTATION]: 'ServiceAccountToken',
    });
    expect(mappers.secrets.isManaged(tokenSecret)).toBe(false);
    expect(mappers.serviceAccountTokens.hostToVirtual(tokenSecret)).toEqual({ namespace: 'a', name: 'web-0' });
  });

  it('a host namespace maps back to its virtual namespace', () => {
    const nsMappers = createNameMappers(namespaces);
    const hostNamespace = {
      metadata: {
        name: 'vc-team-a',
        labels: { [MANAGED_BY_LABEL]: 'vc' },
        annotations: { [OBJECT_NAME_ANNOTATION]: 'team-a', [OBJECT_NAMESPACE_ANNOTATION]: '', [OBJECT_KIND_ANNOTATION]: 'Namespace' },
      },
    };
    expect(nsMappers.namespaces.hostToVirtual(hostNamespace)).toEqual({ namespace: '', name: 'team-a' });
  });
});
