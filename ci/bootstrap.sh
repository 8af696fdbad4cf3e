#!/usr/bin/env bash
# Installs what swarmgate needs on Debian 12. Idempotent: installs only what is missing.
set -euo pipefail
packages=(g++ cmake make git clang-format libgtest-dev libbenchmark-dev libwebsocketpp-dev
          libasio-dev rapidjson-dev)
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
