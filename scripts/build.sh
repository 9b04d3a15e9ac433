#!/usr/bin/env bash
# Configures and builds OpenWSUS into build/ (or $OPENWSUS_BUILD_DIR).
# Extra CMake options come from $OPENWSUS_CMAKE_ARGS (scripts/test.sh
# --sanitizers sets them); arguments go to `cmake --build`.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${OPENWSUS_BUILD_DIR:-$here/build}"
read -r -a extra <<< "${OPENWSUS_CMAKE_ARGS:-}"
launcher=()
if command -v ccache > /dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # A clone in another folder (CI's) hits this machine's cache: paths under
  # the tree are hashed relative to it, and the working directory is not
  # hashed, so the debug info names the folder of whichever build compiled
  # an object first.
  export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=true
fi
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "${extra[@]}" > /dev/null
cmake --build "$build" -j "$(nproc)" "$@"
