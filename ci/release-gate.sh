#!/usr/bin/env bash
# Before a release: the capacity tier (< 30 min on a 2-core machine). Any failure or skip
# fails the gate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/bootstrap.sh
bash ci/build.sh
code=0
bash ci/run-tier.sh capacity || code=$?
if grep -q "Not Run\|Skipped" "${BUILD_DIR:-build}/capacity.log"; then
  echo "release gate: a capacity test was skipped" >&2
  exit 1
fi
exit "$code"
