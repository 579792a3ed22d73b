#!/usr/bin/env bash
# Refreshes third_party/discovery/ from the upstream discovery golden files of the pinned Kubernetes
# release (k8s.io/kubernetes module, api/discovery/*.json; Apache-2.0). vkube builds its built-in
# resource catalog (names, kinds, verbs, shortNames, categories, subresources) from these.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=kube-version.env
source hack/kube-version.env
dir=$(GOFLAGS=-mod=mod GOWORK=off go mod download -json "k8s.io/kubernetes@${KUBE_VERSION}" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
[ -d "$dir/api/discovery" ] || { echo "no api/discovery in $dir" >&2; exit 1; }
out=third_party/discovery
rm -rf "$out" && mkdir -p "$out"
# The group-versions vkube serves (keep in step with src/registry/catalog.ts).
for gv in api__v1 apis__apps__v1 apis__batch__v1 apis__rbac.authorization.k8s.io__v1 apis__networking.k8s.io__v1 \
  apis__policy__v1 apis__coordination.k8s.io__v1 apis__discovery.k8s.io__v1 apis__events.k8s.io__v1 \
  apis__storage.k8s.io__v1 apis__scheduling.k8s.io__v1 apis__autoscaling__v1 apis__autoscaling__v2 \
  apis__admissionregistration.k8s.io__v1 apis__apiextensions.k8s.io__v1 apis__authentication.k8s.io__v1 \
  apis__authorization.k8s.io__v1 apis__certificates.k8s.io__v1 apis__node.k8s.io__v1; do
  cp "$dir/api/discovery/$gv.json" "$out/$gv.json"
done
chmod 644 "$out"/*.json
cat > "$out/NOTICE" <<NOTE
These files are copies of api/discovery/*.json from kubernetes/kubernetes at ${KUBE_VERSION}
(Go module k8s.io/kubernetes@${KUBE_VERSION}), licensed under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0). Regenerate with hack/update-discovery.sh.
NOTE
echo "discovery data for ${KUBE_VERSION} written to $out"
