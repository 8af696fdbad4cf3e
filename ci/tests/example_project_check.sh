#!/usr/bin/env bash
# examples/pairing-service, a project of its own, built with find_package(swarmgate) against
# (1) the tree `cmake --install` writes and (2) the Debian package `cpack -G DEB` builds,
# unpacked; each time its smoke tests (a scenario file and a plan) run against its own server
# and must pass.
#   example_project_check.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2> /dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# run_example PREFIX NAME: configure, build and run the example's smoke tests against PREFIX.
run_example() {
  local prefix=$1 name=$2 dir=$work/$2
  echo "== $name: configure and build against $prefix"
  cmake -S "$source_dir/examples/pairing-service" -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" \
    > "$work/$name-configure.log" 2>&1 || { cat "$work/$name-configure.log"; return 1; }
  cmake --build "$dir" -j "$(nproc)" > "$work/$name-build.log" 2>&1 ||
    { tail -40 "$work/$name-build.log"; return 1; }
  "$dir/pair_server" > "$work/$name-server.out" 2>&1 &
  server_pid=$!
  local port=""
  for _ in $(seq 50); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/$name-server.out")
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || { echo "FAIL: the example's server did not start"; return 1; }
  echo "== $name: its smoke tests against its own server, ws://127.0.0.1:$port"
  local rc=0
  SWARMGATE_TARGET=ws://127.0.0.1:$port SWARMGATE_REPORT_DIR=$dir/reports \
    ctest --test-dir "$dir" -L smoke --output-on-failure || rc=$?
  kill "$server_pid"
  wait "$server_pid" 2> /dev/null || true
  server_pid=""
  [[ $rc -eq 0 ]] || { echo "FAIL: $name: the example's tests did not pass"; return 1; }
  local count
  count=$(ctest --test-dir "$dir" -L smoke -N | sed -n 's/^Total Tests: //p')
  [[ $count -ge 2 ]] || { echo "FAIL: $name: $count smoke tests registered (2 expected)"; return 1; }
  echo "ok: $name: $count tests passed"
}

cmake --install "$build" --prefix "$work/installed" > "$work/install.log"
run_example "$work/installed" installed-tree

(cd "$build" && cpack -G DEB -B "$work/deb" > "$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/deb/swarmgate_*.deb)
echo "== $(basename "$deb"): $(dpkg-deb -f "$deb" Package Version Depends | tr '\n' ' ')"
dpkg-deb -x "$deb" "$work/root"
for f in usr/bin/swarmgate usr/libexec/swarmgate/swarmgate_reference_server \
         usr/lib/cmake/swarmgate/swarmgateConfig.cmake usr/share/swarmgate/profiles/reference.json; do
  [[ -e $work/root/$f ]] || { echo "FAIL: the package has no /$f"; exit 1; }
done
"$work/root/usr/bin/swarmgate" --version
run_example "$work/root/usr" debian-package
