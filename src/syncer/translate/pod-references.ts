import type {
  V1Container,
  V1EnvFromSource,
  V1EnvVar,
  V1EphemeralContainer,
  V1LocalObjectReference,
  V1ObjectFieldSelector,
  V1PodSpec,
  V1Volume,
  V1VolumeProjection,
} from '@kubernetes/client-node';
import {
  LABELS_ANNOTATION,
  OBJECT_NAME_ANNOTATION,
  OBJECT_NAMESPACE_ANNOTATION,
  OBJECT_UID_ANNOTATION,
  SERVICE_ACCOUNT_NAME_ANNOTATION,
} from '../mappings/index.js';
import type { SyncContext } from './context.js';

/** Renames virtual object names (in one virtual namespace) to host names, per kind. */
export interface ReferenceRenamer {
  configMap(name: string): string;
  secret(name: string): string;
  persistentVolumeClaim(name: string): string;
}

export function referenceRenamer(context: SyncContext, virtualNamespace: string): ReferenceRenamer {
  const { mappers } = context;
  return {
    configMap: (name) => mappers.configMaps.virtualToHost({ namespace: virtualNamespace, name }).name,
    secret: (name) => mappers.secrets.virtualToHost({ namespace: virtualNamespace, name }).name,
    persistentVolumeClaim: (name) =>
      mappers.persistentVolumeClaims.virtualToHost({ namespace: virtualNamespace, name }).name,
  };
}

/**
 * Downward-API paths whose host values would show host names, and the pod annotation that
 * holds the virtual value instead. Labels are copied unchanged, so `metadata.labels['k']`
 * needs no rewrite; the whole-map `metadata.labels` would show vkube's own labels.
 */
const REWRITTEN_FIELD_PATHS: Record<string, string> = {
  'metadata.name': OBJECT_NAME_ANNOTATION,
  'metadata.namespace': OBJECT_NAMESPACE_ANNOTATION,
  'metadata.uid': OBJECT_UID_ANNOTATION,
  'spec.serviceAccountName': SERVICE_ACCOUNT_NAME_ANNOTATION,
  'metadata.labels': LABELS_ANNOTATION,
};

export function rewriteFieldRef(fieldRef: V1ObjectFieldSelector): V1ObjectFieldSelector {
  const annotation = REWRITTEN_FIELD_PATHS[fieldRef.fieldPath];
  return annotation === undefined ? fieldRef : { ...fieldRef, fieldPath: `metadata.annotations['${annotation}']` };
}

function renameLocalRef<T extends V1LocalObjectReference>(ref: T | undefined, rename: (name: string) => string): T | undefined {
  return ref?.name ? { ...ref, name: rename(ref.name) } : ref;
}

export function translateEnv(env: V1EnvVar[] | undefined, renamer: ReferenceRenamer): V1EnvVar[] | undefined {
  return env?.map((variable) => {
    const source = variable.valueFrom;
    if (source === undefined) return variable;
    return {
      ...variable,
      valueFrom: {
        ...source,
        ...(source.configMapKeyRef && { configMapKeyRef: renameLocalRef(source.configMapKeyRef, renamer.configMap) }),
        ...(source.secretKeyRef && { secretKeyRef: renameLocalRef(source.secretKeyRef, renamer.secret) }),
        ...(source.fieldRef && { fieldRef: rewriteFieldRef(source.fieldRef) }),
      },
    };
  });
}

export function translateEnvFrom(
  envFrom: V1EnvFromSource[] | undefined,
  renamer: ReferenceRenamer,
): V1EnvFromSource[] | undefined {
  return envFrom?.map((source) => ({
    ...source,
    ...(source.configMapRef && { configMapRef: renameLocalRef(source.configMapRef, renamer.configMap) }),
    ...(source.secretRef && { secretRef: renameLocalRef(source.secretRef, renamer.secret) }),
  }));
}

export function translateContainer<T extends V1Container | V1EphemeralContainer>(container: T, renamer: ReferenceRenamer): T {
  const translated: T = { ...container };
  if (container.env) translated.env = translateEnv(container.env, renamer);
  if (container.envFrom) translated.envFrom = translateEnvFrom(container.envFrom, renamer);
  return translated;
}

