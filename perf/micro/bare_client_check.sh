#!/usr/bin/env bash
# The bare client does its workloads against the reference server (every connection opened,
# matched, chatted and closed, and the server relayed every message), and refuses bad
# arguments with exit code 2.
#   bare_client_check.sh BARE_CLIENT REFERENCE_SERVER
set -euo pipefail
bare=$1
server=$2
dir=$(mktemp -d)
"$server" --port=0 --port-file="$dir/port" > "$dir/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2> /dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 50); do [[ -s "$dir/port" ]] && break; sleep 0.1; done
port=$(cat "$dir/port")
"$bare" connect "$port" 40 100 0.5
"$bare" chat "$port" 5 50 2
stats=$(exec 3<> "/dev/tcp/127.0.0.1/$port" &&
  printf 'GET /stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3 && cat <&3)
grep -q '"matches_made":5,' <<< "$stats" || { echo "expected 5 matches: $stats"; exit 1; }
grep -q '"messages_relayed":20,' <<< "$stats" || { echo "expected 20 messages: $stats"; exit 1; }
for bad in "" "connect $port" "chat $port 0 10 1" "chat $port 1 10 2.5" "connect $port 10 -1 1" \
  "walk $port 1 1 1"; do
  rc=0
  # shellcheck disable=SC2086
  "$bare" $bad 2> /dev/null || rc=$?
  [[ $rc == 2 ]] || { echo "\"$bad\": exit code $rc, expected 2"; exit 1; }
done
echo "bare client: both workloads done, bad arguments refused"
