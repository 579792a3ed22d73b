/**
 * The host URL of a pod subresource: built from the verified host pod and only the query
 * parameters the subresource's options type defines (PodLogOptions, PodExecOptions,
 * PodAttachOptions, PodPortForwardOptions), so nothing else the tenant sends reaches the host.
 */
import type { ObjectRef } from '../syncer/mappings/index.js';

export const PROXIED_SUBRESOURCES = ['log', 'exec', 'attach', 'portforward'] as const;
export type ProxiedSubresource = (typeof PROXIED_SUBRESOURCES)[number];

const ALLOWED_PARAMETERS: Record<ProxiedSubresource, ReadonlySet<string>> = {
  log: new Set(['container', 'follow', 'previous', 'sinceSeconds', 'sinceTime', 'timestamps', 'tailLines', 'limitBytes', 'insecureSkipTLSVerifyBackend', 'stream']),
  exec: new Set(['command', 'container', 'stdin', 'stdout', 'stderr', 'tty']),
  attach: new Set(['container', 'stdin', 'stdout', 'stderr', 'tty']),
  portforward: new Set(['ports']),
};

export function isProxiedSubresource(name: string | undefined): name is ProxiedSubresource {
  return (PROXIED_SUBRESOURCES as readonly string[]).includes(name ?? '');
}

export function hostSubresourcePath(subresource: ProxiedSubresource, host: ObjectRef, query: URLSearchParams): string {
  const forwarded = new URLSearchParams();
  for (const [key, value] of query) if (ALLOWED_PARAMETERS[subresource].has(key)) forwarded.append(key, value);
  const search = forwarded.toString();
  return `/api/v1/namespaces/${encodeURIComponent(host.namespace)}/pods/${encodeURIComponent(host.name)}/${subresource}${search ? `?${search}` : ''}`;
}
