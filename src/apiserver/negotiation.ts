/**
 * Content negotiation for responses: plain JSON, Table, PartialObjectMetadata(List) and aggregated
 * discovery are all `application/json` with parameters (`as`, `g`, `v`) in the Accept header.
 */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [{ type: '*/*', params: {} }];
  return header.split(',').map((part) => {
    const [type, ...paramParts] = part.trim().split(';');
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
    }
    return { type: (type ?? '').trim().toLowerCase(), params };
  });
}

export type ObjectView =
  | { as: 'object' }
  | { as: 'Table'; version: 'v1' | 'v1beta1' }
  | { as: 'PartialObjectMetadata'; version: 'v1' | 'v1beta1' };

const isJson = (t: string): boolean => t === 'application/json' || t === 'application/*' || t === '*/*';

/** The first acceptable view the client listed; undefined when nothing is acceptable (406). */
export function negotiateObjectView(ranges: MediaRange[], list: boolean): ObjectView | undefined {
  for (const r of ranges) {
    if (r.type === 'application/vnd.kubernetes.protobuf' || r.type === 'application/yaml') continue;
    if (!isJson(r.type)) continue;
    const as = r.params.as;
    if (!as) return { as: 'object' };
    if (r.params.g !== 'meta.k8s.io') continue;
    const version = r.params.v === 'v1beta1' ? 'v1beta1' : r.params.v === 'v1' ? 'v1' : undefined;
    if (!version) continue;
    if (as === 'Table') return { as: 'Table', version };
    if (as === (list ? 'PartialObjectMetadataList' : 'PartialObjectMetadata')) return { as: 'PartialObjectMetadata', version };
  }
  // Clients that only asked for protobuf accept JSON too in practice (client-go lists both).
  return ranges.some((r) => r.type === 'application/vnd.kubernetes.protobuf') ? { as: 'object' } : undefined;
}

export type DiscoveryView = { as: 'legacy' } | { as: 'aggregated'; version: 'v2' | 'v2beta1'; contentType: string };

export function negotiateDiscovery(ranges: MediaRange[]): DiscoveryView {
  for (const r of ranges) {
    if (!isJson(r.type)) continue;
    if (r.params.as === 'APIGroupDiscoveryList' && r.params.g === 'apidiscovery.k8s.io' && (r.params.v === 'v2' || r.params.v === 'v2beta1')) {
      // kubectl 1.27.0/1.27.1 compare this header byte for byte with what they sent.
      return { as: 'aggregated', version: r.params.v, contentType: `application/json;g=apidiscovery.k8s.io;v=${r.params.v};as=APIGroupDiscoveryList` };
    }
    if (!r.params.as) return { as: 'legacy' };
  }
  return { as: 'legacy' };
}
