#!/usr/bin/env bash
# Before a release: the capacity tier (< 30 min on a 2-core machine). Any failure or skip
# fails the gate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/bootstrap.sh
bash ci/build.sh
cd "${BUILD_DIR:-build}"
ctest -L '^capacity$' --no-tests=error --output-on-failure | tee capacity.log
if grep -q "Not Run\|Skipped" capacity.log; then
  echo "release gate: a capacity test was skipped" >&2
  exit 1
fi
