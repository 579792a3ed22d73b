/**
 * OpenAPI v3 documents for custom resources, shaped like apiextensions-apiserver's
 * (pkg/controller/openapi/builder): per group-version one document with, for each kind,
 * - the kind's component `<reversed group>.<version>.<Kind>`: the CRD schema plus `apiVersion`,
 *   `kind`, `metadata` (→ ObjectMeta) and `x-kubernetes-group-version-kind`;
 * - the list component `<…>.<ListKind>`;
 * - list/create/deletecollection, get/replace/patch/delete (and status/scale when enabled) paths, whose
 *   PATCH accepts json-patch, merge-patch and apply-patch only (no strategic merge for CRDs) and
 *   carries the `fieldValidation` parameter kubectl looks for before trusting server-side validation;
 * - the meta components those reference (ObjectMeta, ListMeta, Status, DeleteOptions, Patch, Scale…).
 *
 * The operations are derived from the upstream Deployment operations in `apis/apps/v1`, which take
 * the same option parameters (metav1 Get/List/Create/Update/Patch/DeleteOptions) as every resource;
 * only names, references and media types change. The schemas themselves come from crd-schema.ts.
 */

import {
  customResourceComponentName,
  customResourceKindSchema,
  customResourceListSchema,
  isJsonObject as isObject,
  type CustomResourceSchema,
  type JsonObject,
  type TypeMetaProperties,
} from './crd-schema.js';

type Json = JsonObject[string];

export { customResourceComponentName, type CustomResourceSchema } from './crd-schema.js';

const TEMPLATE = {
  kind: 'Deployment',
  operationGroupVersion: 'AppsV1',
  tag: 'apps_v1',
  component: 'io.k8s.api.apps.v1.Deployment',
  listComponent: 'io.k8s.api.apps.v1.DeploymentList',
  collectionPath: '/apis/apps/v1/namespaces/{namespace}/deployments',
  allNamespacesPath: '/apis/apps/v1/deployments',
};
const COMPONENT_REF = '#/components/schemas/';
/** Media types a CRD endpoint does not offer (upstream's CRD routes consume/produce JSON and YAML). */
const UNSUPPORTED_MEDIA = /cbor|protobuf|strategic-merge-patch/;

/** The group-version part of upstream operation IDs and tags (`stable.example.com`, `v1` → `StableExampleComV1`). */
function operationNames(group: string, version: string): { operationGroupVersion: string; tag: string } {
  const words = group.replace(/\.k8s\.io$/, '').split(/[.-]/).filter((w) => w !== '');
  const camel = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  const lowerCamel = camel.charAt(0).toLowerCase() + camel.slice(1);
  return { operationGroupVersion: `${camel}${version.charAt(0).toUpperCase()}${version.slice(1)}`, tag: `${lowerCamel}_${version}` };
}

/** Rewrites one template subtree (a path item) for a custom resource. */
function rewrite(value: Json, crd: CustomResourceSchema, key = ''): Json {
  const names = operationNames(crd.group, crd.version);
  const component = customResourceComponentName(crd.group, crd.version, crd.kind);
  const listComponent = customResourceComponentName(crd.group, crd.version, crd.listKind);
  if (typeof value === 'string') {
    if (key === '$ref') {
      if (value === COMPONENT_REF + TEMPLATE.listComponent) return COMPONENT_REF + listComponent;
      if (value === COMPONENT_REF + TEMPLATE.component) return COMPONENT_REF + component;
      return value;
    }
    if (key === 'operationId') {
      const id = value.replace(TEMPLATE.operationGroupVersion, names.operationGroupVersion).replace(TEMPLATE.kind, crd.kind);
      return crd.namespaced ? id : id.replace('Namespaced', '');
    }
    if (key === 'description') return value.replace(/\bDeployment\b/g, crd.kind);
    return value;
  }
  if (Array.isArray(value)) {
    if (key === 'tags') return [names.tag];
    const items = value.map((item) => rewrite(item, crd));
    // Cluster-scoped resources have no namespace path parameter.
    return crd.namespaced ? items : items.filter((p) => !(isObject(p) && p.in === 'path' && p.name === 'namespace'));
  }
  if (!isObject(value)) return value;
  if (key === 'x-kubernetes-group-version-kind') return { group: crd.group, kind: crd.kind, version: crd.version };
  const out: JsonObject = {};
  for (const [childKey, child] of Object.entries(value)) {
    if (key === 'content' && UNSUPPORTED_MEDIA.test(childKey)) continue;
    out[childKey] = rewrite(child, crd, childKey);
  }
  return out;
}

/** Adds to `into` every template component `value` references, transitively. */
function copyReferencedComponents(value: Json, templateComponents: JsonObject, into: JsonObject): void {
  const pending: Json[] = [value];
  while (pending.length > 0) {
    const current = pending.pop() as Json;
    if (Array.isArray(current)) pending.push(...current);
    else if (isObject(current)) {
      for (const [key, child] of Object.entries(current)) {
        if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT_REF)) {
          const name = child.slice(COMPONENT_REF.length);
          const component = templateComponents[name];
          if (into[name] === undefined && component !== undefined) {
            into[name] = component;
            pending.push(component);
          }
        } else pending.push(child);
      }
    }
  }
}

/**
 * The v3 document of one custom group-version. `template` is the upstream `apis/apps/v1` document,
 * the source of operation shapes and meta components. Kinds must share group and version.
 */
export function buildCustomResourceV3Document(kinds: readonly CustomResourceSchema[], template: JsonObject): JsonObject {
  const templatePaths = isObject(template.paths) ? template.paths : {};
  const templateComponents = isObject(template.components) && isObject(template.components.schemas) ? template.components.schemas : {};
  const deployment = templateComponents[TEMPLATE.component];
  const properties = isObject(deployment) && isObject(deployment.properties) ? deployment.properties : {};
  const typeMeta: TypeMetaProperties = { apiVersion: properties.apiVersion ?? { type: 'string' }, kind: properties.kind ?? { type: 'string' } };
  const paths: JsonObject = {};
  const schemas: JsonObject = {};
  for (const crd of kinds) {
    const prefix = `/apis/${crd.group}/${crd.version}`;
    const collection = crd.namespaced ? `${prefix}/namespaces/{namespace}/${crd.plural}` : `${prefix}/${crd.plural}`;
    const suffixes = ['', '/{name}'];
    if (crd.subresources?.status === true) suffixes.push('/{name}/status');
    if (crd.subresources?.scale === true) suffixes.push('/{name}/scale');
    for (const suffix of suffixes) {
      const item = templatePaths[TEMPLATE.collectionPath + suffix];
      if (item !== undefined) paths[collection + suffix] = rewrite(item, crd);
    }
    const allNamespaces = templatePaths[TEMPLATE.allNamespacesPath];
    if (crd.namespaced && allNamespaces !== undefined) paths[`${prefix}/${crd.plural}`] = rewrite(allNamespaces, crd);
    schemas[customResourceComponentName(crd.group, crd.version, crd.kind)] = customResourceKindSchema(crd, false, typeMeta);
    schemas[customResourceComponentName(crd.group, crd.version, crd.listKind)] = customResourceListSchema(crd, false, typeMeta);
  }
  copyReferencedComponents({ paths, schemas }, templateComponents, schemas);
  const sortedSchemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' },
    paths: sortedPaths,
    components: { schemas: sortedSchemas },
  };
}

export type { JsonObject as OpenApiJsonObject };
