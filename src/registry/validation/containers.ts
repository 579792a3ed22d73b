/**
 * Container and volume checks of pkg/apis/core/validation (validateContainers, validateInitContainers,
 * validateContainerCommon, validateContainerPorts, ValidateEnv, ValidateVolumeMounts, ValidateVolumes).
 * Only the rules users commonly hit are here; the rest of upstream's container validation is not.
 */
import type { FieldError } from './field-error.js';
import { child, duplicate, forbidden, index, invalid, notFound, notSupported, required } from './errors.js';
import { objectArray, str, type JsonObject } from './json.js';
import { isDNS1123Label, isValidPortName, isValidPortNum } from './names.js';

const supportedPortProtocols = ['SCTP', 'TCP', 'UDP']; // sets.List order (sorted)
const supportedPullPolicies = ['Always', 'IfNotPresent', 'Never'];
const terminationMessagePolicies = ['File', 'FallbackToLogsOnError'];

/** Volume source fields in the order validateVolumeSource checks them (its typo `downwarAPI` kept). */
const volumeSources: [json: string, path: string][] = [
  ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'], ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'], ['cinder', 'cinder'], ['cephfs', 'cephFS'], ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'], ['flexVolume', 'flexVolume'], ['configMap', 'configMap'], ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'], ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'], ['storageos', 'storageos'],
  ['projected', 'projected'], ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'], ['image', 'image'],
];

const present = (v: unknown): boolean => v !== undefined && v !== null;

function dns1123Label(value: string, fldPath: string): FieldError[] {
  return isDNS1123Label(value).map((msg) => invalid(fldPath, value, msg));
}

