/**
 * Pod and PodTemplateSpec defaults, as pkg/apis/core/v1 defaults.go and zz_generated.defaults.go
 * apply them in v1.33 (feature gates at their 1.33 defaults: PodLevelResources and ImageVolume off).
 * SetDefaults_Pod (requests from limits, enableServiceLinks, host-network ports) applies to Pods
 * only; templates get SetDefaults_PodSpec and the per-field defaults.
 */
import { child, defaultField, defaultZero, existing, items, type JsonObject } from './util.js';

/** parsers.ParseImageName's tag: "latest" when neither tag nor digest; "" when unparsable. */
export function imageTag(image: string): string {
  const reference =
    /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::([\w][\w.-]{0,127}))?(@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;
  const match = reference.exec(image);
  if (!match) return '';
  const tag = match[1] ?? '';
  const digest = match[2] ?? '';
  return tag === '' && digest === '' ? 'latest' : tag;
}

function defaultHTTPGet(handler: JsonObject | undefined): void {
  const httpGet = handler ? existing(handler, 'httpGet') : undefined;
  if (!httpGet) return;
  defaultZero(httpGet, 'path', '/');
  defaultZero(httpGet, 'scheme', 'HTTP');
}

function defaultProbe(probe: JsonObject | undefined): void {
  if (!probe) return;
  defaultZero(probe, 'timeoutSeconds', 1);
  defaultZero(probe, 'periodSeconds', 10);
  defaultZero(probe, 'successThreshold', 1);
  defaultZero(probe, 'failureThreshold', 3);
  defaultHTTPGet(probe);
  const grpc = existing(probe, 'grpc');
  if (grpc) defaultField(grpc, 'service', '');
}

function defaultFieldRef(holder: JsonObject | undefined): void {
  const fieldRef = holder ? existing(holder, 'fieldRef') : undefined;
  if (fieldRef) defaultZero(fieldRef, 'apiVersion', 'v1');
}

/** SetDefaults_Container plus the generated per-field defaults (ports, env, probes, lifecycle). */
function defaultContainer(container: JsonObject): void {
  if (isZeroString(container['imagePullPolicy'])) {
    const image = typeof container['image'] === 'string' ? container['image'] : '';
    container['imagePullPolicy'] = imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  defaultZero(container, 'terminationMessagePath', '/dev/termination-log');
  defaultZero(container, 'terminationMessagePolicy', 'File');
  for (const port of items(container, 'ports')) defaultZero(port, 'protocol', 'TCP');
  for (const env of items(container, 'env')) defaultFieldRef(existing(env, 'valueFrom'));
  defaultProbe(existing(container, 'livenessProbe'));
  defaultProbe(existing(container, 'readinessProbe'));
  defaultProbe(existing(container, 'startupProbe'));
  const lifecycle = existing(container, 'lifecycle');
  if (lifecycle) {
    defaultHTTPGet(existing(lifecycle, 'postStart'));
    defaultHTTPGet(existing(lifecycle, 'preStop'));
  }
}

function isZeroString(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

const volumeSourceKeys = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

/** SetDefaults_Volume and the per-source defaults of SetObjectDefaults_Pod. */
function defaultVolume(volume: JsonObject): void {
  if (volumeSourceKeys.every((k) => volume[k] === undefined || volume[k] === null)) volume['emptyDir'] = {};
  const hostPath = existing(volume, 'hostPath');
  if (hostPath) defaultField(hostPath, 'type', '');
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const source = existing(volume, k);
    if (source) defaultField(source, 'defaultMode', 420);
  }
  for (const item of items(existing(volume, 'downwardAPI'), 'items')) defaultFieldRef(item);
  for (const source of items(existing(volume, 'projected'), 'sources')) {
    for (const item of items(existing(source, 'downwardAPI'), 'items')) defaultFieldRef(item);
    const token = existing(source, 'serviceAccountToken');
    if (token) defaultField(token, 'expirationSeconds', 3600);
  }
  const iscsi = existing(volume, 'iscsi');
  if (iscsi) defaultZero(iscsi, 'iscsiInterface', 'default');
  const rbd = existing(volume, 'rbd');
  if (rbd) {
    defaultZero(rbd, 'pool', 'rbd');
    defaultZero(rbd, 'user', 'admin');
    defaultZero(rbd, 'keyring', '/etc/ceph/keyring');
  }
  const azureDisk = existing(volume, 'azureDisk');
  if (azureDisk) {
    defaultField(azureDisk, 'cachingMode', 'ReadWrite');
    defaultField(azureDisk, 'fsType', 'ext4');
    defaultField(azureDisk, 'readOnly', false);
    defaultField(azureDisk, 'kind', 'Shared');
  }
  const scaleIO = existing(volume, 'scaleIO');
  if (scaleIO) {
    defaultZero(scaleIO, 'storageMode', 'ThinProvisioned');
    defaultZero(scaleIO, 'fsType', 'xfs');
  }
  const claimTemplate = existing(existing(volume, 'ephemeral') ?? {}, 'volumeClaimTemplate');
  if (claimTemplate) defaultField(child(claimTemplate, 'spec'), 'volumeMode', 'Filesystem');
}

/** The v1 round trip keeps the deprecated `serviceAccount` alias equal to `serviceAccountName`. */
function syncServiceAccountAlias(spec: JsonObject): void {
  const name = spec['serviceAccountName'];
  const alias = spec['serviceAccount'];
  if ((name === undefined || name === null || name === '') && typeof alias === 'string' && alias !== '') spec['serviceAccountName'] = alias;
  if (typeof spec['serviceAccountName'] === 'string' && spec['serviceAccountName'] !== '') spec['serviceAccount'] = spec['serviceAccountName'];
  else delete spec['serviceAccount'];
}

/** SetDefaults_PodSpec plus everything generated below it (volumes, containers). */
export function defaultPodSpec(spec: JsonObject): void {
  syncServiceAccountAlias(spec);
  defaultZero(spec, 'dnsPolicy', 'ClusterFirst');
  defaultZero(spec, 'restartPolicy', 'Always');
  defaultField(spec, 'securityContext', {});
  defaultField(spec, 'terminationGracePeriodSeconds', 30);
  defaultZero(spec, 'schedulerName', 'default-scheduler');
  for (const volume of items(spec, 'volumes')) defaultVolume(volume);
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of items(spec, key)) defaultContainer(container);
  }
}

