#!/usr/bin/env bash
# Sets up, builds and runs every test (unit and integration) with ctest.
#   scripts/test.sh               the normal build, in build/
#   scripts/test.sh --sanitizers  the same tests built with AddressSanitizer and
#                                 UndefinedBehaviorSanitizer, in build-sanitizers/
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${OPENWSUS_BUILD_DIR:-$here/build}"
case "${1:-}" in
  "") ;;
  --sanitizers)
    build="${OPENWSUS_SANITIZER_BUILD_DIR:-$here/build-sanitizers}"
    export OPENWSUS_CMAKE_ARGS="-DOPENWSUS_SANITIZE=ON -DOPENWSUS_BUILD_BENCH=OFF"
    # Leaks are reported, and every finding fails the test that made it.
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    ;;
  *) echo "usage: scripts/test.sh [--sanitizers]" >&2; exit 2 ;;
esac
"$here/scripts/setup.sh"
OPENWSUS_BUILD_DIR="$build" "$here/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
