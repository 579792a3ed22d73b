#!/usr/bin/env bash
# Refreshes third_party/rbac/ from upstream's bootstrap-policy golden files of the pinned Kubernetes
# release (k8s.io/kubernetes module, plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata;
# Apache-2.0): the default ClusterRoles and ClusterRoleBindings vkube creates at start.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=kube-version.env
source hack/kube-version.env
dir=$(GOFLAGS=-mod=mod GOWORK=off go mod download -json "k8s.io/kubernetes@${KUBE_VERSION}" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
src="$dir/plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata"
[ -d "$src" ] || { echo "no bootstrappolicy testdata in $dir" >&2; exit 1; }
out=third_party/rbac
rm -rf "$out" && mkdir -p "$out"
for f in cluster-roles.yaml cluster-role-bindings.yaml; do
  gzip -9n < "$src/$f" > "$out/$f.gz"
done
chmod 644 "$out"/*
cat > "$out/NOTICE" <<NOTE
These files are gzipped copies of plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/
{cluster-roles,cluster-role-bindings}.yaml from kubernetes/kubernetes at ${KUBE_VERSION}
(Go module k8s.io/kubernetes@${KUBE_VERSION}), licensed under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0). Regenerate with hack/update-rbac.sh.
NOTE
echo "RBAC bootstrap policy for ${KUBE_VERSION} written to $out"
