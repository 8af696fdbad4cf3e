#!/usr/bin/env bash
# Each exit code of build/swarmgate, produced on purpose, with the line that says why.
#   exit_codes.sh SWARMGATE usage     bad words, plans and targets: 2 and one line, nothing run
#   exit_codes.sh SWARMGATE outcomes  a pass (0), a broken gate (1), an inconclusive run (3),
#                                     and the shapes only the command line writes
set -uo pipefail
swarmgate=$1
mode=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SWARMGATE_REPORT_DIR=$work/reports
failures=0

# expect CODE PATTERN -- ARGS...: the command exits CODE and its output matches PATTERN.
expect() {
  local code=$1 pattern=$2
  shift 3
  local out rc
  out=$("$swarmgate" "$@" 2>&1)
  rc=$?
  if [[ $rc -ne $code ]] || ! grep -qE -- "$pattern" <<< "$out"; then
    echo "FAIL: swarmgate $* exited $rc (expected $code), output:"
    sed 's/^/    /' <<< "$out"
    failures=$((failures + 1))
  else
    echo "ok: exit $rc: swarmgate $*: $(grep -E -m1 -- "$pattern" <<< "$out")"
  fi
}

case $mode in
  usage)
    expect 2 '^swarmgate: no subcommand$' --
    expect 2 '^swarmgate: "gossip" is not a subcommand$' -- gossip
    expect 2 '^swarmgate: --bogus is not a flag of chat' -- chat --bogus 1
    expect 2 '^swarmgate: --pairs needs a value$' -- chat --pairs
    expect 2 '^swarmgate: --ramp: "30" is not a duration: give it a unit' -- chat --ramp 30
    expect 2 '^swarmgate: --msg-size: "1k" is not a whole number of bytes$' -- chat --msg-size 1k
    expect 2 '^swarmgate: --quiet takes no value$' -- chat --quiet=yes
    expect 2 'give --rate or --ramp, not both' -- saturate --rate 500/s --ramp 3s
    expect 2 'threshold "message_latency p95 < 1": a latency bound needs a unit' -- \
      chat --threshold 'message_latency p95 < 1'
    expect 2 '^swarmgate: --url=ws://10\.1\.2\.3:8080/ws: host 10\.1\.2\.3 is not loopback' -- \
      chat --url ws://10.1.2.3:8080/ws
    expect 2 'server faults are played by the bundled servers only' -- \
      chat --url ws://127.0.0.1:9/ws --server-fault=--drop-rate=0.1
    expect 2 'is not accepting WebSocket connections' -- chat --url ws://127.0.0.1:9/ws --quiet
    expect 2 '^swarmgate: run: needs a plan file' -- run
    expect 2 ': no such file$' -- run "$work/none.json"
    printf '{"rows": [{"name": "A", "family": "chat", "pairs": "x", "hold": "1s"}]}' > "$work/bad.json"
    expect 2 'bad\.json: /rows/0/pairs: "x" is not a whole number of pairs' -- run "$work/bad.json"
    expect 2 'bad\.json: /rows/0/hold: is not a parameter of the chat family' -- run "$work/bad.json"
    printf '{"rows": [{"name": "A", "family": "match"}]}' > "$work/one.json"
    expect 2 '^swarmgate: --row B: .*one\.json has no such row \(it has A\)$' -- \
      run "$work/one.json" --row B
    expect 2 '^swarmgate: --shard: "3/3": the index is 0 \.\. 2$' -- chat --shard 3/3
    expect 2 '^swarmgate: --start-at: "2026-02-30T12:00:00Z" is not a time' -- \
      chat --shard 0/2 --start-at 2026-02-30T12:00:00Z
    expect 2 'time zero is [0-9]+ s in the past' -- chat --shard 0/2 --start-at 1700000000 --quiet
    expect 2 '^swarmgate: --source-addresses: "10\.0\.0\.1" is not a loopback address' -- \
      chat --source-addresses 10.0.0.1
    expect 2 'threshold "pairing_time max regress < 10%": a regression bound judges a latency percentile' -- \
      match --threshold 'pairing_time max regress < 10%'
    printf 'not a database, though long enough for SQLite to read its header and see that it is not' \
      > "$work/not-a-history.sqlite"
    expect 2 '^swarmgate: --history: history .*not-a-history\.sqlite: ' -- \
      match --history "$work/not-a-history.sqlite"
    expect 2 '^swarmgate: history: --bogus is not a flag of history$' -- history --bogus
    expect 2 '^swarmgate: history: --changes needs a row and a metric' -- history --changes
    expect 2 '^swarmgate: history: no history at .*none\.sqlite \(runs add to it' -- \
      history --history "$work/none.sqlite"
    expect 2 '^swarmgate: history: history .*not-a-history\.sqlite: ' -- \
      history --history "$work/not-a-history.sqlite"
    expect 2 '^swarmgate: history: --format: "xml" is not csv or json$' -- history export --format xml
    expect 2 '^swarmgate: --shard and --processes: give one' -- chat --shard 0/2 --processes 2
    expect 2 '^swarmgate: merge: needs the shards' -- merge
    expect 2 '^swarmgate: merge: .*none\.json: no such file$' -- merge "$work/none.json"
    printf '{"swarmgate_shard_version": 1, "shard": [0, 2]}' > "$work/s.json"
    expect 2 '^swarmgate: merge: .*s\.json: /row_id: missing$' -- merge "$work/s.json"
    SWARMGATE_INCONCLUSIVE_RETRIES=6 expect 2 'SWARMGATE_INCONCLUSIVE_RETRIES.*not a whole number from 0 to 5' -- \
      chat --quiet
    expect 0 '^Usage: swarmgate chat \[flags\]$' -- chat --help
    expect 0 '^  --msg-interval DURATION .*\[default 1s\]$' -- chat --help
    ;;
  outcomes)
    expect 0 '^\[ exit     \] 0 \(pass' -- chat --pairs 10 --ramp 1s --chat-duration 4s \
      --msg-interval 500ms
    # The run is in the history (the reports folder's), and the history is read back.
    expect 0 '^ +1  .*  pass  .*  chat$' -- history
    expect 0 '^1,.*,chat,.*,message_latency,latency,' -- history export
    expect 0 '^too few runs to look for a change \(1; 6 needed\)$' -- \
      history --changes chat message_latency
    expect 1 '^  messages_lost count [0-9]+ != 0 \[chat\]$' -- chat --pairs 10 --ramp 1s \
      --chat-duration 4s --msg-interval 500ms --server-fault=--drop-rate=0.2 --quiet
    # A loop-lag bound of one microsecond no swarm meets: the generator is called the limit,
    # and the row is run again as often as asked before its verdict stays inconclusive.
    export SWARMGATE_INCONCLUSIVE_RETRIES=0
    expect 3 '^  inconclusive: swarm event-loop lag p99' -- chat --pairs 10 --ramp 1s \
      --chat-duration 4s --msg-interval 500ms --max-loop-lag 0.001ms --quiet
    export SWARMGATE_INCONCLUSIVE_RETRIES=2
    expect 3 '^  note: attempt 2 was inconclusive \(swarm event-loop lag p99' -- chat --pairs 5 \
      --ramp 1s --chat-duration 2s --msg-interval 500ms --max-loop-lag 0.001ms --quiet
    unset SWARMGATE_INCONCLUSIVE_RETRIES
    # 400 arrivals at 200/s, each held 1 s from its own opening: about 200 open at once, never
    # all 400; held until the ramp's end plus 1 s, all 400 are open together.
    expect 0 '^\[ figure   \] peak_open_connections = (1[89][0-9]|2[0-5][0-9])$' -- saturate \
      --connections 400 --rate 200/s --hold 1s --quiet
    expect 0 '^\[ figure   \] peak_open_connections = 400$' -- saturate \
      --connections 400 --rate 200/s --hold 1s --hold-from ramp-end --quiet
    # Messages only: the typing gate is listed as not applicable, not judged.
    expect 0 '^  not applicable: typing_latency p95 < 200ms: the row sends no typing' -- chat \
      --pairs 10 --ramp 1s --chat-duration 4s --typing false --quiet
    ;;
  *)
    echo "usage: exit_codes.sh SWARMGATE usage|outcomes" >&2
    exit 2
    ;;
esac
exit $((failures > 0))
