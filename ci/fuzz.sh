#!/usr/bin/env bash
# The fuzz tier: builds the engine and the fuzz targets of fuzz/ with Clang's libFuzzer under
# ASan + UBSan into ${BUILD_DIR:-build-fuzz}, then runs every target for
# ${SWARMGATE_FUZZ_SECONDS:-30} s (two at a time), seeds and kept crash inputs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/bootstrap.sh
build_dir=${BUILD_DIR:-build-fuzz}
CXX=${CXX:-clang++-14} BUILD_DIR=$build_dir bash ci/build.sh -DSWARMGATE_FUZZ=ON \
  -DSWARMGATE_FUZZ_SECONDS="${SWARMGATE_FUZZ_SECONDS:-30}"
(cd "$build_dir" && ctest -L '^fuzz$' -j 2 --no-tests=error --output-on-failure)
