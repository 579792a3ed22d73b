/**
 * The apiextensions.k8s.io/v1 CustomResourceDefinition shapes vkube reads (JSON wire form), and
 * what a custom resource's catalog entry carries beyond discovery (ResourceInfo.custom).
 */
import type { CustomResourceColumnDefinition } from '../printers/crd.js';
import type { KubeObject } from '../object.js';

/** A JSONSchemaProps node as written in a CRD (raw JSON; walked by schema.ts). */
export type JsonSchema = Record<string, unknown>;

export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdScale {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JsonSchema };
  subresources?: { status?: Record<string, never>; scale?: CrdScale };
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  selectableFields?: { jsonPath: string }[];
}

export interface CrdSpec {
  group: string;
  names: CrdNames;
  scope: string;
  versions: CrdVersion[];
  conversion?: { strategy?: string };
  preserveUnknownFields?: boolean;
}

export interface CrdCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface CrdStatus {
  acceptedNames?: CrdNames;
  storedVersions?: string[];
  conditions?: CrdCondition[];
}

export interface CustomResourceDefinition extends KubeObject {
  spec: CrdSpec;
  status?: CrdStatus;
}

/** Set on the ResourceInfo of every served custom resource version. */
export interface CustomResourceDetails {
  /** `<plural>.<group>`. */
  crdName: string;
  /** The version's openAPIV3Schema (undefined only for legacy schemaless CRDs). */
  schema: JsonSchema | undefined;
  statusEnabled: boolean;
  scale?: CrdScale;
  /** The schema declares defaults somewhere (they are also applied on reads). */
  hasDefaults: boolean;
  /** Set once the CRD is being deleted: creates are refused from then on. */
  terminating?: boolean;
}

export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
export const CRD_GROUP = 'apiextensions.k8s.io';
export const CRD_RESOURCE = 'customresourcedefinitions';
export const CRD_PREFIX = `/registry/${CRD_GROUP}/${CRD_RESOURCE}/`;
