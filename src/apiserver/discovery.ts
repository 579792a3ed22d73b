/**
 * Discovery documents, legacy (/api, /apis, /apis/<g>, /apis/<g>/<v>) and aggregated
 * (apidiscovery.k8s.io v2 and v2beta1, same fields), built from the resource catalog and cached
 * until the catalog changes (a CRD appears or goes).
 */
import type { ResourceCatalog, ResourceInfo } from '../registry/catalog.js';
import { apiVersionOf } from '../registry/object.js';

export class DiscoveryDocuments {
  private cache = new Map<string, string>();

  constructor(
    private readonly catalog: ResourceCatalog,
    private readonly serverAddress: () => string,
  ) {
    catalog.onChange(() => (this.cache = new Map()));
  }

  private cached(key: string, build: () => unknown): string {
    let doc = this.cache.get(key);
    if (doc === undefined) {
      doc = JSON.stringify(build());
      this.cache.set(key, doc);
    }
    return doc;
  }

  apiVersions(): string {
    return this.cached('api', () => ({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: this.serverAddress() }],
    }));
  }

  apiGroupList(): string {
    return this.cached('apis', () => ({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.catalog.apiGroups().map((g) => this.apiGroupBody(g.name)),
    }));
  }

  /** undefined when the group is not served. */
  apiGroup(group: string): string | undefined {
    if (!this.catalog.group(group) || group === '') return undefined;
    return this.cached(`group/${group}`, () => ({ kind: 'APIGroup', apiVersion: 'v1', ...this.apiGroupBody(group) }));
  }

  private apiGroupBody(group: string): Record<string, unknown> {
    const g = this.catalog.group(group)!;
    const versions = g.versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
    return { name: group, versions, preferredVersion: versions[0] };
  }

  apiResourceList(group: string, version: string): string | undefined {
    const resources = this.catalog.resourcesOf(group, version);
    if (!resources.length) return undefined;
    return this.cached(`resources/${group}/${version}`, () => ({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersionOf(group, version),
      resources: resources.flatMap(legacyEntries),
    }));
  }

  /** Aggregated discovery for /api (legacy = true: only the core group) or /apis. */
  aggregated(legacy: boolean, version: 'v2' | 'v2beta1'): string {
    return this.cached(`aggregated/${legacy}/${version}`, () => ({
      kind: 'APIGroupDiscoveryList',
      apiVersion: `apidiscovery.k8s.io/${version}`,
      metadata: {},
      items: (legacy ? [''] : this.catalog.apiGroups().map((g) => g.name)).map((group) => ({
        metadata: { name: group, creationTimestamp: null },
        versions: this.catalog.group(group)!.versions.map((v) => ({
          version: v,
          resources: this.catalog.resourcesOf(group, v).map(aggregatedEntry),
          freshness: 'Current',
        })),
      })),
    }));
  }
}

function legacyEntries(info: ResourceInfo): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: info.resource,
    singularName: info.singularName,
    namespaced: info.namespaced,
    kind: info.kind,
    verbs: info.verbs,
  };
  if (info.shortNames.length) main.shortNames = info.shortNames;
  if (info.categories.length) main.categories = info.categories;
  if (info.storageVersionHash) main.storageVersionHash = info.storageVersionHash;
  const subs = [...info.subresources.values()].map((sub) => {
    const entry: Record<string, unknown> = { name: `${info.resource}/${sub.name}`, singularName: '', namespaced: info.namespaced };
    if (sub.group !== undefined) entry.group = sub.group;
    if (sub.version !== undefined) entry.version = sub.version;
    entry.kind = sub.kind;
    entry.verbs = sub.verbs;
    return entry;
  });
  return [main, ...subs];
}

function aggregatedEntry(info: ResourceInfo): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    resource: info.resource,
    responseKind: { group: info.group, version: info.version, kind: info.kind },
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singularName,
    verbs: info.verbs,
  };
  if (info.shortNames.length) entry.shortNames = info.shortNames;
  if (info.categories.length) entry.categories = info.categories;
  if (info.subresources.size) {
    entry.subresources = [...info.subresources.values()].map((sub) => ({
      subresource: sub.name,
      responseKind: { group: sub.group ?? info.group, version: sub.version ?? info.version, kind: sub.kind },
      verbs: sub.verbs,
    }));
  }
  return entry;
}
