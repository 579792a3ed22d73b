/**
 * Publishes accepted CRDs as served resources: one catalog entry per served version (all versions
 * share one storage at /registry/<group>/<plural>/), the group's versions in kube-aware priority
 * order, printer columns, selectable fields and OpenAPI schemas; and takes them all back again.
 * The sinks are structural interfaces so the registry does not depend on the API server.
 */
import { createHash } from 'node:crypto';
import type { ResourceCatalog, ResourceInfo, SubresourceInfo } from '../catalog.js';
import { crdPrinter, type TablePrinter } from '../printers/index.js';
import type { CrdNames, CrdVersion, CustomResourceDefinition, JsonSchema } from './types.js';

/** What the OpenAPI service offers for CRDs (OpenApiService satisfies it). */
export interface CustomResourceSchemaSink {
  addCustomResourceSchemas(
    crdName: string,
    versions: readonly { group: string; version: string; kind: string; listKind: string; plural: string; namespaced: boolean; openAPIV3Schema?: Record<string, unknown>; subresources?: { status?: boolean; scale?: boolean } }[],
  ): void;
  removeCustomResourceSchemas(crdName: string): void;
}

export interface CustomResourceSinks {
  catalog: ResourceCatalog;
  /** TableConverter.setPrinter. */
  printers: { setPrinter(group: string, resource: string, printer: TablePrinter | undefined): void };
  /** FieldIndex.addSelectableFields. */
  fields: { addSelectableFields(group: string, resource: string, jsonPaths: string[]): void };
  openapi?: CustomResourceSchemaSink;
}

function schemaHasDefaults(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  if (Array.isArray(schema)) return schema.some(schemaHasDefaults);
  const s = schema as Record<string, unknown>;
  if (s.default !== undefined) return true;
  return [s.properties && Object.values(s.properties as object), s.items, s.additionalProperties].some((child) => schemaHasDefaults(child));
}

const VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

/** discovery.StorageVersionHash: base64 of the first 8 bytes of sha256("group/version/kind"). */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** version.CompareKubeAwareVersionStrings as a sort comparator: GA > beta > alpha, higher first, others last by name. */
export function compareKubeAwareVersions(a: string, b: string): number {
  const ma = KUBE_VERSION.exec(a);
  const mb = KUBE_VERSION.exec(b);
  if (!ma && !mb) return a < b ? -1 : a > b ? 1 : 0;
  if (!ma) return 1;
  if (!mb) return -1;
  const rank = (m: RegExpExecArray): number => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  if (rank(ma) !== rank(mb)) return rank(mb) - rank(ma);
  if (Number(ma[1]) !== Number(mb[1])) return Number(mb[1]) - Number(ma[1]);
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}

/** The served versions in priority order. */
export function servedVersions(crd: CustomResourceDefinition): CrdVersion[] {
  return crd.spec.versions.filter((v) => v.served).sort((a, b) => compareKubeAwareVersions(a.name, b.name));
}

export class CustomResourceTypes {
  /** CRD name → the catalog entries it published. */
  private readonly published = new Map<string, ResourceInfo[]>();
  /** CRD name → what it was published from, so status-only changes republish nothing. */
  private readonly fingerprints = new Map<string, string>();

  constructor(private readonly sinks: CustomResourceSinks) {}

  /** The storage-version entry of a published CRD (for controllers that delete its objects). */
  storageInfo(crdName: string): ResourceInfo | undefined {
    return this.published.get(crdName)?.[0];
  }

  isPublished(crdName: string): boolean {
    return this.published.has(crdName);
  }

