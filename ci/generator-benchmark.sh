#!/usr/bin/env bash
# The load generator's own figures, for the record (the benchmark tier, ~5 min): client
# memory per idle connection with 10,000 open, the connect rate when all connect at once, and
# client CPU per delivered chat message with 1,000 pairs chatting, 100,000 idle connections
# from 7 processes (shards, merged), and the workloads W1-W3 against the kernel's floor
# measured in the same run, W1 and W3 also against the least client there can be. Each row must also pass
# its thresholds, so a figure from a broken run is never printed as if it were good.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/bootstrap.sh
bash ci/build.sh
cd "${BUILD_DIR:-build}"
reports=${SWARMGATE_REPORT_DIR:-reports}
ctest -L '^benchmark$' --no-tests=error --output-on-failure

figure() {  # figure <report> <name>: the value of one headline figure in a JSON report
  sed -n "s/^ *\"$2\": \([-0-9.e+]*\),\{0,1\}$/\1/p" "$reports/$1.json" | head -1
}
saturate=Benchmark_Saturate_MeetsSlo_Conns10kAtOnce
chat=Benchmark_Chat_MeetsSlo_Pairs1000
fast=Benchmark_Chat_MeetsSlo_Pairs1000Every200ms
plain=Benchmark_Saturate_MeetsSlo_Conns5000Ramp10s
tls=Benchmark_Saturate_MeetsSlo_Conns5000Ramp10sTls
printf '\n%-64s %14s %10s\n' "generator figure" "measured" "goal"
printf '%-64s %14.0f %10s\n' "client RSS per idle connection, 10,000 open (bytes)" \
  "$(figure $saturate client_rss_per_connection_bytes)" "<= 4096"
printf '%-64s %14.0f %10s\n' "connect rate, 10,000 at once (connections/s)" \
  "$(figure $saturate connect_rate_per_s)" "-"
printf '%-64s %14.1f %10s\n' "client CPU per delivered message, 1,000 pairs, 1 msg/2 s (us)" \
  "$(figure $chat client_cpu_us_per_delivered_message_chat_phase)" "<= 2"
printf '%-64s %14.1f %10s\n' "client CPU per delivered message, 1,000 pairs, 5 msg/s (us)" \
  "$(figure $fast client_cpu_us_per_delivered_message_chat_phase)" "<= 2"
echo "(CPU per message: chat-phase seconds only; the message, its typing indicator, both ends)"
tls_cpu=$(awk -v t="$(figure $tls client_cpu_us_per_opened_connection)" \
  -v p="$(figure $plain client_cpu_us_per_opened_connection)" 'BEGIN { print t - p }')
tls_rss=$(awk -v t="$(figure $tls client_rss_per_connection_bytes)" \
  -v p="$(figure $plain client_rss_per_connection_bytes)" 'BEGIN { print t - p }')
printf '%-64s %14.0f %10s\n' "TLS: client CPU added per connect, 5,000 at 500/s (us)" "$tls_cpu" "-"
printf '%-64s %14.0f %10s\n' "TLS: client RSS added per idle connection (bytes)" "$tls_rss" "-"
echo "(TLS: P-256 certificates, TLS 1.3, sessions resumed after the first connections)"
many=connections-100k-Idle100k
printf '%-64s %14.0f %10s\n' "100,000 idle connections, 7 processes: client RSS per connection (bytes)" \
  "$(figure $many client_rss_per_connection_bytes)" "-"
printf '%-64s %14.0f %10s\n' "100,000 idle connections: connect rate (connections/s)" \
  "$(figure $many connect_rate_per_s)" "-"
printf '%-64s %14.2f %10s\n' "100,000 idle connections: connect p95 (ms)" \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["metrics"]["connect_time"]["p95"] / 1000)' "$reports/$many.json")" "-"
# W1-W3: the client's CPU per connect (W1, W3) and per frame (W2) as a multiple of the
# kernel's floor that the same run measured (a blocking connect, a frame written and read).
echo
printf '%-44s %8s %14s %14s %8s\n' "workload" "CPU-s" "us per unit" "floor (us)" "ratio"
w1=Benchmark_Saturate_MeetsSlo_W1Conns5000At500PerS
w2=Benchmark_Chat_MeetsSlo_W2Pairs500At100PerS
w3=Benchmark_Saturate_MeetsSlo_W3Conns18000At600PerS
printf '%-44s %8.2f %14.1f %14.1f %8.2f\n' "W1: 5,000 conns at 500/s, held 30 s (connect)" \
  "$(figure $w1 client_cpu_s)" "$(figure $w1 client_cpu_us_per_opened_connection)" \
  "$(figure $w1 floor_cpu_us_per_connect)" "$(figure $w1 client_cpu_per_connect_to_floor)"
printf '%-44s %8.2f %14.1f %14.2f %8.2f\n' "W2: 500 pairs, 30 msgs of 128 B at 1/s (frame)" \
  "$(figure $w2 client_cpu_s)" "$(figure $w2 client_cpu_us_per_frame)" \
  "$(figure $w2 floor_cpu_us_per_frame)" "$(figure $w2 client_cpu_per_frame_to_floor)"
printf '%-44s %8.2f %14.1f %14.1f %8.2f\n' "W3: 18,000 conns at 600/s, held 45 s (connect)" \
  "$(figure $w3 client_cpu_s)" "$(figure $w3 client_cpu_us_per_opened_connection)" \
  "$(figure $w3 floor_cpu_us_per_connect)" "$(figure $w3 client_cpu_per_connect_to_floor)"
echo "(goals: W1 <= 0.5 CPU-s, W2 <= 0.6, W3 <= 2.0; per frame within 2x the floor)"

# W1-W3 by the least client there can be (perf/micro/bare_client.cpp: one thread, raw epoll,
# no measurement) against a reference server of its own: the bound under the swarm's CPU.
rm -f bare.port
fixtures/reference_server/swarmgate_reference_server --port=0 --port-file=bare.port \
  > bare-server.log 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2> /dev/null || true' EXIT
for _ in $(seq 50); do [[ -s bare.port ]] && break; sleep 0.1; done
bare() {  # bare <mode> <count> <rate> <hold_s or messages>: the bare client's CPU-seconds
  perf/micro/swarmgate_bare_client "$1" "$(cat bare.port)" "${@:2}" |
    sed -n 's/.*, \([0-9.]*\) CPU-s,.*/\1/p'
}
printf '\n%-44s %8s %14s %8s\n' "workload" "swarm" "bare client" "ratio"
for w in "W1 $w1 connect 5000 500 30" "W2 $w2 chat 500 100 30" "W3 $w3 connect 18000 600 45"; do
  read -r name report mode count rate last <<< "$w"
  swarm_s=$(figure "$report" client_cpu_s)
  bare_s=$(bare "$mode" "$count" "$rate" "$last")
  printf '%-44s %8.2f %14.2f %8.2f\n' "$name CPU-s" "$swarm_s" "$bare_s" \
    "$(awk -v s="$swarm_s" -v b="$bare_s" 'BEGIN { print s / b }')"
done
