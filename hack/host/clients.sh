# shellcheck shell=bash
# Builds the client programs under test/clients/ into ${VKUBE_CACHE_DIR}/clients, keyed by a hash of
# their sources so an edit rebuilds and an unchanged tree reuses the binary.
# Sourced by hack/host-cluster.sh after common.sh.

# Prints the path of the client-go check binary (building it first if needed) on stdout.
build_go_clients() {
  local source_dir="${VKUBE_REPO_ROOT}/test/clients/go" source_hash bin
  [[ -f "${source_dir}/go.mod" ]] || die "missing ${source_dir}/go.mod"
  # Test files do not go into the binary, so they do not change the key.
  source_hash="$(cd "${source_dir}" && find . -maxdepth 1 -name '*.go' ! -name '*_test.go' | sort |
    xargs cat go.mod go.sum | sha256sum | cut -c1-16)"
  bin="${VKUBE_CACHE_DIR}/clients/go-${source_hash}/client-go-check"
  if [[ ! -x "${bin}" ]]; then
    local started=${SECONDS}
    log "building test/clients/go into $(dirname "${bin}")"
    mkdir -p "$(dirname "${bin}")"
    (cd "${source_dir}" && go build -trimpath -ldflags "-s -w" -o "${bin}.tmp" .) || die "building test/clients/go failed"
    mv "${bin}.tmp" "${bin}"
    # Only the binary for the current sources is worth keeping.
    find "${VKUBE_CACHE_DIR}/clients" -mindepth 1 -maxdepth 1 -name 'go-*' \
      ! -name "go-${source_hash}" -exec rm -rf {} +
    log "client-go-check built in $((SECONDS - started))s"
  fi
  echo "${bin}"
}
