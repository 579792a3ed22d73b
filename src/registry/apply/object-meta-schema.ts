/**
 * The merge-relevant shape of metav1.ObjectMeta (from the upstream OpenAPI: ownerReferences is a
 * list-map keyed by uid, finalizers a set, managedFields atomic, labels/annotations granular maps).
 * CRD schemas usually declare `metadata: {type: object}` only; upstream's CRD type converter uses
 * the full ObjectMeta there, so we do the same (see rootTypeRef).
 */
import type { FieldSchema } from '../schema/types.js';

const str: FieldSchema = { type: 'string' };
const int: FieldSchema = { type: 'integer', format: 'int64' };
const time: FieldSchema = { type: 'string', format: 'date-time' };
const stringMap: FieldSchema = { type: 'object', additionalProperties: str };

const ownerReference: FieldSchema = {
  type: 'object',
  mapType: 'atomic',
  properties: {
    apiVersion: str,
    blockOwnerDeletion: { type: 'boolean' },
    controller: { type: 'boolean' },
    kind: str,
    name: str,
    uid: str,
  },
  required: ['apiVersion', 'kind', 'name', 'uid'],
};

const managedFieldsEntry: FieldSchema = {
  type: 'object',
  properties: {
    apiVersion: str,
    fieldsType: str,
    fieldsV1: { type: 'object' },
    manager: str,
    operation: str,
    subresource: str,
    time,
  },
};

export const OBJECT_META_SCHEMA: FieldSchema = {
  type: 'object',
  properties: {
    annotations: stringMap,
    creationTimestamp: time,
    deletionGracePeriodSeconds: int,
    deletionTimestamp: time,
    finalizers: { type: 'array', items: str, listType: 'set', patchStrategy: 'merge' },
    generateName: str,
    generation: int,
    labels: stringMap,
    managedFields: { type: 'array', items: managedFieldsEntry, listType: 'atomic' },
    name: str,
    namespace: str,
    ownerReferences: {
      type: 'array',
      items: ownerReference,
      listType: 'map',
      listMapKeys: ['uid'],
      patchStrategy: 'merge',
      patchMergeKey: 'uid',
    },
    resourceVersion: str,
    selfLink: str,
    uid: str,
  },
};
