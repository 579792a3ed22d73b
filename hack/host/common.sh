# shellcheck shell=bash
# Shared settings for hack/host-cluster.sh and its helpers. Sourced, never executed.
# Every value can be overridden from the environment so CI and developers can move ports and dirs.

VKUBE_REPO_ROOT="${VKUBE_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
# shellcheck source=../kube-version.env
source "${VKUBE_REPO_ROOT}/hack/kube-version.env"

VKUBE_CACHE_DIR="${VKUBE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vkube}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
# Newest client-go whose go directive (1.26.0) the local Go accepts; the test client pins it in its go.mod.

HOST_STATE_DIR="${HOST_STATE_DIR:-${VKUBE_REPO_ROOT}/.vkube/host}"
HOST_KUBECONFIG="${HOST_KUBECONFIG:-${HOST_STATE_DIR}/kubeconfig}"
HOST_BIND_ADDRESS=127.0.0.1
HOST_APISERVER_PORT="${HOST_APISERVER_PORT:-16443}"
HOST_ETCD_CLIENT_PORT="${HOST_ETCD_CLIENT_PORT:-12379}"
HOST_ETCD_PEER_PORT="${HOST_ETCD_PEER_PORT:-12380}"
HOST_CONTROLLER_MANAGER_PORT="${HOST_CONTROLLER_MANAGER_PORT:-10257}"
HOST_SCHEDULER_PORT="${HOST_SCHEDULER_PORT:-10259}"
# kwok's own server (logs/exec/port-forward/metrics for fake pods, like a kubelet).
HOST_KWOK_SERVER_PORT="${HOST_KWOK_SERVER_PORT:-10247}"
HOST_NODE_COUNT="${HOST_NODE_COUNT:-3}"
# v1.33 ships WatchList off by default (it answers sendInitialEvents with 422 and client-go falls back
# to list+watch); on here so the client-go check exercises streaming lists end to end.
HOST_APISERVER_FEATURE_GATES="${HOST_APISERVER_FEATURE_GATES:-WatchList=true}"
HOST_SERVICE_CIDR="${HOST_SERVICE_CIDR:-10.96.0.0/16}"
HOST_POD_CIDR="${HOST_POD_CIDR:-10.244.0.0/16}"
HOST_READY_TIMEOUT_SECONDS="${HOST_READY_TIMEOUT_SECONDS:-120}"

# Go must never fetch a toolchain, never pick up a go.work, and build static binaries.
# -buildvcs=false: the wrappers live outside any VCS checkout and test/clients/go inside one; neither
# binary needs VCS stamps, and stamping fails where git is missing or distrusts the checkout owner.
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"

host_kube_bin_dir() { echo "${VKUBE_CACHE_DIR}/kube/${KUBE_VERSION}/bin"; }
host_kwok_bin_dir() { echo "${VKUBE_CACHE_DIR}/kwok/${KWOK_VERSION}/bin"; }
host_kwok_stages_dir() { echo "${VKUBE_CACHE_DIR}/kwok/${KWOK_VERSION}/stages"; }
host_clients_bin_dir() { echo "${VKUBE_CACHE_DIR}/clients/bin"; }

log() { printf '[host-cluster] %s\n' "$*" >&2; }
die() { printf '[host-cluster] error: %s\n' "$*" >&2; exit 1; }
