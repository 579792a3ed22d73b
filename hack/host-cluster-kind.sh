#!/usr/bin/env bash
# The host cluster made with kind (needs Docker or Podman), for users whose machines have it.
# Same kubeconfig path and API port as hack/host-cluster.sh, but real kubelets instead of kwok.
# Usage: hack/host-cluster-kind.sh {up|down|status}
set -euo pipefail

VKUBE_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "${VKUBE_REPO_ROOT}/hack/host/common.sh"

KIND_CLUSTER_NAME="${KIND_CLUSTER_NAME:-vkube-host}"
# kind publishes node images for selected patch releases only; if this tag is missing, build it with
# `kind build node-image --type release ${KUBE_VERSION} --image kindest/node:${KUBE_VERSION}`.
KIND_NODE_IMAGE="${KIND_NODE_IMAGE:-kindest/node:${KUBE_VERSION}}"

command -v kind >/dev/null || die "kind is not installed (https://kind.sigs.k8s.io/docs/user/quick-start/)"

cluster_exists() { kind get clusters 2>/dev/null | grep -qx "${KIND_CLUSTER_NAME}"; }

case "${1:-}" in
  up)
    if ! cluster_exists; then
      sed "s/apiServerPort: 16443/apiServerPort: ${HOST_APISERVER_PORT}/" \
        "${VKUBE_REPO_ROOT}/hack/host/kind-config.yaml" |
        kind create cluster --name "${KIND_CLUSTER_NAME}" --image "${KIND_NODE_IMAGE}" --config - --wait 120s
    fi
    mkdir -p "$(dirname "${HOST_KUBECONFIG}")"
    (umask 077 && kind get kubeconfig --name "${KIND_CLUSTER_NAME}" > "${HOST_KUBECONFIG}")
    log "kind cluster ${KIND_CLUSTER_NAME} is up: export KUBECONFIG=${HOST_KUBECONFIG}"
    ;;
  down)
    cluster_exists && kind delete cluster --name "${KIND_CLUSTER_NAME}"
    rm -rf "${HOST_STATE_DIR}"
    ;;
  status)
    cluster_exists || { echo "kind cluster ${KIND_CLUSTER_NAME}: absent"; exit 1; }
    echo "kind cluster ${KIND_CLUSTER_NAME}: present; kubeconfig ${HOST_KUBECONFIG}"
    ;;
  *) die "usage: $0 {up|down|status}" ;;
esac
