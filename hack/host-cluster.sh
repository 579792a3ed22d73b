#!/usr/bin/env bash
# A real Kubernetes host cluster for development and tests, built from Go modules (no Docker).
# See docs/host-cluster.md.
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
usage: hack/host-cluster.sh <command> [--kind]
  up             build what is missing, start etcd, control plane and kwok on 127.0.0.1,
                 wait for /readyz and Ready nodes, write .vkube/host/kubeconfig
  down           stop the processes `up` started (by pid file) and remove the state dir
  status         show what runs; exit 0 only when everything runs and /readyz is ok
  build          build the control plane, etcd and kwok into ~/.cache/vkube (no start)
  build-clients  build the client-go test program (test/clients/go) into ~/.cache/vkube
  --kind         run the same command with kind instead (needs Docker): hack/host-cluster-kind.sh
USAGE
  exit 2
}

HOST_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command="${1:-}"
if [[ "${2:-}" == --kind || "${command}" == --kind ]]; then
  [[ "${command}" == --kind ]] && command="${2:-}"
  exec "${HOST_SCRIPT_DIR}/host-cluster-kind.sh" "${command}"
fi

source "${HOST_SCRIPT_DIR}/host/common.sh"
source "${HOST_SCRIPT_DIR}/host/build.sh"
source "${HOST_SCRIPT_DIR}/host/clients.sh"
source "${HOST_SCRIPT_DIR}/host/pki.sh"
source "${HOST_SCRIPT_DIR}/host/run.sh"
source "${HOST_SCRIPT_DIR}/host/components.sh"

case "${command}" in
  up) host_up ;;
  down) host_down ;;
  status) host_status ;;
  build) build_kube_binaries; build_kwok ;;
  build-clients) build_go_clients ;;
  *) usage ;;
esac
