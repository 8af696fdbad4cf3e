#!/usr/bin/env bash
# Installs what swarmgate needs on Debian 12. Idempotent: installs only what is missing.
# Node.js runs the bundled test servers (fixtures/node_servers); their npm packages are pinned
# by fixtures/node_servers/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# clang-14 and its runtime libraries build the fuzz targets (libFuzzer, ci/fuzz.sh); python3-yaml
# checks the ready-to-copy pipelines of ci/pipelines; chromium opens the HTML report in a test.
packages=(g++ cmake make git clang-format libgtest-dev libbenchmark-dev libwebsocketpp-dev
          libasio-dev rapidjson-dev libsqlite3-dev clang-14 libclang-rt-14-dev python3-yaml
          chromium)
command -v node > /dev/null || packages+=(nodejs)
command -v npm > /dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "bootstrap: all packages present (${packages[*]})"
if [[ ! -d fixtures/node_servers/node_modules/socket.io || ! -d fixtures/node_servers/node_modules/ws ]]; then
  npm ci --prefix fixtures/node_servers --no-audit --no-fund --loglevel=error
fi
echo "bootstrap: socket.io $(node -p "require('./fixtures/node_servers/node_modules/socket.io/package.json').version"), ws $(node -p "require('./fixtures/node_servers/node_modules/ws/package.json').version")"
