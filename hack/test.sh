#!/usr/bin/env bash
# The whole test suite (the README's test command runs this through `npm test`):
#   1. type-checks and builds the product (tsc, strict);
#   2. brings up the real host cluster (hack/host-cluster.sh up: kube-apiserver, controller-manager,
#      scheduler, etcd and kwok built from Go modules, cached under ~/.cache/vkube) and takes it down
#      again on exit, also when tests fail;
#   3. runs every vitest suite (unit, store conformance + kill -9 durability, end-to-end with the real
#      kubectl binaries, the host cluster) and prints one "N passed, N failed" line.
# Set VKUBE_TEST_NO_HOST=1 to skip the host cluster (its end-to-end tests then fail, not skip).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
npm run --silent typecheck   # tests and benches too, strict

host_started=0
cleanup() {
  if [ "$host_started" = 1 ]; then hack/host-cluster.sh down >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if [ "${VKUBE_TEST_NO_HOST:-0}" != 1 ]; then
  hack/host-cluster.sh up
  host_started=1
fi

mkdir -p .test-results
# Objects the registry hands to the store are checked to be plain JSON and frozen (commit-queue.ts).
export VKUBE_STORE_CHECK_ADOPTED=1
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json "$@"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync(".test-results/vitest.json", "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit $status
