/**
 * The resource catalog: every resource vkube serves, with the discovery facts upstream publishes
 * (kind, verbs, shortNames, categories, singularName, subresources). Built-in entries come from
 * upstream's discovery golden files for the pinned release (third_party/discovery, refreshed by
 * hack/update-discovery.sh); CRDs add entries at run time.
 */
import { readFileSync } from 'node:fs';
import type { CustomResourceDetails } from './crd/types.js';

export interface SubresourceInfo {
  name: string;
  kind: string;
  /** Set when the subresource's kind lives in another group-version (e.g. Scale in autoscaling/v1). */
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural lower-case name, e.g. `deployments`. */
  resource: string;
  kind: string;
  listKind: string;
  singularName: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: Map<string, SubresourceInfo>;
  storageVersionHash?: string;
  /** The store key segment for the group: the group name, or `core`. */
  storageGroup: string;
  /** Set for custom resources: what their CRD declares beyond discovery (src/registry/crd). */
  custom?: CustomResourceDetails;
}

export interface GroupInfo {
  name: string;
  /** Served versions, preferred first. */
  versions: string[];
}

interface DiscoveryResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

/** Group-versions served, in upstream's /apis order (core first); the first version of a group is preferred. */
const SERVED_GROUP_VERSIONS: readonly [group: string, versions: readonly string[]][] = [
  ['', ['v1']],
  ['apps', ['v1']],
  ['events.k8s.io', ['v1']],
  ['authentication.k8s.io', ['v1']],
  ['authorization.k8s.io', ['v1']],
  ['autoscaling', ['v2', 'v1']],
  ['batch', ['v1']],
  ['certificates.k8s.io', ['v1']],
  ['networking.k8s.io', ['v1']],
  ['policy', ['v1']],
  ['rbac.authorization.k8s.io', ['v1']],
  ['storage.k8s.io', ['v1']],
  ['admissionregistration.k8s.io', ['v1']],
  ['apiextensions.k8s.io', ['v1']],
  ['scheduling.k8s.io', ['v1']],
  ['coordination.k8s.io', ['v1']],
  ['node.k8s.io', ['v1']],
  ['discovery.k8s.io', ['v1']],
];

/**
 * Subresources served so far. Others in upstream's list (proxy, eviction, ...) are
 * added as their handlers land, so discovery never advertises what would fail. log, exec, attach
 * and portforward are the tenant proxy's (src/proxy/pod-proxy.ts).
 */
const SERVED_SUBRESOURCES = new Set(['status', 'scale', 'finalize', 'token', 'log', 'exec', 'attach', 'portforward']);

/** Create-only virtual resources with a handler (src/apiserver/handlers/reviews.ts): `group/resource`. */
const SERVED_CREATE_ONLY = new Set([
  'authentication.k8s.io/selfsubjectreviews',
  'authentication.k8s.io/tokenreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authorization.k8s.io/subjectaccessreviews',
]);

function discoveryFile(group: string, version: string): URL {
  const name = group === '' ? `api__${version}.json` : `apis__${group}__${version}.json`;
  return new URL(`../../third_party/discovery/${name}`, import.meta.url);
}

export class ResourceCatalog {
  private readonly byGvr = new Map<string, ResourceInfo>();
  private readonly groups = new Map<string, GroupInfo>();
  private readonly order: string[] = [];
  private readonly listeners = new Set<() => void>();

  static builtin(): ResourceCatalog {
    const catalog = new ResourceCatalog();
    for (const [group, versions] of SERVED_GROUP_VERSIONS) {
      for (const version of versions) {
        const list = JSON.parse(readFileSync(discoveryFile(group, version), 'utf8')) as { resources: DiscoveryResource[] };
        for (const info of fromDiscovery(group, version, list.resources)) catalog.add(info);
      }
    }
    return catalog;
  }

  add(info: ResourceInfo): void {
    this.byGvr.set(gvrKey(info.group, info.version, info.resource), info);
    let group = this.groups.get(info.group);
    if (!group) {
      group = { name: info.group, versions: [] };
      this.groups.set(info.group, group);
      this.order.push(info.group);
    }
    if (!group.versions.includes(info.version)) group.versions.push(info.version);
    this.changed();
  }

  /** Removes a resource (CRD deletion); drops the group-version/group when empty. */
  remove(group: string, version: string, resource: string): void {
    this.byGvr.delete(gvrKey(group, version, resource));
    const g = this.groups.get(group);
    if (g && !this.resourcesOf(group, version).length) {
      g.versions = g.versions.filter((v) => v !== version);
      if (!g.versions.length) {
        this.groups.delete(group);
        this.order.splice(this.order.indexOf(group), 1);
      }
    }
    this.changed();
  }

  /** Orders a group's versions (preferred first); used by CRDs. */
  setGroupVersions(group: string, versions: string[]): void {
    const g = this.groups.get(group);
    if (g) g.versions = versions.filter((v) => g.versions.includes(v));
    this.changed();
  }

  get(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byGvr.get(gvrKey(group, version, resource));
  }

  /** Resource lookup by Kind in a group-version (for bodies that name apiVersion/kind). */
  byKind(group: string, version: string, kind: string): ResourceInfo | undefined {
    for (const info of this.resourcesOf(group, version)) if (info.kind === kind) return info;
    return undefined;
  }

  resourcesOf(group: string, version: string): ResourceInfo[] {
    const out: ResourceInfo[] = [];
    for (const info of this.byGvr.values()) if (info.group === group && info.version === version) out.push(info);
    return out;
  }

  /** All resources, every version (the same resource in two versions appears twice). */
  all(): ResourceInfo[] {
    return [...this.byGvr.values()];
  }

  /** API groups other than core, in discovery order. */
  apiGroups(): GroupInfo[] {
    return this.order.filter((g) => g !== '').map((g) => this.groups.get(g)!);
  }

  group(name: string): GroupInfo | undefined {
    return this.groups.get(name);
  }

  /** Called after every change (discovery caches listen). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

function gvrKey(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}

function fromDiscovery(group: string, version: string, resources: DiscoveryResource[]): ResourceInfo[] {
  const out = new Map<string, ResourceInfo>();
  for (const r of resources) {
    if (r.name.includes('/')) continue;
    // Create-only virtual resources (bindings, reviews) are served once their handlers exist.
    if (!r.verbs.includes('get') && !r.verbs.includes('list') && !SERVED_CREATE_ONLY.has(`${group}/${r.name}`)) continue;
    out.set(r.name, {
      group,
      version,
      resource: r.name,
      kind: r.kind,
      listKind: `${r.kind}List`,
      singularName: r.singularName || r.kind.toLowerCase(),
      namespaced: r.namespaced,
      verbs: r.verbs,
      shortNames: r.shortNames ?? [],
      categories: r.categories ?? [],
      subresources: new Map(),
      storageVersionHash: r.storageVersionHash,
      storageGroup: group === '' ? 'core' : group,
    });
  }
  for (const r of resources) {
    const slash = r.name.indexOf('/');
    if (slash < 0) continue;
    const parent = out.get(r.name.slice(0, slash));
    const name = r.name.slice(slash + 1);
    if (!parent || !SERVED_SUBRESOURCES.has(name)) continue;
    const sub: SubresourceInfo = { name, kind: r.kind, verbs: r.verbs };
    if (r.group !== undefined) sub.group = r.group;
    if (r.version !== undefined) sub.version = r.version;
    parent.subresources.set(name, sub);
  }
  return [...out.values()];
}