/** Defaults for a PodTemplateSpec embedded in a workload (`{metadata, spec}`), if present. */
export function defaultPodTemplateSpec(template: JsonObject | undefined): void {
  if (!template) return;
  defaultPodSpec(child(template, 'spec'));
}

/** Requests default to limits for each resource a container limits but does not request. */
function requestsFromLimits(container: JsonObject): void {
  const resources = existing(container, 'resources');
  const limits = resources ? existing(resources, 'limits') : undefined;
  if (!resources || !limits) return;
  const requests = existing(resources, 'requests') ?? {};
  const missing = Object.entries(limits).filter(([name]) => !(name in requests));
  if (missing.length === 0) return; // an empty requests map would be dropped by omitempty anyway
  for (const [name, quantity] of missing) requests[name] = quantity;
  resources['requests'] = requests;
}

/** v1 Pod conversion: podIP is authoritative over podIPs[0], and each fills the other. */
function syncPodIPs(pod: JsonObject): void {
  const status = existing(pod, 'status');
  if (!status) return;
  const podIP = typeof status['podIP'] === 'string' ? status['podIP'] : '';
  const podIPs = items(status, 'podIPs');
  if (podIP !== '' && (podIPs.length === 0 || podIPs[0]?.['ip'] !== podIP)) status['podIPs'] = [{ ip: podIP }];
  else if (podIP === '' && typeof podIPs[0]?.['ip'] === 'string') status['podIP'] = podIPs[0]['ip'];
}

/**
 * SetObjectDefaults_Pod (SetDefaults_Pod, then the PodSpec defaults), plus what the v1
 * conversion round trip changes: a negative grace period reads back as 1, podIP/podIPs agree.
 */
export function defaultPod(pod: JsonObject): void {
  const spec = child(pod, 'spec');
  const grace = spec['terminationGracePeriodSeconds'];
  if (typeof grace === 'number' && grace < 0) spec['terminationGracePeriodSeconds'] = 1;
  syncPodIPs(pod);
  for (const key of ['containers', 'initContainers']) for (const c of items(spec, key)) requestsFromLimits(c);
  defaultField(spec, 'enableServiceLinks', true);
  if (spec['hostNetwork'] === true) {
    for (const key of ['containers', 'initContainers']) {
      for (const c of items(spec, key)) {
        for (const port of items(c, 'ports')) if (isZeroNumber(port['hostPort'])) port['hostPort'] = port['containerPort'];
      }
    }
  }
  defaultPodSpec(spec);
}

function isZeroNumber(value: unknown): boolean {
  return value === undefined || value === null || value === 0;
}