function translateProjection(source: V1VolumeProjection, renamer: ReferenceRenamer): V1VolumeProjection {
  if (source.configMap?.name) return { ...source, configMap: { ...source.configMap, name: renamer.configMap(source.configMap.name) } };
  if (source.secret?.name) return { ...source, secret: { ...source.secret, name: renamer.secret(source.secret.name) } };
  if (source.downwardAPI?.items) {
    return {
      ...source,
      downwardAPI: {
        items: source.downwardAPI.items.map((item) => (item.fieldRef ? { ...item, fieldRef: rewriteFieldRef(item.fieldRef) } : item)),
      },
    };
  }
  return source;
}

/** Every volume type that names a ConfigMap, Secret or PVC is pointed at the host copy. */
export function translateVolume(volume: V1Volume, renamer: ReferenceRenamer): V1Volume {
  const v: V1Volume = { ...volume };
  if (v.configMap?.name) v.configMap = { ...v.configMap, name: renamer.configMap(v.configMap.name) };
  if (v.secret?.secretName) v.secret = { ...v.secret, secretName: renamer.secret(v.secret.secretName) };
  if (v.persistentVolumeClaim) {
    v.persistentVolumeClaim = { ...v.persistentVolumeClaim, claimName: renamer.persistentVolumeClaim(v.persistentVolumeClaim.claimName) };
  }
  if (v.projected?.sources) {
    v.projected = { ...v.projected, sources: v.projected.sources.map((source) => translateProjection(source, renamer)) };
  }
  if (v.downwardAPI?.items) {
    v.downwardAPI = {
      ...v.downwardAPI,
      items: v.downwardAPI.items.map((item) => (item.fieldRef ? { ...item, fieldRef: rewriteFieldRef(item.fieldRef) } : item)),
    };
  }
  if (v.azureFile) v.azureFile = { ...v.azureFile, secretName: renamer.secret(v.azureFile.secretName) };
  if (v.iscsi?.secretRef) v.iscsi = { ...v.iscsi, secretRef: renameLocalRef(v.iscsi.secretRef, renamer.secret) };
  if (v.rbd?.secretRef) v.rbd = { ...v.rbd, secretRef: renameLocalRef(v.rbd.secretRef, renamer.secret) };
  if (v.flexVolume?.secretRef) v.flexVolume = { ...v.flexVolume, secretRef: renameLocalRef(v.flexVolume.secretRef, renamer.secret) };
  if (v.cinder?.secretRef) v.cinder = { ...v.cinder, secretRef: renameLocalRef(v.cinder.secretRef, renamer.secret) };
  if (v.cephfs?.secretRef) v.cephfs = { ...v.cephfs, secretRef: renameLocalRef(v.cephfs.secretRef, renamer.secret) };
  if (v.scaleIO?.secretRef) v.scaleIO = { ...v.scaleIO, secretRef: renameLocalRef(v.scaleIO.secretRef, renamer.secret) ?? v.scaleIO.secretRef };
  if (v.storageos?.secretRef) v.storageos = { ...v.storageos, secretRef: renameLocalRef(v.storageos.secretRef, renamer.secret) };
  if (v.csi?.nodePublishSecretRef) v.csi = { ...v.csi, nodePublishSecretRef: renameLocalRef(v.csi.nodePublishSecretRef, renamer.secret) };
  return v;
}

/** Names of the virtual ConfigMaps, Secrets and PVCs a pod uses, so the syncer can sync exactly those. */
export interface PodReferences {
  configMaps: string[];
  secrets: string[];
  persistentVolumeClaims: string[];
}

export function podReferences(spec: V1PodSpec | undefined): PodReferences {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const claims = new Set<string>();
  const collector: ReferenceRenamer = {
    configMap: (name) => (configMaps.add(name), name),
    secret: (name) => (secrets.add(name), name),
    persistentVolumeClaim: (name) => (claims.add(name), name),
  };
  for (const volume of spec?.volumes ?? []) translateVolume(volume, collector);
  const containers: Array<V1Container | V1EphemeralContainer> = [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ];
  for (const container of containers) translateContainer(container, collector);
  for (const pullSecret of spec?.imagePullSecrets ?? []) if (pullSecret.name) secrets.add(pullSecret.name);
  return { configMaps: [...configMaps].sort(), secrets: [...secrets].sort(), persistentVolumeClaims: [...claims].sort() };
}
