#!/usr/bin/env bash
# The main job (every pull request): set up, build, run the smoke tier against the bundled
# reference server, or against SWARMGATE_TARGET when set. The exit code gates the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/bootstrap.sh
bash ci/build.sh
bash ci/run-tier.sh smoke
