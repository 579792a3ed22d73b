#!/usr/bin/env bash
# Refreshes third_party/openapi/ from the upstream OpenAPI spec of the pinned Kubernetes release
# (k8s.io/kubernetes module, api/openapi-spec/; Apache-2.0), keeping only what vkube serves, gzipped.
# Also vendors gnostic's OpenAPIv2.proto (the message /openapi/v2 is encoded as for client-go) at the
# github.com/google/gnostic-models version that release pins.
#
# Works on a fresh machine: modules are fetched with `go mod download -json` (module proxy or cache).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=kube-version.env
source hack/kube-version.env
export GOFLAGS=-mod=mod GOWORK=off

module_dir() { go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",/\1/p'; }

kube_dir=$(module_dir "k8s.io/kubernetes@${KUBE_VERSION}")
spec_dir="$kube_dir/api/openapi-spec"
[ -f "$spec_dir/swagger.json" ] || { echo "no api/openapi-spec in $kube_dir" >&2; exit 1; }
gnostic_version=$(sed -n 's/^\s*github.com\/google\/gnostic-models \(v[^ ]*\).*/\1/p' "$kube_dir/go.mod" | head -1)
[ -n "$gnostic_version" ] || { echo "gnostic-models not found in $kube_dir/go.mod" >&2; exit 1; }
gnostic_dir=$(module_dir "github.com/google/gnostic-models@${gnostic_version}")

out=third_party/openapi
rm -rf "$out" && mkdir -p "$out/v3"

# The group-versions vkube serves (keep in step with hack/update-discovery.sh and the registry catalogue).
# Upstream names v3 documents after their path: "apis/apps/v1" is apis__apps__v1_openapi.json.
served_group_versions=(
  v1 apps/v1 batch/v1 rbac.authorization.k8s.io/v1 networking.k8s.io/v1 policy/v1 coordination.k8s.io/v1
  discovery.k8s.io/v1 events.k8s.io/v1 storage.k8s.io/v1 scheduling.k8s.io/v1 autoscaling/v1 autoscaling/v2
  admissionregistration.k8s.io/v1 apiextensions.k8s.io/v1 authentication.k8s.io/v1 authorization.k8s.io/v1
  certificates.k8s.io/v1 node.k8s.io/v1
)
v3_paths=(api apis version logs .well-known/openid-configuration openid/v1/jwks)
for gv in "${served_group_versions[@]}"; do
  if [ "$gv" = v1 ]; then v3_paths+=(api/v1); else v3_paths+=("apis/$gv" "apis/${gv%/*}"); fi
done
for path in $(printf '%s\n' "${v3_paths[@]}" | sort -u); do
  file="${path//\//__}_openapi.json"
  if [ -f "$spec_dir/v3/$file" ]; then
    gzip -9 -n -c "$spec_dir/v3/$file" > "$out/v3/$file.gz"
  else
    echo "note: no upstream v3 document for $path" >&2
  fi
done

# v2: keep the paths under served prefixes, then the definitions and parameters those paths reach
# (transitively through $ref), so every served kind keeps its full schema and nothing dangles.
node - "$spec_dir/swagger.json" "$out/swagger.json" "${served_group_versions[@]}" <<'NODE'
const fs = require('node:fs');
const [input, output, ...groupVersions] = process.argv.slice(2);
const swagger = JSON.parse(fs.readFileSync(input, 'utf8'));
// Group documents (/apis/apps/) match exactly; everything under a served version or endpoint matches.
const exact = new Set(['/api/', '/apis/']);
const prefixes = ['/version/', '/logs/', '/.well-known/openid-configuration/', '/openid/v1/jwks/'];
for (const gv of groupVersions) {
  if (gv === 'v1') prefixes.push('/api/v1/');
  else { prefixes.push(`/apis/${gv}/`); exact.add(`/apis/${gv.split('/')[0]}/`); }
}
const keepPath = (p) => exact.has(p) || prefixes.some((prefix) => p.startsWith(prefix));
const paths = {};
for (const [p, item] of Object.entries(swagger.paths)) if (keepPath(p)) paths[p] = item;
const reached = { definitions: new Set(), parameters: new Set() };
const pending = [paths];
while (pending.length > 0) {
  const value = pending.pop();
  if (Array.isArray(value)) { pending.push(...value); continue; }
  if (value === null || typeof value !== 'object') continue;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      const [, section, name] = child.split('/');
      if (!reached[section].has(name)) { reached[section].add(name); pending.push(swagger[section][name]); }
    } else pending.push(child);
  }
}
const pick = (section) => Object.fromEntries(Object.entries(swagger[section]).filter(([n]) => reached[section].has(n)));
const filtered = { ...swagger, paths, definitions: pick('definitions'), parameters: pick('parameters') };
fs.writeFileSync(output, JSON.stringify(filtered, null, 2) + '\n');
console.error(`v2: kept ${Object.keys(paths).length}/${Object.keys(swagger.paths).length} paths, ` +
  `${reached.definitions.size}/${Object.keys(swagger.definitions).length} definitions`);
NODE
gzip -9 -n "$out/swagger.json"

cp "$gnostic_dir/openapiv2/OpenAPIv2.proto" "$out/OpenAPIv2.proto"
cp "$gnostic_dir/LICENSE" "$out/LICENSE.gnostic-models"
chmod 644 "$out"/*.* "$out"/LICENSE.* "$out"/v3/*

cat > "$out/NOTICE" <<NOTE
swagger.json.gz and v3/*.json.gz are copies of api/openapi-spec/swagger.json and
api/openapi-spec/v3/*.json from kubernetes/kubernetes at ${KUBE_VERSION} (Go module
k8s.io/kubernetes@${KUBE_VERSION}), licensed under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0), gzipped. The v3 documents are byte-for-byte copies of
the ones vkube serves; swagger.json keeps only the paths of served group-versions and the definitions
and parameters they reference (re-serialised, otherwise unchanged).

OpenAPIv2.proto is a copy of openapiv2/OpenAPIv2.proto from github.com/google/gnostic-models at
${gnostic_version} (Copyright 2020 Google LLC), licensed under the Apache License 2.0; see
LICENSE.gnostic-models.

Regenerate with hack/update-openapi.sh.
NOTE
echo "openapi data for ${KUBE_VERSION} (gnostic-models ${gnostic_version}) written to $out"
