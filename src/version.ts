/** The Kubernetes release vkube serves (keep in step with hack/kube-version.env). */
export const KUBERNETES_VERSION = 'v1.33.13';
export const KUBERNETES_MINOR = '33';
/** vkube's own version (package.json). */
export const VKUBE_VERSION = '0.1.0';
