#!/usr/bin/env bash
# The project's own tests: unit, selftest (each gate proven against a faulty server) and
# smoke tiers. With --sanitize, also builds everything (engine, reference server, scenarios)
# under ASan + UBSan and runs the unit and smoke tiers there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/bootstrap.sh
bash ci/build.sh
(cd "${BUILD_DIR:-build}" && ctest -L '^(unit|selftest|smoke)$' --no-tests=error --output-on-failure)
if [[ "${1:-}" == "--sanitize" ]]; then
  BUILD_DIR=build-asan bash ci/build.sh -DSWARMGATE_SANITIZE=ON
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest -L '^(unit|smoke)$' --no-tests=error --output-on-failure)
fi
