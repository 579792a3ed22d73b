/**
 * Hand-built FieldSchema trees shaped like the upstream OpenAPI of a Pod, a Deployment and a
 * Service: just the fields and x-kubernetes-patch-* metadata the cases need.
 */
import type { FieldSchema } from '../../../src/registry/schema/types.js';

const string: FieldSchema = { type: 'string' };
const integer: FieldSchema = { type: 'integer' };
const stringMap: FieldSchema = { type: 'object', additionalProperties: string };
const stringList: FieldSchema = { type: 'array', items: string };

const objectMeta: FieldSchema = {
  type: 'object',
  properties: {
    name: string,
    namespace: string,
    labels: stringMap,
    annotations: stringMap,
    finalizers: { type: 'array', items: string, patchStrategy: 'merge', listType: 'set' },
    ownerReferences: {
      type: 'array',
      patchStrategy: 'merge',
      patchMergeKey: 'uid',
      listType: 'map',
      listMapKeys: ['uid'],
      items: { type: 'object', properties: { uid: string, name: string, kind: string, controller: { type: 'boolean' } } },
    },
  },
};

const containerPort: FieldSchema = {
  type: 'object',
  properties: { name: string, containerPort: integer, protocol: string, hostPort: integer },
};

const envVar: FieldSchema = {
  type: 'object',
  properties: {
    name: string,
    value: string,
    valueFrom: {
      type: 'object',
      properties: {
        configMapKeyRef: { type: 'object', properties: { name: string, key: string } },
        secretKeyRef: { type: 'object', properties: { name: string, key: string } },
      },
    },
  },
};

const resources: FieldSchema = {
  type: 'object',
  properties: {
    limits: { type: 'object', additionalProperties: string },
    requests: { type: 'object', additionalProperties: string },
  },
};

const container: FieldSchema = {
  type: 'object',
  properties: {
    name: string,
    image: string,
    command: stringList,
    args: stringList,
    ports: {
      type: 'array',
      items: containerPort,
      patchStrategy: 'merge',
      patchMergeKey: 'containerPort',
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
    },
    env: { type: 'array', items: envVar, patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    volumeMounts: {
      type: 'array',
      patchStrategy: 'merge',
      patchMergeKey: 'mountPath',
      items: { type: 'object', properties: { name: string, mountPath: string, readOnly: { type: 'boolean' } } },
    },
    resources,
  },
};

const volume: FieldSchema = {
  type: 'object',
  properties: {
    name: string,
    emptyDir: { type: 'object', properties: { medium: string, sizeLimit: string } },
    configMap: { type: 'object', properties: { name: string, defaultMode: integer } },
    secret: { type: 'object', properties: { secretName: string, defaultMode: integer } },
    hostPath: { type: 'object', properties: { path: string, type: string } },
  },
};

export const podSpecSchema: FieldSchema = {
  type: 'object',
  properties: {
    containers: { type: 'array', items: container, patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    initContainers: { type: 'array', items: container, patchStrategy: 'merge', patchMergeKey: 'name' },
    volumes: { type: 'array', items: volume, patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' },
    tolerations: {
      type: 'array',
      listType: 'atomic',
      items: { type: 'object', properties: { key: string, operator: string, effect: string } },
    },
    nodeSelector: stringMap,
    serviceAccountName: string,
    imagePullSecrets: {
      type: 'array',
      patchStrategy: 'merge',
      patchMergeKey: 'name',
      items: { type: 'object', properties: { name: string } },
    },
  },
};

export const podSchema: FieldSchema = {
  type: 'object',
  properties: {
    apiVersion: string,
    kind: string,
    metadata: objectMeta,
    spec: podSpecSchema,
    status: {
      type: 'object',
      properties: {
        phase: string,
        conditions: {
          type: 'array',
          patchStrategy: 'merge',
          patchMergeKey: 'type',
          items: { type: 'object', properties: { type: string, status: string, reason: string } },
        },
      },
    },
  },
};

export const deploymentSchema: FieldSchema = {
  type: 'object',
  properties: {
    apiVersion: string,
    kind: string,
    metadata: objectMeta,
    spec: {
      type: 'object',
      properties: {
        replicas: integer,
        selector: { type: 'object', properties: { matchLabels: stringMap } },
        strategy: {
          type: 'object',
          patchStrategy: 'retainKeys',
          properties: {
            type: string,
            rollingUpdate: { type: 'object', properties: { maxSurge: { intOrString: true }, maxUnavailable: { intOrString: true } } },
          },
        },
        template: { type: 'object', properties: { metadata: objectMeta, spec: podSpecSchema } },
      },
    },
  },
};

/** A field whose strategy is `replace`: upstream swaps the whole map (e.g. older PodSecurityPolicy tags). */
export const replaceStrategySchema: FieldSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: { selector: { type: 'object', patchStrategy: 'replace', additionalProperties: string } },
    },
  },
};
