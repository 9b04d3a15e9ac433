#!/usr/bin/env bash
# Sets up, builds and starts `openwsus serve` with its embedded defaults: a SQLite
# database, content and keys in the data directory, and the demo catalog loaded on
# first start. Extra arguments go to `openwsus serve`.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/setup.sh"
"$here/scripts/build.sh" --target openwsus
exec "${OPENWSUS_BUILD_DIR:-$here/build}/openwsus" serve "$@"
