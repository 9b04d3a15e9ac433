#!/usr/bin/env python3
"""Test of the layer check: it passes on a copy of the tree, and fails,
naming file and line, on each wrong include planted in a copy; it takes its
departures from docs/design-notes.md (remove one and the check fails)."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CHECK = os.path.join(HERE, "check_layers.py")

# (file, include planted after its first line, what the complaint must say)
PLANTED = [
    ("src/common/strings.cc", '#include "wusp/wusp_service.h"', "common/ may not include wusp/"),
    ("src/agent/fleet.cc", '#include "cli/cli_support.h"', "agent/ may not include cli/"),
    ("src/cli/serve_command.cc", '#include "agent/fleet.h"', "cli/ may not include agent/"),
    ("src/store/store.h", '#include "store/sqlite/sqlite_store.h"', "store/ may not include store/sqlite/"),
    ("src/wusp/cookie_gate.cc", "#include <sqlite3.h>", "(sqlite3) is not for wusp/"),
    ("src/admin/authenticator.cc", "#include <openssl/rand.h>", "(openssl) is not for admin/"),
    ("src/wusp/scan_service.cc", '#include "testing/test_support.h"', "production code includes test support"),
]


def copy_tree(into):
    shutil.copytree(os.path.join(ROOT, "src"), os.path.join(into, "src"))
    os.makedirs(os.path.join(into, "docs"))
    shutil.copy(os.path.join(ROOT, "docs", "design-notes.md"), os.path.join(into, "docs"))


def run(root):
    done = subprocess.run([sys.executable, CHECK, "--root", root], capture_output=True, text=True)
    return done.returncode, done.stdout


def plant(root, path, include):
    full = os.path.join(root, path)
    with open(full, encoding="utf-8") as f:
        lines = f.read().splitlines(True)
    lines.insert(1, include + "\n")  # after the first line: line 2
    with open(full, "w", encoding="utf-8") as f:
        f.writelines(lines)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        clean = os.path.join(scratch, "clean")
        copy_tree(clean)
        code, out = run(clean)
        if code != 0:
            failures.append(f"the unchanged tree fails:\n{out}")

        # A test file may include across layers.
        plant(clean, "src/common/strings_test.cc", '#include "wusp/wusp_service.h"')
        code, out = run(clean)
        if code != 0:
            failures.append(f"a test file's include of an upper layer was refused:\n{out}")

        for number, (path, include, complaint) in enumerate(PLANTED):
            root = os.path.join(scratch, f"planted{number}")
            copy_tree(root)
            plant(root, path, include)
            code, out = run(root)
            expected = f"{path}:2: "
            if code != 1 or expected not in out or complaint not in out:
                failures.append(f"{include} in {path}: exit {code}, wanted 1 and '{expected}...{complaint}':\n{out}")

        # The departures are read from design-notes.md: without the content
        # handler's, its include of http/ is refused.
        root = os.path.join(scratch, "no_departure")
        copy_tree(root)
        notes = os.path.join(root, "docs", "design-notes.md")
        with open(notes, encoding="utf-8") as f:
            text = f.read()
        with open(notes, "w", encoding="utf-8") as f:
            f.write(text.replace("- `content/content_handler.*` → `http`", "- (removed)"))
        code, out = run(root)
        if code != 1 or "src/content/content_handler" not in out:
            failures.append(f"without the departure: exit {code}:\n{out}")

    for failure in failures:
        print("FAIL:", failure)
    print(f"layer check test: {len(PLANTED) + 3 - len(failures)} of {len(PLANTED) + 3} cases passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
