/**
 * Hand-built FieldSchema trees shaped like the upstream OpenAPI for apps/v1 Deployment and v1
 * ConfigMap (only the parts the scenarios touch; list types and keys as upstream declares them).
 */
import type { FieldSchema } from '../../../src/registry/schema/types.js';

const str: FieldSchema = { type: 'string' };
const int: FieldSchema = { type: 'integer', format: 'int32' };
const bool: FieldSchema = { type: 'boolean' };
const stringMap: FieldSchema = { type: 'object', additionalProperties: str };

export const objectMeta: FieldSchema = {
  type: 'object',
  properties: {
    name: str,
    namespace: str,
    uid: str,
    resourceVersion: str,
    generation: { type: 'integer', format: 'int64' },
    creationTimestamp: { type: 'string', format: 'date-time' },
    labels: stringMap,
    annotations: stringMap,
    finalizers: { type: 'array', items: str, listType: 'set', patchStrategy: 'merge' },
    ownerReferences: {
      type: 'array',
      listType: 'map',
      listMapKeys: ['uid'],
      patchStrategy: 'merge',
      patchMergeKey: 'uid',
      items: {
        type: 'object',
        mapType: 'atomic',
        properties: { apiVersion: str, kind: str, name: str, uid: str, controller: bool },
      },
    },
    managedFields: { type: 'array', listType: 'atomic', items: { type: 'object' } },
  },
};

const containerPort: FieldSchema = {
  type: 'object',
  properties: { name: str, containerPort: int, protocol: { type: 'string', default: 'TCP' }, hostPort: int },
  required: ['containerPort'],
};

const envVar: FieldSchema = { type: 'object', properties: { name: str, value: str }, required: ['name'] };

const container: FieldSchema = {
  type: 'object',
  properties: {
    name: str,
    image: str,
    imagePullPolicy: str,
    args: { type: 'array', items: str, listType: 'atomic' },
    command: { type: 'array', items: str, listType: 'atomic' },
    env: { type: 'array', items: envVar, listType: 'map', listMapKeys: ['name'], patchStrategy: 'merge', patchMergeKey: 'name' },
    ports: {
      type: 'array',
      items: containerPort,
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
      patchStrategy: 'merge',
      patchMergeKey: 'containerPort',
    },
    resources: {
      type: 'object',
      properties: { limits: stringMap, requests: stringMap },
    },
  },
  required: ['name'],
};

const podSpec: FieldSchema = {
  type: 'object',
  properties: {
    // No x-kubernetes-list-type: built-ins fall back to the patch strategy and merge key.
    containers: { type: 'array', items: container, patchStrategy: 'merge', patchMergeKey: 'name' },
    nodeSelector: { ...stringMap, mapType: 'atomic' },
    serviceAccountName: str,
    restartPolicy: str,
  },
};

const labelSelector: FieldSchema = {
  type: 'object',
  mapType: 'atomic',
  properties: { matchLabels: stringMap },
};

export const deploymentSchema: FieldSchema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    spec: {
      type: 'object',
      properties: {
        replicas: int,
        paused: bool,
        selector: labelSelector,
        minReadySeconds: int,
        strategy: {
          type: 'object',
          properties: {
            type: str,
            rollingUpdate: {
              type: 'object',
              properties: { maxSurge: { intOrString: true }, maxUnavailable: { intOrString: true } },
            },
          },
        },
        template: {
          type: 'object',
          properties: { metadata: objectMeta, spec: podSpec },
        },
      },
    },
    status: {
      type: 'object',
      properties: { replicas: int, readyReplicas: int, observedGeneration: { type: 'integer', format: 'int64' } },
    },
  },
};

export const configMapSchema: FieldSchema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    data: stringMap,
    binaryData: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
    immutable: bool,
  },
};

/** A CRD-style schema: bare metadata, a preserve-unknown-fields subtree and a set. */
export const widgetSchema: FieldSchema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        size: int,
        tags: { type: 'array', items: str, listType: 'set' },
        items: { type: 'array', items: { type: 'object', properties: { a: str } } },
        config: { type: 'object', preserveUnknownFields: true },
      },
    },
  },
};