  /** Serves `crd` under `names` (its accepted names); replaces what it served before. */
  publish(crd: CustomResourceDefinition, names: CrdNames): void {
    const crdName = crd.metadata.name!;
    const fingerprint = JSON.stringify([crd.spec, names]);
    if (this.fingerprints.get(crdName) === fingerprint) return;
    this.fingerprints.set(crdName, fingerprint);
    const { group } = crd.spec;
    const namespaced = crd.spec.scope === 'Namespaced';
    const storage = crd.spec.versions.find((v) => v.storage)?.name ?? crd.spec.versions[0]!.name;
    const versions = servedVersions(crd);
    const previous = this.published.get(crdName) ?? [];
    const infos = versions.map((v) => this.infoFor(crd, v, names, namespaced, storage));
    for (const old of previous) {
      if (!infos.some((i) => i.version === old.version && i.resource === old.resource)) this.sinks.catalog.remove(old.group, old.version, old.resource);
    }
    if (previous[0] && previous[0].resource !== names.plural) this.dropExtras(previous[0]);
    for (const info of infos) this.sinks.catalog.add(info);
    const groupVersions = new Set<string>();
    for (const info of this.sinks.catalog.all()) if (info.group === group) groupVersions.add(info.version);
    this.sinks.catalog.setGroupVersions(group, [...groupVersions].sort(compareKubeAwareVersions));
    // Storage entry first, so storageInfo() finds it.
    this.published.set(crdName, [...infos].sort((a, b) => (a.version === storage ? -1 : b.version === storage ? 1 : 0)));
    const preferred = versions[0];
    if (preferred) this.sinks.printers.setPrinter(group, names.plural, crdPrinter(preferred.additionalPrinterColumns));
    const selectable = [...new Set(versions.flatMap((v) => (v.selectableFields ?? []).map((f) => f.jsonPath)))];
    this.sinks.fields.addSelectableFields(group, names.plural, selectable);
    this.sinks.openapi?.addCustomResourceSchemas(
      crdName,
      versions.map((v) => ({
        group,
        version: v.name,
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind}List`,
        plural: names.plural,
        namespaced,
        openAPIV3Schema: v.schema?.openAPIV3Schema,
        subresources: { status: v.subresources?.status !== undefined, scale: v.subresources?.scale !== undefined },
      })),
    );
  }

  /** The CRD is being deleted: its resources keep serving, but refuse creates (crdHandler). */
  markTerminating(crdName: string): void {
    for (const info of this.published.get(crdName) ?? []) if (info.custom) info.custom.terminating = true;
  }

  unpublish(crdName: string): void {
    const previous = this.published.get(crdName);
    if (!previous) return;
    this.published.delete(crdName);
    this.fingerprints.delete(crdName);
    for (const info of previous) this.sinks.catalog.remove(info.group, info.version, info.resource);
    if (previous[0]) this.dropExtras(previous[0]);
    this.sinks.openapi?.removeCustomResourceSchemas(crdName);
  }

  private dropExtras(info: ResourceInfo): void {
    this.sinks.printers.setPrinter(info.group, info.resource, undefined);
    this.sinks.fields.addSelectableFields(info.group, info.resource, []);
  }

  private infoFor(crd: CustomResourceDefinition, v: CrdVersion, names: CrdNames, namespaced: boolean, storage: string): ResourceInfo {
    const subresources = new Map<string, SubresourceInfo>();
    if (v.subresources?.status !== undefined) subresources.set('status', { name: 'status', kind: names.kind, verbs: SUBRESOURCE_VERBS });
    if (v.subresources?.scale) subresources.set('scale', { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: SUBRESOURCE_VERBS });
    const schema: JsonSchema | undefined = v.schema?.openAPIV3Schema;
    const info: ResourceInfo = {
      group: crd.spec.group,
      version: v.name,
      resource: names.plural,
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      singularName: names.singular ?? names.kind.toLowerCase(),
      namespaced,
      verbs: VERBS,
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      subresources,
      storageVersionHash: storageVersionHash(crd.spec.group, storage, names.kind),
      storageGroup: crd.spec.group,
      custom: { crdName: crd.metadata.name!, schema, statusEnabled: v.subresources?.status !== undefined, hasDefaults: schemaHasDefaults(schema) },
    };
    if (v.subresources?.scale) info.custom!.scale = v.subresources.scale;
    return info;
  }
}
