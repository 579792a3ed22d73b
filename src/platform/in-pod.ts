/**
 * `vkube serve` inside its host pod (manifests/, charts/vkube): it is reached through its host
 * Service, so the Service's DNS names and ClusterIP go into the serving certificate, the Service
 * address is what it advertises, and the admin kubeconfig naming that address is published in a
 * host Secret for `vkube kubeconfig` / `vkube connect` and for in-cluster tenants.
 */
import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { ApiException, CoreV1Api, KubernetesObjectApi, PatchStrategy } from '../client-node.js';
import { KUBECONFIG_SECRET_KEY } from './kubeconfig.js';
import { commonLabels, SERVICE_PORT } from './objects.js';

export interface AdvertiseConfig {
  /** The host Service in front of this pod (`--advertise-service`). */
  serviceName: string;
  /** Host Secret the admin kubeconfig is published in (`--kubeconfig-secret`). */
  kubeconfigSecret?: string;
}

export interface ServiceAddress {
  dnsNames: string[];
  ip?: string;
  port: number;
  /** What the published kubeconfig names: the Service's namespaced DNS name. */
  url: string;
}

export function serviceDnsNames(serviceName: string, namespace: string, clusterDomain = 'cluster.local'): string[] {
  return [serviceName, `${serviceName}.${namespace}`, `${serviceName}.${namespace}.svc`, `${serviceName}.${namespace}.svc.${clusterDomain}`];
}

/** Reads the Service's ClusterIP (a few tries: the pod may start before the Service exists). */
export async function resolveServiceAddress(kubeConfig: KubeConfig, namespace: string, config: AdvertiseConfig, logger: Logger, attempts = 10): Promise<ServiceAddress> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const port = SERVICE_PORT;
  let ip: string | undefined;
  for (let i = 1; i <= attempts && ip === undefined; i++) {
    try {
      const service = await core.readNamespacedService({ name: config.serviceName, namespace });
      ip = service.spec?.clusterIP && service.spec.clusterIP !== 'None' ? service.spec.clusterIP : undefined;
      break;
    } catch (err) {
      logger.warn({ err, attempt: i, service: `${namespace}/${config.serviceName}` }, 'cannot read the host Service; its ClusterIP is left out of the serving certificate for now');
      if (i < attempts) await new Promise((r) => setTimeout(r, 1000));
    }
  }
  return { dnsNames: serviceDnsNames(config.serviceName, namespace), ip, port, url: `https://${config.serviceName}.${namespace}.svc:${port}` };
}

/** Creates the kubeconfig Secret, or merge-patches it (the syncer's Role grants patch, not update). */
export async function publishKubeconfigSecret(kubeConfig: KubeConfig, namespace: string, secretName: string, clusterName: string, kubeconfigYaml: string): Promise<void> {
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const body: V1Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, namespace, labels: commonLabels(clusterName) },
    type: 'Opaque',
    data: { [KUBECONFIG_SECRET_KEY]: Buffer.from(kubeconfigYaml).toString('base64') },
  };
  try {
    await objects.create(body, undefined, undefined, 'vkube');
  } catch (err) {
    if (!(err instanceof ApiException && err.code === 409)) throw err;
    await objects.patch(body, undefined, undefined, 'vkube', undefined, PatchStrategy.MergePatch);
  }
}
