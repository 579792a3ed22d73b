import type { V1Container, V1Pod, V1PodSecurityContext, V1PodSpec, V1SecurityContext, V1Volume } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { BASELINE_CHECKS, RESTRICTED_CHECKS, checkPod, checkPodSpec, podSecurityCondition } from '../../../src/syncer/pod-security/index.js';

const c = (name: string, securityContext?: V1SecurityContext, extra: Partial<V1Container> = {}): V1Container => ({
  name,
  image: 'img',
  ...(securityContext && { securityContext }),
  ...extra,
});

/** A pod that passes `restricted`; cases take it apart one field at a time. */
const restrictedContainer = (name: string, extra: V1SecurityContext = {}): V1Container =>
  c(name, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...extra });
const restrictedPodSecurity: V1PodSecurityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

function baselineOnly(id: string, spec: Partial<V1PodSpec>, annotations: Record<string, string> = {}) {
  const check = BASELINE_CHECKS.find((definition) => definition.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.check({ annotations }, { containers: [], ...spec });
}

function restrictedOnly(id: string, spec: Partial<V1PodSpec>) {
  const check = RESTRICTED_CHECKS.find((definition) => definition.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.check({}, { containers: [], ...spec });
}

describe('baseline checks', () => {
  it.each([
    // hostNamespaces
    { id: 'hostNamespaces', spec: { hostNetwork: true, hostPID: true, hostIPC: true }, reason: 'host namespaces', detail: 'hostNetwork=true, hostPID=true, hostIPC=true' },
    { id: 'hostNamespaces', spec: { hostPID: true }, reason: 'host namespaces', detail: 'hostPID=true' },
    { id: 'hostNamespaces', spec: { hostNetwork: false }, reason: undefined },
    // privileged
    { id: 'privileged', spec: { initContainers: [c('d', { privileged: true })], containers: [c('a', { privileged: false }), c('e', { privileged: true })] }, reason: 'privileged', detail: 'containers "d", "e" must not set securityContext.privileged=true' },
    { id: 'privileged', spec: { ephemeralContainers: [{ name: 'dbg', securityContext: { privileged: true } }] }, reason: 'privileged', detail: 'container "dbg" must not set securityContext.privileged=true' },
    // capabilities_baseline
    {
      id: 'capabilities_baseline',
      spec: { containers: [c('a', { capabilities: { add: ['FOO', 'CHOWN'] } }), c('b', { capabilities: { add: ['BAZ', 'BAR'] } }), c('ok', { capabilities: { add: ['NET_BIND_SERVICE', 'KILL'] } })] },
      reason: 'non-default capabilities',
      detail: 'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add',
    },
    { id: 'capabilities_baseline', spec: { containers: [c('a', { capabilities: { add: ['NET_RAW'] } })] }, reason: 'non-default capabilities', detail: 'container "a" must not include "NET_RAW" in securityContext.capabilities.add' },
    { id: 'capabilities_baseline', spec: { containers: [c('a', { capabilities: { drop: ['ALL'] } })] }, reason: undefined },
    // hostPathVolumes
    { id: 'hostPathVolumes', spec: { volumes: [{ name: 'a', hostPath: { path: '/' } }, { name: 'e', emptyDir: {} }, { name: 'b', hostPath: { path: '/x' } }] }, reason: 'hostPath volumes', detail: 'volumes "a", "b"' },
    { id: 'hostPathVolumes', spec: { volumes: [{ name: 'a', hostPath: { path: '/' } }] }, reason: 'hostPath volumes', detail: 'volume "a"' },
    // hostPorts
    { id: 'hostPorts', spec: { containers: [c('a', undefined, { ports: [{ containerPort: 80 }] }), c('b', undefined, { ports: [{ containerPort: 1, hostPort: 20 }] })] }, reason: 'hostPort', detail: 'container "b" uses hostPort 20' },
    {
      id: 'hostPorts',
      spec: { containers: [c('b', undefined, { ports: [{ containerPort: 1, hostPort: 10 }, { containerPort: 2, hostPort: 20 }] }), c('c', undefined, { ports: [{ containerPort: 3, hostPort: 30 }, { containerPort: 4, hostPort: 0 }] })] },
      reason: 'hostPort',
      detail: 'containers "b", "c" use hostPorts 10, 20, 30',
    },
    // appArmorProfile
    { id: 'appArmorProfile', spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } } }, reason: 'forbidden AppArmor profile', detail: 'pod must not set AppArmor profile type to "Unconfined"' },
    { id: 'appArmorProfile', spec: { containers: [c('foo', { appArmorProfile: { type: 'Unconfined' } }), c('ok', { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } })] }, reason: 'forbidden AppArmor profile', detail: 'container "foo" must not set AppArmor profile type to "Unconfined"' },
    {
      id: 'appArmorProfile',
      spec: { containers: [c('e'), c('f')] },
      annotations: {
        'container.apparmor.security.beta.kubernetes.io/f': 'unknown',
        'container.apparmor.security.beta.kubernetes.io/e': 'unconfined',
        'container.apparmor.security.beta.kubernetes.io/ok1': 'runtime/default',
        'container.apparmor.security.beta.kubernetes.io/ok2': 'localhost/p',
      },
      reason: 'forbidden AppArmor profiles',
      detail: 'annotations must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/e="unconfined"", "container.apparmor.security.beta.kubernetes.io/f="unknown""',
    },
    // seLinuxOptions
    { id: 'seLinuxOptions', spec: { securityContext: { seLinuxOptions: { type: 'bad' } } }, reason: 'seLinuxOptions', detail: 'pod set forbidden securityContext.seLinuxOptions: type "bad"' },
    { id: 'seLinuxOptions', spec: { securityContext: { seLinuxOptions: { user: 'u' } } }, reason: 'seLinuxOptions', detail: 'pod set forbidden securityContext.seLinuxOptions: user may not be set' },
    {
      id: 'seLinuxOptions',
      spec: {
        securityContext: { seLinuxOptions: { type: 'foo' } },
        containers: [c('a', { seLinuxOptions: { type: 'container_engine_t', level: 's0:c1' } }), c('e', { seLinuxOptions: { type: 'bar' } }), c('f', { seLinuxOptions: { user: 'x' } }), c('g', { seLinuxOptions: { role: 'y' } })],
      },
      reason: 'seLinuxOptions',
      detail: 'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set',
    },
    // procMount
    { id: 'procMount', spec: { containers: [c('a', { procMount: 'Default' }), c('d', { procMount: 'Unmasked' }), c('e', { procMount: 'other' })] }, reason: 'procMount', detail: 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"' },
    // seccompProfile_baseline
    {
      id: 'seccompProfile_baseline',
      spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [c('a', { seccompProfile: { type: 'RuntimeDefault' } }), c('c', { seccompProfile: { type: 'Unconfined' } }), c('d', { seccompProfile: { type: 'Unconfined' } })] },
      reason: 'seccompProfile',
      detail: 'pod and containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
    },
    { id: 'seccompProfile_baseline', spec: { containers: [c('a')] }, reason: undefined },
    // sysctls
    { id: 'sysctls', spec: { securityContext: { sysctls: [{ name: 'a', value: '1' }, { name: 'net.ipv4.tcp_rmem', value: '1' }, { name: 'b', value: '2' }] } }, reason: 'forbidden sysctls', detail: 'a, b' },
    { id: 'sysctls', spec: { securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'net.ipv4.tcp_keepalive_time', value: '1' }] } }, reason: undefined },
    // windowsHostProcess
    {
      id: 'windowsHostProcess',
      spec: { securityContext: { windowsOptions: { hostProcess: true } }, containers: [c('a', { windowsOptions: { hostProcess: false } }), c('e', { windowsOptions: { hostProcess: true } }), c('f', { windowsOptions: { hostProcess: true } })] },
      reason: 'hostProcess',
      detail: 'pod and containers "e", "f" must not set securityContext.windowsOptions.hostProcess=true',
    },
  ])('$id: $reason $detail', ({ id, spec, annotations, reason, detail }) => {
    const result = baselineOnly(id, spec as Partial<V1PodSpec>, annotations);
    expect(result?.reason).toBe(reason);
    expect(result?.detail).toBe(detail);
  });
});

