#!/usr/bin/env bash
# Fails, naming the files, when a C++ file of src/ or bench/ is not formatted
# as .clang-format says. ctest runs it (format_check); `clang-format -i FILE`
# mends a file.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
command -v clang-format >/dev/null || { echo "clang-format is missing: scripts/setup.sh installs it" >&2; exit 1; }
mapfile -t files < <(find src bench -name '*.cc' -o -name '*.h' | sort)
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "not formatted as .clang-format says (run clang-format -i on them):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "${#files[@]} files formatted"
