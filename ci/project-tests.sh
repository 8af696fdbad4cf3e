#!/usr/bin/env bash
# The project's own tests: unit, selftest (each gate proven against a faulty server) and
# smoke tiers. Adds --sanitize to also build and run the unit tests under ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/bootstrap.sh
bash ci/build.sh
(cd "${BUILD_DIR:-build}" && ctest -L '^(unit|selftest|smoke)$' --no-tests=error --output-on-failure)
if [[ "${1:-}" == "--sanitize" ]]; then
  BUILD_DIR=build-asan bash ci/build.sh -DSWARMGATE_SANITIZE=ON
  (cd build-asan && ctest -L '^unit$' --no-tests=error --output-on-failure)
fi