describe('restricted checks', () => {
  const restrictedVolumes: V1Volume[] = [
    { name: 'ok1', configMap: { name: 'x' } }, { name: 'ok2', csi: { driver: 'd' } }, { name: 'ok3', downwardAPI: {} }, { name: 'ok4', emptyDir: {} },
    { name: 'ok5', ephemeral: {} }, { name: 'ok6', persistentVolumeClaim: { claimName: 'c' } }, { name: 'ok7', projected: {} }, { name: 'ok8', secret: {} },
    { name: 'ok9', image: { reference: 'img' } },
    { name: 'b1', hostPath: { path: '/' } }, { name: 'b2', nfs: { server: 's', path: '/' } }, { name: 'b3', gitRepo: { repository: 'r' } },
    { name: 'c1' },
  ];
  it.each([
    { id: 'restrictedVolumes', spec: { volumes: restrictedVolumes }, reason: 'restricted volume types', detail: 'volumes "b1", "b2", "b3", "c1" use restricted volume types "gitRepo", "hostPath", "nfs", "unknown"' },
    { id: 'restrictedVolumes', spec: { volumes: [{ name: 'b1', hostPath: { path: '/' } }] }, reason: 'restricted volume types', detail: 'volume "b1" uses restricted volume type "hostPath"' },
    { id: 'allowPrivilegeEscalation', spec: { containers: [c('a'), c('b', { allowPrivilegeEscalation: true }), c('ok', { allowPrivilegeEscalation: false })], initContainers: [c('c', {})] }, reason: 'allowPrivilegeEscalation != false', detail: 'containers "c", "a", "b" must set securityContext.allowPrivilegeEscalation=false' },
    { id: 'allowPrivilegeEscalation', spec: { os: { name: 'windows' }, containers: [c('a')] }, reason: undefined },
    { id: 'runAsNonRoot', spec: { containers: [c('a')] }, reason: 'runAsNonRoot != true', detail: 'pod or container "a" must set securityContext.runAsNonRoot=true' },
    { id: 'runAsNonRoot', spec: { securityContext: { runAsNonRoot: true }, containers: [c('a'), c('c', { runAsNonRoot: false }), c('d', { runAsNonRoot: false })] }, reason: 'runAsNonRoot != true', detail: 'containers "c", "d" must not set securityContext.runAsNonRoot=false' },
    { id: 'runAsNonRoot', spec: { securityContext: { runAsNonRoot: false }, containers: [c('a', { runAsNonRoot: true })] }, reason: 'runAsNonRoot != true', detail: 'pod must not set securityContext.runAsNonRoot=false' },
    { id: 'runAsNonRoot', spec: { securityContext: { runAsNonRoot: true }, containers: [c('a')] }, reason: undefined },
    { id: 'runAsUser', spec: { securityContext: { runAsUser: 0 }, containers: [c('a', { runAsUser: 1000 })] }, reason: 'runAsUser=0', detail: 'pod must not set runAsUser=0' },
    { id: 'runAsUser', spec: { containers: [c('a', { runAsUser: 1 }), c('c', { runAsUser: 0 }), c('d', { runAsUser: 0 })] }, reason: 'runAsUser=0', detail: 'containers "c", "d" must not set runAsUser=0' },
    { id: 'seccompProfile_restricted', spec: { containers: [c('a'), c('b')] }, reason: 'seccompProfile', detail: 'pod or containers "a", "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"' },
    { id: 'seccompProfile_restricted', spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [c('a')] }, reason: 'seccompProfile', detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"' },
    { id: 'seccompProfile_restricted', spec: { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p' } }, containers: [c('a')] }, reason: undefined },
    { id: 'capabilities_restricted', spec: { containers: [c('a'), c('ok', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })] }, reason: 'unrestricted capabilities', detail: 'container "a" must set securityContext.capabilities.drop=["ALL"]' },
    {
      id: 'capabilities_restricted',
      spec: { containers: [c('a', { capabilities: { add: ['FOO'] } }), c('b', { capabilities: { drop: ['NET_RAW'], add: ['BAR', 'BAZ'] } }), c('c', { capabilities: { drop: ['ALL'], add: ['CHOWN'] } })] },
      reason: 'unrestricted capabilities',
      detail: 'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add',
    },
  ])('$id: $reason $detail', ({ id, spec, reason, detail }) => {
    const result = restrictedOnly(id, spec as Partial<V1PodSpec>);
    expect(result?.reason).toBe(reason);
    expect(result?.detail).toBe(detail);
  });
});

describe('checkPod by level', () => {
  const pod = (spec: Partial<V1PodSpec>): V1Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [c('app')], ...spec } });

  it.each([
    { level: 'privileged', spec: { hostNetwork: true, containers: [c('app', { privileged: true })] }, allowed: true },
    { level: 'baseline', spec: {}, allowed: true },
    { level: 'restricted', spec: {}, allowed: false },
    { level: 'restricted', spec: { securityContext: restrictedPodSecurity, containers: [restrictedContainer('app')] }, allowed: true },
    { level: 'baseline', spec: { volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }] }, allowed: true },
    { level: 'restricted', spec: { securityContext: restrictedPodSecurity, containers: [restrictedContainer('app')], volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }] }, allowed: false },
  ] as const)('$level allows pod $#: $allowed', ({ level, spec, allowed }) => {
    const result = checkPod(level, pod(spec as Partial<V1PodSpec>));
    expect(result.allowed).toBe(allowed);
    expect(result.message === '').toBe(allowed);
  });

  it('aggregates baseline violations in upstream order with kube-apiserver wording', () => {
    const result = checkPod(
      'baseline',
      pod({ hostNetwork: true, containers: [c('app', { privileged: true }, { ports: [{ containerPort: 80, hostPort: 80 }] })], volumes: [{ name: 'root', hostPath: { path: '/' } }] }),
    );
    expect(result.violations.map((v) => v.checkId)).toEqual(['hostNamespaces', 'hostPathVolumes', 'hostPorts', 'privileged']);
    expect(result.message).toBe(
      'violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPath volumes (volume "root"), hostPort (container "app" uses hostPort 80), privileged (container "app" must not set securityContext.privileged=true)',
    );
  });

  it('restricted replaces the baseline checks it overrides, and runs baseline checks first', () => {
    const result = checkPod(
      'restricted',
      pod({ containers: [c('app', { capabilities: { add: ['NET_ADMIN'] }, seccompProfile: { type: 'Unconfined' } })], volumes: [{ name: 'root', hostPath: { path: '/' } }], hostPID: true }),
    );
    expect(result.violations.map((v) => v.checkId)).toEqual([
      'hostNamespaces',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
    expect(result.message).toBe(
      'violates PodSecurity "restricted:latest": host namespaces (hostPID=true), allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "NET_ADMIN" in securityContext.capabilities.add), ' +
        'restricted volume types (volume "root" uses restricted volume type "hostPath"), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
    );
  });

  it('a pod without spec is checked as an empty pod', () => {
    expect(checkPodSpec('restricted', {}, { containers: [] }).allowed).toBe(true);
  });

  it('podSecurityCondition tells the tenant why', () => {
    const refused = checkPod('baseline', pod({ hostIPC: true }));
    expect(podSecurityCondition(refused)).toEqual({
      type: 'vkube.io/PodSecurity',
      status: 'False',
      reason: 'FailedPodSecurity',
      message: 'violates PodSecurity "baseline:latest": host namespaces (hostIPC=true)',
    });
    expect(podSecurityCondition(checkPod('baseline', pod({})))).toEqual({ type: 'vkube.io/PodSecurity', status: 'True' });
  });
});
