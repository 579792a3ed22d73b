#!/usr/bin/env bash
# Vendors the protobuf message definitions vkube decodes (issue 9) into third_party/k8s-proto/, at the
# k8s.io/* module version pinned in hack/kube-version.env, keeping upstream import paths so protobufjs
# resolves `import "k8s.io/..."` against that folder. Also regenerates go-json-fields.json: the Go
# encoding/json shape (json name, omitempty, pointer/slice/inline) of every message, which the .proto
# files cannot express but the decoder needs to reproduce Go's JSON exactly, and descriptor.json,
# the same protos pre-parsed for protobufjs (what the server loads at runtime).
#
# Works on a fresh machine: modules are fetched with `go mod download -json` (module proxy or cache).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=kube-version.env
source "${repo_root}/hack/kube-version.env"
: "${KUBE_API_MODULE_VERSION:?missing in hack/kube-version.env}"

export GOFLAGS=-mod=mod GOWORK=off
out_dir="${repo_root}/third_party/k8s-proto"

# Group-versions of k8s.io/api that vkube serves (keep in step with the registry's catalogue).
api_group_versions=(
  core/v1 apps/v1 batch/v1 rbac/v1 networking/v1 policy/v1 coordination/v1 discovery/v1 events/v1
  storage/v1 scheduling/v1 autoscaling/v1 autoscaling/v2 admissionregistration/v1 authentication/v1
  authorization/v1 certificates/v1
)
apimachinery_packages=(pkg/runtime pkg/runtime/schema pkg/api/resource pkg/apis/meta/v1 pkg/util/intstr)
apiextensions_packages=(pkg/apis/apiextensions/v1)

module_dir() { # <module> <version> -> prints the extracted module directory
  local json dir
  json="$(go mod download -json "$1@$2")"
  dir="$(printf '%s\n' "${json}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  if [[ -z "${dir}" || ! -d "${dir}" ]]; then
    echo "go mod download $1@$2 failed:" >&2
    printf '%s\n' "${json}" >&2
    exit 1
  fi
  printf '%s\n' "${dir}"
}

api_dir="$(module_dir k8s.io/api "${KUBE_API_MODULE_VERSION}")"
apimachinery_dir="$(module_dir k8s.io/apimachinery "${KUBE_API_MODULE_VERSION}")"
apiextensions_dir="$(module_dir k8s.io/apiextensions-apiserver "${KUBE_API_MODULE_VERSION}")"

rm -rf "${out_dir}/k8s.io"
copy_proto() { # <module dir> <module path> <package dir>
  local target="${out_dir}/$2/$3"
  mkdir -p "${target}"
  install -m 0644 "$1/$3/generated.proto" "${target}/generated.proto"
}
for gv in "${api_group_versions[@]}"; do copy_proto "${api_dir}" k8s.io/api "${gv}"; done
for pkg in "${apimachinery_packages[@]}"; do copy_proto "${apimachinery_dir}" k8s.io/apimachinery "${pkg}"; done
for pkg in "${apiextensions_packages[@]}"; do
  copy_proto "${apiextensions_dir}" k8s.io/apiextensions-apiserver "${pkg}"
done
install -m 0644 "${api_dir}/LICENSE" "${out_dir}/LICENSE"

# Every import must resolve inside the vendored set, or protobufjs fails at first use instead of here.
missing=0
while read -r imported; do
  if [[ ! -f "${out_dir}/${imported}" ]]; then echo "unvendored import: ${imported}" >&2; missing=1; fi
done < <(grep -rhoE '^import "[^"]+"' "${out_dir}/k8s.io" | sed -E 's/^import "(.*)"/\1/' | sort -u)
[[ "${missing}" == 0 ]] || exit 1

cat > "${out_dir}/NOTICE" <<NOTICE
Protocol buffer definitions vendored from the Kubernetes project.

Copyright The Kubernetes Authors.
Licensed under the Apache License, Version 2.0 (see LICENSE in this folder,
or https://www.apache.org/licenses/LICENSE-2.0).

Sources (unmodified copies of generated.proto, upstream import paths kept):
  k8s.io/api@${KUBE_API_MODULE_VERSION}: $(printf '%s ' "${api_group_versions[@]}")
  k8s.io/apimachinery@${KUBE_API_MODULE_VERSION}: $(printf '%s ' "${apimachinery_packages[@]}")
  k8s.io/apiextensions-apiserver@${KUBE_API_MODULE_VERSION}: $(printf '%s ' "${apiextensions_packages[@]}")

Derived files (not upstream; regenerate all with hack/update-protos.sh):
  descriptor.json      the .proto files above, parsed by protobufjs (src/apiserver/protobuf/schema.ts)
  go-json-fields.json  encoding/json shape of the same Go types, by test/fixtures/protobuf/gen/jsonfields
NOTICE

# The Go program lives with the fixture generator because both need the same go.mod (k8s.io/* pinned).
gen_dir="${repo_root}/test/fixtures/protobuf/gen"
(
  cd "${gen_dir}"
  go mod edit \
    -require="k8s.io/api@${KUBE_API_MODULE_VERSION}" \
    -require="k8s.io/apimachinery@${KUBE_API_MODULE_VERSION}" \
    -require="k8s.io/apiextensions-apiserver@${KUBE_API_MODULE_VERSION}"
  go mod tidy
  go run ./jsonfields > "${out_dir}/go-json-fields.json.tmp"
)
mv "${out_dir}/go-json-fields.json.tmp" "${out_dir}/go-json-fields.json"

# Pre-parsed protobufjs descriptors: loading these is ~3x faster than parsing .proto at first request.
(
  cd "${repo_root}"
  npx --no-install tsx --eval "
    import { writeFileSync } from 'node:fs';
    import { buildDescriptorJson } from './src/apiserver/protobuf/schema.ts';
    writeFileSync('third_party/k8s-proto/descriptor.json', buildDescriptorJson());
  "
)

echo "vendored $(find "${out_dir}/k8s.io" -name generated.proto | wc -l) proto files into ${out_dir}"
