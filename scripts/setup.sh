#!/usr/bin/env bash
# Installs the Debian 12 packages that building and testing OpenWSUS need.
# Idempotent and non-interactive: when everything is already there it does nothing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost1.81-dev libpugixml-dev libsqlite3-dev libssl-dev libmspack-dev zlib1g-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  time clang-format ccache python3 cabextract libfwnt-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
