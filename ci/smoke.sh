#!/usr/bin/env bash
# The main job (every pull request): set up, build, run the smoke tier against the bundled
# reference server, or against SWARMGATE_TARGET when set. The exit code gates the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/bootstrap.sh
bash ci/build.sh
cd "${BUILD_DIR:-build}"
ctest -L '^smoke$' --no-tests=error --output-on-failure
