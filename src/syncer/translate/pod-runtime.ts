import { createHash } from 'node:crypto';
import type {
  V1Container,
  V1EnvVar,
  V1EphemeralContainer,
  V1PodDNSConfig,
  V1PodSpec,
  V1Volume,
  V1VolumeMount,
  V1VolumeProjection,
} from '@kubernetes/client-node';
import type { SyncContext } from './context.js';

/** Where Kubernetes clients look for the in-cluster token, CA and namespace. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const TOKEN_KEY = 'token';
export const CA_KEY = 'ca.crt';
export const NAMESPACE_KEY = 'namespace';

/** Key, in the pod's host token Secret, of the token for one audience ('' = the API server). */
export function tokenSecretKey(audience: string | undefined): string {
  if (!audience) return TOKEN_KEY;
  return `${TOKEN_KEY}-${createHash('sha256').update(audience).digest('hex').slice(0, 10)}`;
}

/** A token the reconciler must mint through the virtual TokenRequest API and store in the Secret. */
export interface RequiredToken {
  key: string;
  audience?: string;
  expirationSeconds?: number;
}

export function automountsToken(spec: V1PodSpec | undefined, serviceAccountAutomount: boolean): boolean {
  return spec?.automountServiceAccountToken ?? serviceAccountAutomount;
}

/** Every token a virtual pod needs, one per audience, in the order they appear. */
export function requiredServiceAccountTokens(spec: V1PodSpec | undefined, serviceAccountAutomount = true): RequiredToken[] {
  const tokens = new Map<string, RequiredToken>();
  if (automountsToken(spec, serviceAccountAutomount)) tokens.set(TOKEN_KEY, { key: TOKEN_KEY });
  for (const volume of spec?.volumes ?? []) {
    for (const source of volume.projected?.sources ?? []) {
      const projection = source.serviceAccountToken;
      if (projection === undefined) continue;
      const key = tokenSecretKey(projection.audience);
      if (tokens.has(key)) continue;
      const token: RequiredToken = { key };
      if (projection.audience) token.audience = projection.audience;
      if (projection.expirationSeconds !== undefined) token.expirationSeconds = projection.expirationSeconds;
      tokens.set(key, token);
    }
  }
  return [...tokens.values()];
}

/** Projected serviceAccountToken sources would mint host tokens: read the virtual token from our Secret. */
export function replaceTokenProjections(volume: V1Volume, tokenSecretName: string): V1Volume {
  if (!volume.projected?.sources?.some((source) => source.serviceAccountToken)) return volume;
  const sources = volume.projected.sources.map((source): V1VolumeProjection => {
    const projection = source.serviceAccountToken;
    if (projection === undefined) return source;
    return { secret: { name: tokenSecretName, items: [{ key: tokenSecretKey(projection.audience), path: projection.path }] } };
  });
  return { ...volume, projected: { ...volume.projected, sources } };
}

/** The volume that replaces the automounted host token: virtual token, virtual CA, virtual namespace. */
export function tokenVolume(volumeName: string, tokenSecretName: string): V1Volume {
  return {
    name: volumeName,
    projected: {
      defaultMode: 0o644,
      sources: [
        {
          secret: {
            name: tokenSecretName,
            items: [TOKEN_KEY, CA_KEY, NAMESPACE_KEY].map((key) => ({ key, path: key })),
          },
        },
      ],
    },
  };
}

/** The container's mount at the service-account path, if it has one. */
export function serviceAccountMount(container: V1Container | V1EphemeralContainer): V1VolumeMount | undefined {
  return container.volumeMounts?.find((mount) => mount.mountPath === SERVICE_ACCOUNT_MOUNT_PATH);
}

/**
 * Whether the host pod gets our token volume (`tokenVolume`): only when the token is mounted and a
 * container or init container has nothing at the service-account path yet. A pod through vkube's
 * admission already mounts its `kube-api-access-*` volume everywhere, whose token source reads
 * from our Secret (`replaceTokenProjections`): a second, unmounted volume would only cost the
 * kubelet a mount, and the Secret its CA and namespace keys.
 */
export function needsTokenVolume(spec: V1PodSpec | undefined, serviceAccountAutomount = true): boolean {
  if (!automountsToken(spec, serviceAccountAutomount)) return false;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].some((container) => !serviceAccountMount(container));
}

export function withTokenMount<T extends V1Container | V1EphemeralContainer>(container: T, volumeName: string): T {
  if (serviceAccountMount(container)) return container;
  return {
    ...container,
    volumeMounts: [...(container.volumeMounts ?? []), { name: volumeName, mountPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true }],
  };
}

/**
 * The variables kubelet derives from the host's `kubernetes` Service, pointed at vkube. Port 443
 * names are kept because that is the virtual `kubernetes` Service port clients expect.
 */
export function apiServerEnv(context: SyncContext): V1EnvVar[] {
  const { host, port } = context.apiServer;
  const portText = String(port);
  return [
    { name: 'KUBERNETES_SERVICE_HOST', value: host },
    { name: 'KUBERNETES_SERVICE_PORT', value: portText },
    { name: 'KUBERNETES_SERVICE_PORT_HTTPS', value: portText },
    { name: 'KUBERNETES_PORT', value: `tcp://${host}:${portText}` },
    { name: 'KUBERNETES_PORT_443_TCP', value: `tcp://${host}:${portText}` },
    { name: 'KUBERNETES_PORT_443_TCP_PROTO', value: 'tcp' },
    { name: 'KUBERNETES_PORT_443_TCP_PORT', value: portText },
    { name: 'KUBERNETES_PORT_443_TCP_ADDR', value: host },
  ];
}

/** Ours go first so `$(KUBERNETES_SERVICE_HOST)` expands in later variables; the tenant's own values win. */
export function withApiServerEnv<T extends V1Container | V1EphemeralContainer>(container: T, context: SyncContext): T {
  const declared = new Set((container.env ?? []).map((variable) => variable.name));
  const injected = apiServerEnv(context).filter((variable) => !declared.has(variable.name));
  return { ...container, env: [...injected, ...(container.env ?? [])] };
}

const MAX_NAMESERVERS = 3;

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * ClusterFirst would send the pod to the host's DNS, which knows host names only. The host pod
 * gets dnsPolicy None with the virtual resolver and the virtual search path, merged with the
 * tenant's dnsConfig the way kubelet merges it for ClusterFirst.
 */
export function translateDns(
  spec: V1PodSpec,
  virtualNamespace: string,
  context: SyncContext,
): Pick<V1PodSpec, 'dnsPolicy' | 'dnsConfig'> {
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const usesClusterDns = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec.hostNetwork);
  if (!usesClusterDns) return { dnsPolicy: spec.dnsPolicy, dnsConfig: spec.dnsConfig };
  const domain = context.dns.clusterDomain;
  const tenant: V1PodDNSConfig = spec.dnsConfig ?? {};
  const tenantOptionNames = new Set((tenant.options ?? []).map((option) => option.name));
  return {
    dnsPolicy: 'None',
    dnsConfig: {
      nameservers: unique([context.dns.nameserver, ...(tenant.nameservers ?? [])]).slice(0, MAX_NAMESERVERS),
      searches: unique([`${virtualNamespace}.svc.${domain}`, `svc.${domain}`, domain, ...(tenant.searches ?? [])]),
      options: [...(tenantOptionNames.has('ndots') ? [] : [{ name: 'ndots', value: '5' }]), ...(tenant.options ?? [])],
    },
  };
}
