import type { V1SELinuxOptions } from '@kubernetes/client-node';
import {
  type CheckDefinition,
  allContainers,
  containersPhrase,
  goQuote,
  joinQuote,
  pluralize,
  sortedUnique,
} from './check-helpers.js';

// Each check mirrors the latest version of its namesake in k8s.io/pod-security-admission
// (policy/check_*.go, v0.33), messages included, so tenants read what kube-apiserver would say.

const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
]);

const SELINUX_ALLOWED_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_PROFILE_TYPES = new Set(['RuntimeDefault', 'Localhost']);

/** "pod and containers "a"" style list of who set a forbidden value. */
function setters(podIsBad: boolean, badContainers: string[]): string[] {
  const list = podIsBad ? ['pod'] : [];
  if (badContainers.length > 0) list.push(containersPhrase(badContainers));
  return list;
}

export const BASELINE_CHECKS: CheckDefinition[] = [
  {
    id: 'appArmorProfile',
    check: (metadata, spec) => {
      const badValues = new Set<string>();
      const podType = spec.securityContext?.appArmorProfile?.type;
      const podIsBad = podType !== undefined && !ALLOWED_PROFILE_TYPES.has(podType);
      if (podIsBad) badValues.add(podType);
      const badContainers: string[] = [];
      for (const c of allContainers(spec)) {
        const type = c.securityContext?.appArmorProfile?.type;
        if (type !== undefined && !ALLOWED_PROFILE_TYPES.has(type)) {
          badContainers.push(c.name);
          badValues.add(type);
        }
      }
      const badSetters = setters(podIsBad, badContainers);
      const forbiddenAnnotations = Object.entries(metadata.annotations ?? {})
        .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !(value === '' || value === 'runtime/default' || value.startsWith('localhost/')))
        .map(([key, value]) => `${key}=${goQuote(value)}`)
        .sort();
      const badValueList = [...sortedUnique(badValues), ...forbiddenAnnotations];
      if (forbiddenAnnotations.length > 0) badSetters.push(pluralize('annotation', 'annotations', forbiddenAnnotations.length));
      if (badSetters.length === 0) return undefined;
      return {
        reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValueList.length),
        detail: `${badSetters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValueList)}`,
      };
    },
  },
  {
    id: 'capabilities_baseline',
    check: (_metadata, spec) => {
      const badContainers: string[] = [];
      const added: string[] = [];
      for (const c of allContainers(spec)) {
        const forbidden = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !DEFAULT_CAPABILITIES.has(cap));
        if (forbidden.length > 0) {
          badContainers.push(c.name);
          added.push(...forbidden);
        }
      }
      if (badContainers.length === 0) return undefined;
      return {
        reason: 'non-default capabilities',
        detail: `${containersPhrase(badContainers)} must not include ${joinQuote(sortedUnique(added))} in securityContext.capabilities.add`,
      };
    },
  },
  {
    id: 'hostNamespaces',
    check: (_metadata, spec) => {
      const shared = [
        spec.hostNetwork && 'hostNetwork=true',
        spec.hostPID && 'hostPID=true',
        spec.hostIPC && 'hostIPC=true',
      ].filter((entry): entry is string => typeof entry === 'string');
      return shared.length === 0 ? undefined : { reason: 'host namespaces', detail: shared.join(', ') };
    },
  },
  {
    id: 'hostPathVolumes',
    check: (_metadata, spec) => {
      const names = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
      if (names.length === 0) return undefined;
      return { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}` };
    },
  },
  {
    id: 'hostPorts',
    check: (_metadata, spec) => {
      const badContainers: string[] = [];
      const ports: string[] = [];
      for (const c of allContainers(spec)) {
        const hostPorts = (c.ports ?? []).filter((p) => p.hostPort !== undefined && p.hostPort !== 0).map((p) => String(p.hostPort));
        if (hostPorts.length > 0) {
          badContainers.push(c.name);
          ports.push(...hostPorts);
        }
      }
      if (badContainers.length === 0) return undefined;
      // Upstream sorts the ports as strings (sets.String).
      const sortedPorts = sortedUnique(ports);
      return {
        reason: 'hostPort',
        detail: `${containersPhrase(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ${pluralize('hostPort', 'hostPorts', sortedPorts.length)} ${sortedPorts.join(', ')}`,
      };
    },
  },
  {
    id: 'privileged',
    check: (_metadata, spec) => {
      const bad = allContainers(spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
      if (bad.length === 0) return undefined;
      return { reason: 'privileged', detail: `${containersPhrase(bad)} must not set securityContext.privileged=true` };
    },
  },
  {
    id: 'procMount',
    check: (_metadata, spec) => {
      const badContainers: string[] = [];
      const types: string[] = [];
      for (const c of allContainers(spec)) {
        const procMount = c.securityContext?.procMount;
        if (procMount !== undefined && procMount !== 'Default') {
          badContainers.push(c.name);
          types.push(procMount);
        }
      }
      if (badContainers.length === 0) return undefined;
      return {
        reason: 'procMount',
        detail: `${containersPhrase(badContainers)} must not set securityContext.procMount to ${joinQuote(sortedUnique(types))}`,
      };
    },
  },
  {
    id: 'seLinuxOptions',
    check: (_metadata, spec) => {
      const badTypes = new Set<string>();
      let setUser = false;
      let setRole = false;
      const valid = (options: V1SELinuxOptions): boolean => {
        let ok = true;
        const type = options.type ?? '';
        if (!SELINUX_ALLOWED_TYPES.has(type)) {
          ok = false;
          badTypes.add(type);
        }
        if (options.user) (ok = false), (setUser = true);
        if (options.role) (ok = false), (setRole = true);
        return ok;
      };
      const podOptions = spec.securityContext?.seLinuxOptions;
      const podIsBad = podOptions !== undefined && !valid(podOptions);
      const badContainers = allContainers(spec)
        .filter((c) => c.securityContext?.seLinuxOptions !== undefined && !valid(c.securityContext.seLinuxOptions))
        .map((c) => c.name);
      const badSetters = setters(podIsBad, badContainers);
      if (badSetters.length === 0) return undefined;
      const badData: string[] = [];
      if (badTypes.size > 0) badData.push(`${pluralize('type', 'types', badTypes.size)} ${joinQuote(sortedUnique(badTypes))}`);
      if (setUser) badData.push('user may not be set');
      if (setRole) badData.push('role may not be set');
      return {
        reason: 'seLinuxOptions',
        detail: `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${badData.join('; ')}`,
      };
    },
  },
  {
    id: 'seccompProfile_baseline',
    check: (_metadata, spec) => {
      const badValues = new Set<string>();
      const podType = spec.securityContext?.seccompProfile?.type;
      const podIsBad = podType !== undefined && !ALLOWED_PROFILE_TYPES.has(podType);
      if (podIsBad) badValues.add(podType);
      const badContainers: string[] = [];
      for (const c of allContainers(spec)) {
        const type = c.securityContext?.seccompProfile?.type;
        if (type !== undefined && !ALLOWED_PROFILE_TYPES.has(type)) {
          badContainers.push(c.name);
          badValues.add(type);
        }
      }
      const badSetters = setters(podIsBad, badContainers);
      if (badSetters.length === 0) return undefined;
      return {
        reason: 'seccompProfile',
        detail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
      };
    },
  },
  {
    id: 'sysctls',
    check: (_metadata, spec) => {
      const forbidden = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((name) => !SAFE_SYSCTLS.has(name));
      return forbidden.length === 0 ? undefined : { reason: 'forbidden sysctls', detail: forbidden.join(', ') };
    },
  },
  {
    id: 'windowsHostProcess',
    check: (_metadata, spec) => {
      const podIsBad = spec.securityContext?.windowsOptions?.hostProcess === true;
      const badContainers = allContainers(spec).filter((c) => c.securityContext?.windowsOptions?.hostProcess === true).map((c) => c.name);
      const badSetters = setters(podIsBad, badContainers);
      if (badSetters.length === 0) return undefined;
      return { reason: 'hostProcess', detail: `${badSetters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true` };
    },
  },
];
