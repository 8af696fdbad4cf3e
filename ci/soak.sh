#!/usr/bin/env bash
# Scheduled: the soak tier, SWARMGATE_SOAK_SECONDS per test (default 1800; the tests'
# TIMEOUT is configured from the same value).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/bootstrap.sh
bash ci/build.sh -DSWARMGATE_SOAK_SECONDS="${SWARMGATE_SOAK_SECONDS:-1800}"
bash ci/run-tier.sh soak
