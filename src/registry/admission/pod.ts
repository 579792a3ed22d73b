/**
 * What upstream's admission chain adds to a new pod, so a pod read back looks like one from a real
 * cluster (plugin/pkg/admission/serviceaccount, defaulttolerationseconds, priority at v1.33):
 * - serviceAccountName `default` when unset;
 * - unless automountServiceAccountToken is false, a projected `kube-api-access-<5 chars>` volume
 *   (token 3607 s, kube-root-ca.crt's ca.crt, the namespace) mounted read-only at
 *   /var/run/secrets/kubernetes.io/serviceaccount in every container and init container that
 *   does not mount something there already;
 * - NoExecute tolerations for node.kubernetes.io/not-ready and unreachable, 300 s, unless tolerated;
 * - priority from priorityClassName (the two system classes; 0 without a class) and
 *   preemptionPolicy PreemptLowerPriority.
 * Limits: the ServiceAccount's own automountServiceAccountToken and custom PriorityClass objects
 * are not consulted (the strategy hook is synchronous); mirror pods are not special-cased.
 */
import { randomNameSuffix } from '../name-suffix.js';
import { isPlainObject, type KubeObject } from '../object.js';

type JsonObject = Record<string, unknown>;

export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
/** settings.WarnOnlyBoundTokenExpirationSeconds: an hour plus 7 s, so stale-token use can be spotted. */
const TOKEN_EXPIRATION_SECONDS = 3607;
const DEFAULT_TOLERATION_SECONDS = 300;
const SYSTEM_PRIORITIES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

export interface PodAdmissionOptions {
  /** The volume-name suffix generator (tests pin it). */
  randomSuffix?: () => string;
}

function arr(v: unknown): JsonObject[] {
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

export function tokenVolume(name: string): JsonObject {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: 420,
    },
  };
}

function admitServiceAccount(spec: JsonObject, suffix: () => string): void {
  if (typeof spec.serviceAccountName !== 'string' || spec.serviceAccountName === '') {
    spec.serviceAccountName = typeof spec.serviceAccount === 'string' && spec.serviceAccount ? spec.serviceAccount : 'default';
  }
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.automountServiceAccountToken === false) return;
  const volumes = arr(spec.volumes);
  const existing = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const volumeName = existing ? String(existing.name) : `${TOKEN_VOLUME_PREFIX}${suffix()}`;
  let needsVolume = false;
  for (const field of ['initContainers', 'containers'] as const) {
    for (const c of arr(spec[field])) {
      const mounts = arr(c.volumeMounts);
      if (mounts.some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
      c.volumeMounts = [...mounts, { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
      needsVolume = true;
    }
  }
  if (!existing && needsVolume) spec.volumes = [...volumes, tokenVolume(volumeName)];
}

function tolerated(tolerations: JsonObject[], key: string): boolean {
  return tolerations.some((t) => (t.key === key || t.key === undefined || t.key === '') && (t.effect === 'NoExecute' || t.effect === undefined || t.effect === ''));
}

function admitTolerations(spec: JsonObject): void {
  const tolerations = arr(spec.tolerations);
  const added: JsonObject[] = [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerated(tolerations, key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

function admitPriority(spec: JsonObject): void {
  const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (className === '') spec.priority = 0;
  else if (className in SYSTEM_PRIORITIES) spec.priority = SYSTEM_PRIORITIES[className];
  if (spec.preemptionPolicy === undefined) spec.preemptionPolicy = 'PreemptLowerPriority';
}

/** Mutates a pod being created as the ServiceAccount, DefaultTolerationSeconds and Priority plugins do. */
export function admitPod(pod: KubeObject, options: PodAdmissionOptions = {}): void {
  if (!isPlainObject(pod.spec)) return;
  const spec = pod.spec;
  admitServiceAccount(spec, options.randomSuffix ?? (() => randomNameSuffix()));
  admitTolerations(spec);
  admitPriority(spec);
}
