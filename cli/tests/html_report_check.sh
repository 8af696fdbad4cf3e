#!/usr/bin/env bash
# The HTML report in headless Chromium: two short runs of a row (so that the second has a
# history to chart), then the page must load with no console message, every chart must be laid
# out and drawn (the page's own check: <body data-charts="N/N">), and a screenshot lands beside
# the reports. A copy with one chart broken must fail the same check: the check can fail.
#   html_report_check.sh SWARMGATE REPORT_DIR
set -uo pipefail
swarmgate=$1
reports=$2
chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium ]]; then
  echo "FAIL: no chromium (bash ci/bootstrap.sh installs Debian's)"
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SWARMGATE_REPORT_DIR=$work/reports
for run in 1 2; do
  if ! "$swarmgate" chat --pairs 20 --ramp 1s --chat-duration 4s --quiet \
      --threshold 'message_latency p95 regress < 50%' > "$work/run-$run.txt" 2>&1; then
    echo "FAIL: run $run of the row did not pass:"
    sed 's/^/    /' "$work/run-$run.txt"
    exit 1
  fi
done
page=$work/reports/swarmgate-chat.html
[[ -f $page && -f $work/reports/index.html ]] || { echo "FAIL: no HTML report or index"; exit 1; }
grep -q 'over this row&apos;s runs' "$page" || { echo "FAIL: the second run's report has no history chart"; exit 1; }

# check PAGE: prints the page's data-charts and every console line; 0 when all charts drew.
check() {
  local dom log
  dom=$("$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=3000 \
        --enable-logging=stderr --v=0 --dump-dom "file://$1" 2> "$work/console.txt")
  local charts
  charts=$(grep -o 'data-charts="[0-9]*/[0-9]*"' <<< "$dom" | head -1)
  log=$(grep 'CONSOLE' "$work/console.txt")
  echo "  $1: ${charts:-no data-charts}${log:+; console: $log}"
  [[ -n $charts && -z $log ]] || return 1
  local drawn=${charts#data-charts=\"} ; drawn=${drawn%\"}
  [[ ${drawn%/*} == "${drawn#*/}" && ${drawn%/*} -gt 0 ]]
}

failures=0
if check "$page"; then
  echo "ok: the report loads with no console message and every chart renders"
else
  echo "FAIL: the report did not render cleanly"
  failures=$((failures + 1))
fi
# One chart's lines renamed away: it draws nothing, and the check must say so.
sed '0,/class="series"/s//class="not-a-series"/' "$page" > "$work/broken.html"
if check "$work/broken.html"; then
  echo "FAIL: a report with a broken chart passed the check"
  failures=$((failures + 1))
else
  echo "ok: a report with a broken chart fails the check"
fi
mkdir -p "$reports"
shot=$reports/html-report-screenshot.png
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,3600 \
  --virtual-time-budget=3000 --screenshot="$shot" "file://$page" > /dev/null 2>&1
if [[ $(stat -c %s "$shot" 2> /dev/null || echo 0) -gt 20000 ]]; then
  echo "ok: screenshot $shot ($(stat -c %s "$shot") bytes)"
else
  echo "FAIL: no screenshot at $shot"
  failures=$((failures + 1))
fi
exit $((failures > 0))