function validateVolumeSource(volume: JsonObject, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = present(volume['emptyDir']) ? 1 : 0;
  for (const [jsonName, pathName] of volumeSources) {
    if (!present(volume[jsonName])) continue;
    if (count > 0) {
      errs.push(forbidden(child(fldPath, pathName), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    const source = volume[jsonName] as JsonObject;
    if (jsonName === 'secret' && str(source['secretName']) === '') errs.push(required(child(fldPath, 'secret', 'secretName')));
    if (jsonName === 'configMap' && str(source['name']) === '') errs.push(required(child(fldPath, 'configMap', 'name')));
    if (jsonName === 'persistentVolumeClaim' && str(source['claimName']) === '') {
      errs.push(required(child(fldPath, 'persistentVolumeClaim', 'claimName')));
    }
  }
  if (count === 0) errs.push(required(fldPath, 'must specify a volume type'));
  return errs;
}

/** ValidateVolumes: returns the names of valid volumes (for mount checks) and the errors. */
export function validateVolumes(volumes: unknown, fldPath: string): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  objectArray(volumes).forEach((volume, i) => {
    const idxPath = index(fldPath, i);
    const namePath = child(idxPath, 'name');
    const name = str(volume['name']);
    const errs = validateVolumeSource(volume, idxPath);
    if (name === '') errs.push(required(namePath));
    else errs.push(...dns1123Label(name, namePath));
    if (names.has(name)) errs.push(duplicate(namePath, name));
    if (errs.length === 0) names.add(name);
    else errors.push(...errs);
  });
  return { names, errors };
}

function validateContainerPorts(ports: unknown, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objectArray(ports).forEach((port, i) => {
    const idxPath = index(fldPath, i);
    const name = str(port['name']);
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(child(idxPath, 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(idxPath, 'name'), name));
      else names.add(name);
    }
    const containerPort = port['containerPort'];
    if (containerPort === undefined || containerPort === null || containerPort === 0) {
      errs.push(required(child(idxPath, 'containerPort')));
    } else {
      errs.push(...isValidPortNum(Number(containerPort)).map((m) => invalid(child(idxPath, 'containerPort'), containerPort, m)));
    }
    const hostPort = port['hostPort'];
    if (typeof hostPort === 'number' && hostPort !== 0) {
      errs.push(...isValidPortNum(hostPort).map((m) => invalid(child(idxPath, 'hostPort'), hostPort, m)));
    }
    const protocol = str(port['protocol']);
    if (protocol === '') errs.push(required(child(idxPath, 'protocol')));
    else if (!supportedPortProtocols.includes(protocol)) {
      errs.push(notSupported(child(idxPath, 'protocol'), protocol, supportedPortProtocols));
    }
  });
  return errs;
}

/** IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation is on by default in 1.33). */
function validateEnv(env: unknown, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  objectArray(env).forEach((ev, i) => {
    const namePath = child(index(fldPath, i), 'name');
    const name = str(ev['name']);
    if (name === '') errs.push(required(namePath));
    else if ([...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e || c === '=')) {
      errs.push(invalid(namePath, name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    }
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, volumeNames: Set<string>, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Set<string>();
  objectArray(mounts).forEach((mount, i) => {
    const idxPath = index(fldPath, i);
    const name = str(mount['name']);
    const mountPath = str(mount['mountPath']);
    if (name === '') errs.push(required(child(idxPath, 'name')));
    if (!volumeNames.has(name)) errs.push(notFound(child(idxPath, 'name'), name));
    if (mountPath === '') errs.push(required(child(idxPath, 'mountPath')));
    if (mountPaths.has(mountPath)) errs.push(invalid(child(idxPath, 'mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
  });
  return errs;
}

function validateContainerCommon(ctr: JsonObject, volumeNames: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(ctr['name']);
  if (name === '') errs.push(required(child(path, 'name')));
  else errs.push(...dns1123Label(name, child(path, 'name')));
  if (str(ctr['image']) === '') errs.push(required(child(path, 'image')));
  const tmp = str(ctr['terminationMessagePolicy']);
  if (tmp === '') errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (!terminationMessagePolicies.includes(tmp)) {
    errs.push(notSupported(child(path, 'terminationMessagePolicy'), tmp, terminationMessagePolicies));
  }
  errs.push(...validateContainerPorts(ctr['ports'], child(path, 'ports')));
  errs.push(...validateEnv(ctr['env'], child(path, 'env')));
  errs.push(...validateVolumeMounts(ctr['volumeMounts'], volumeNames, child(path, 'volumeMounts')));
  const pullPolicy = str(ctr['imagePullPolicy']);
  if (pullPolicy === '') errs.push(required(child(path, 'imagePullPolicy')));
  else if (!supportedPullPolicies.includes(pullPolicy)) {
    errs.push(notSupported(child(path, 'imagePullPolicy'), pullPolicy, supportedPullPolicies));
  }
  return errs;
}

export function validateContainers(containers: unknown, volumeNames: Set<string>, fldPath: string): FieldError[] {
  const list = objectArray(containers);
  if (list.length === 0) return [required(fldPath)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((ctr, i) => {
    const path = index(fldPath, i);
    errs.push(...validateContainerCommon(ctr, volumeNames, path));
    const name = str(ctr['name']);
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else names.add(name);
    if (present(ctr['restartPolicy'])) errs.push(forbidden(child(path, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  return errs;
}

export function validateInitContainers(initContainers: unknown, containers: unknown, volumeNames: Set<string>, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(objectArray(containers).map((c) => str(c['name'])));
  objectArray(initContainers).forEach((ctr, i) => {
    const path = index(fldPath, i);
    errs.push(...validateContainerCommon(ctr, volumeNames, path));
    const restartPolicy = ctr['restartPolicy'];
    if (present(restartPolicy) && restartPolicy !== 'Always') {
      errs.push(notSupported(child(path, 'restartPolicy'), restartPolicy, ['Always']));
    }
    const name = str(ctr['name']);
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else if (name !== '') names.add(name);
    if (restartPolicy !== 'Always') {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (present(ctr[f])) errs.push(forbidden(child(path, f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

/** validateContainersOnlyForPod: image whitespace is checked for Pods, not templates. */
export function validateContainersOnlyForPod(containers: unknown, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  objectArray(containers).forEach((ctr, i) => {
    const image = str(ctr['image']);
    if (image !== image.trim()) errs.push(invalid(child(index(fldPath, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}
