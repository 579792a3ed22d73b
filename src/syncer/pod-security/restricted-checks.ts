import {
  type CheckDefinition,
  allContainers,
  containersPhrase,
  isWindowsPod,
  joinQuote,
  pluralize,
  sortedUnique,
} from './check-helpers.js';

// Restricted-only checks, after k8s.io/pod-security-admission policy/check_*.go (v0.33).

/** Inline volume types the restricted level allows (restrictedVolumes). */
const ALLOWED_VOLUME_TYPES = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
] as const;
/** Named in the message; anything else is "unknown". Upstream tests them in this order. */
const RESTRICTED_VOLUME_TYPES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd',
  'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk',
  'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
] as const;

function setters(podIsBad: boolean, badContainers: string[]): string[] {
  const list = podIsBad ? ['pod'] : [];
  if (badContainers.length > 0) list.push(containersPhrase(badContainers));
  return list;
}

export const RESTRICTED_CHECKS: CheckDefinition[] = [
  {
    id: 'allowPrivilegeEscalation',
    check: (_metadata, spec) => {
      if (isWindowsPod(spec)) return undefined;
      const bad = allContainers(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
      if (bad.length === 0) return undefined;
      return { reason: 'allowPrivilegeEscalation != false', detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false` };
    },
  },
  {
    id: 'capabilities_restricted',
    overrides: ['capabilities_baseline'],
    check: (_metadata, spec) => {
      if (isWindowsPod(spec)) return undefined;
      const missingDropAll: string[] = [];
      const addingForbidden: string[] = [];
      const forbidden: string[] = [];
      for (const c of allContainers(spec)) {
        const capabilities = c.securityContext?.capabilities;
        if (capabilities === undefined) {
          missingDropAll.push(c.name);
          continue;
        }
        if (!(capabilities.drop ?? []).includes('ALL')) missingDropAll.push(c.name);
        const added = (capabilities.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
        if (added.length > 0) {
          addingForbidden.push(c.name);
          forbidden.push(...added);
        }
      }
      const details: string[] = [];
      if (missingDropAll.length > 0) details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
      if (addingForbidden.length > 0) {
        details.push(`${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedUnique(forbidden))} in securityContext.capabilities.add`);
      }
      return details.length === 0 ? undefined : { reason: 'unrestricted capabilities', detail: details.join('; ') };
    },
  },
  {
    id: 'restrictedVolumes',
    overrides: ['hostPathVolumes'],
    check: (_metadata, spec) => {
      const badVolumes: string[] = [];
      const badTypes: string[] = [];
      for (const volume of spec.volumes ?? []) {
        const fields = volume as unknown as Record<string, unknown>;
        if (ALLOWED_VOLUME_TYPES.some((type) => fields[type] != null)) continue;
        badVolumes.push(volume.name);
        badTypes.push(RESTRICTED_VOLUME_TYPES.find((type) => fields[type] != null) ?? 'unknown');
      }
      if (badVolumes.length === 0) return undefined;
      const types = sortedUnique(badTypes);
      return {
        reason: 'restricted volume types',
        detail: `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} ${pluralize('uses', 'use', badVolumes.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
      };
    },
  },
  {
    id: 'runAsNonRoot',
    check: (_metadata, spec) => {
      const podSetting = spec.securityContext?.runAsNonRoot;
      const podIsBad = podSetting === false;
      const podRunAsNonRoot = podSetting === true;
      const explicitlyBad: string[] = [];
      const implicitlyBad: string[] = [];
      for (const c of allContainers(spec)) {
        const setting = c.securityContext?.runAsNonRoot;
        if (setting !== undefined) {
          if (!setting) explicitlyBad.push(c.name);
        } else if (!podRunAsNonRoot) {
          implicitlyBad.push(c.name);
        }
      }
      const badSetters = setters(podIsBad, explicitlyBad);
      if (badSetters.length > 0) {
        return { reason: 'runAsNonRoot != true', detail: `${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false` };
      }
      if (implicitlyBad.length > 0) {
        return { reason: 'runAsNonRoot != true', detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true` };
      }
      return undefined;
    },
  },
  {
    id: 'runAsUser',
    check: (_metadata, spec) => {
      const podIsBad = spec.securityContext?.runAsUser === 0;
      const bad = allContainers(spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
      const badSetters = setters(podIsBad, bad);
      return badSetters.length === 0 ? undefined : { reason: 'runAsUser=0', detail: `${badSetters.join(' and ')} must not set runAsUser=0` };
    },
  },
  {
    id: 'seccompProfile_restricted',
    overrides: ['seccompProfile_baseline'],
    check: (_metadata, spec) => {
      if (isWindowsPod(spec)) return undefined;
      const valid = (type: string) => type === 'RuntimeDefault' || type === 'Localhost';
      const badValues: string[] = [];
      const podType = spec.securityContext?.seccompProfile?.type;
      const podIsBad = podType !== undefined && !valid(podType);
      if (podIsBad) badValues.push(podType);
      const podSet = podType !== undefined && !podIsBad;
      const explicitlyBad: string[] = [];
      const implicitlyBad: string[] = [];
      for (const c of allContainers(spec)) {
        const type = c.securityContext?.seccompProfile?.type;
        if (type !== undefined) {
          if (!valid(type)) {
            explicitlyBad.push(c.name);
            badValues.push(type);
          }
        } else if (!podSet) {
          implicitlyBad.push(c.name);
        }
      }
      const badSetters = setters(podIsBad, explicitlyBad);
      if (badSetters.length > 0) {
        return {
          reason: 'seccompProfile',
          detail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
        };
      }
      if (implicitlyBad.length > 0) {
        return {
          reason: 'seccompProfile',
          detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        };
      }
      return undefined;
    },
  },
];
