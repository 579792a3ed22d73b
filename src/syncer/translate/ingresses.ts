import type { V1Ingress, V1IngressBackend, V1IngressSpec, V1IngressStatus } from '@kubernetes/client-node';
import type { SyncContext } from './context.js';
import { cloneJson, hostObjectMeta, virtualRefOf } from './metadata.js';

/**
 * The Secrets an Ingress names (its TLS certificates), in its own namespace: they go to the host
 * with it, as a pod's do, or the host's ingress controller would find no certificate.
 */
export function ingressSecretNames(spec: V1IngressSpec | undefined): string[] {
  return [...new Set((spec?.tls ?? []).map((tls) => tls.secretName).filter((name): name is string => !!name))];
}

/** The host Ingress: service backends and TLS secrets name the host copies. */
export function ingressToHost(virtualIngress: V1Ingress, context: SyncContext): V1Ingress {
  const virtualRef = virtualRefOf(virtualIngress);
  const { mappers } = context;
  const backend = (b: V1IngressBackend): V1IngressBackend =>
    b.service
      ? { ...b, service: { ...b.service, name: mappers.services.virtualToHost({ namespace: virtualRef.namespace, name: b.service.name }).name } }
      : b;
  const spec = cloneJson(virtualIngress.spec) ?? {};
  if (spec.defaultBackend) spec.defaultBackend = backend(spec.defaultBackend);
  spec.rules = spec.rules?.map((rule) =>
    rule.http ? { ...rule, http: { paths: rule.http.paths.map((path) => ({ ...path, backend: backend(path.backend) })) } } : rule,
  );
  if (spec.rules === undefined) delete spec.rules;
  if (spec.tls) {
    spec.tls = spec.tls.map((tls) =>
      tls.secretName
        ? { ...tls, secretName: mappers.secrets.virtualToHost({ namespace: virtualRef.namespace, name: tls.secretName }).name }
        : tls,
    );
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: hostObjectMeta(virtualIngress.metadata ?? {}, 'Ingress', mappers.ingresses.virtualToHost(virtualRef), context),
    spec,
  };
}

export function ingressStatusToVirtual(hostIngress: V1Ingress): V1IngressStatus {
  return cloneJson(hostIngress.status) ?? {};
}
