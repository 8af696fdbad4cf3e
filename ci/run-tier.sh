#!/usr/bin/env bash
# Runs one tier of the suite (a CTest label) in the build folder and says at the end where its
# results are and what it came to:
#   ci/run-tier.sh smoke|capacity|soak|benchmark|selftest|unit [ctest arguments...]
# Each row writes its JSON report and its JUnit XML (<row>.junit.xml, with the headline
# figures and every verdict line) to build/reports/ (or SWARMGATE_REPORT_DIR). Exit code: 0
# every test passed; else CTest's (8: a test failed).
set -uo pipefail
tier=$1
shift
cd "$(dirname "$0")/../${BUILD_DIR:-build}"
reports=$(realpath -m "${SWARMGATE_REPORT_DIR:-reports}")
ctest -L "^${tier}\$" --no-tests=error --output-on-failure "$@" 2>&1 | tee "${tier}.log"
code=${PIPESTATUS[0]}
echo "[ exit     ] ${tier} tier: ${code} ($([[ $code -eq 0 ]] && echo "every test passed" || echo "a test failed or did not run")); reports and JUnit XML in ${reports}/; log in $(pwd)/${tier}.log"
exit "$code"
