#!/usr/bin/env python3
"""The layer check: every #include of src/ points down the layer table.

Reads the table and its departures from docs/design-notes.md (section
"Layers as built"), the one place they are written, then every #include of
every file under src/. Fails, naming file and line, on
  - an include of a layer the file's layer may not depend on (directly or
    through the layers it may depend on),
  - a third-party header outside the layers allowed to use it,
  - a production file including test support (test files and src/testing/).
Test files (*_test.cc, *_test.h, test_*.{h,cc}, *fixture*.h and src/testing/)
may include any layer and any third-party header: they test across layers.

  scripts/check_layers.py [--root DIR]     exit 0: clean, 1: violations
"""
import argparse
import fnmatch
import os
import re
import sys

NOTES = "docs/design-notes.md"
SECTION = "## Layers as built"

# Third-party libraries by the include that names them.
THIRD_PARTY = [
    (re.compile(r"boost/"), "boost"),
    (re.compile(r"openssl/"), "openssl"),
    (re.compile(r"sqlite3\.h$"), "sqlite3"),
    (re.compile(r"zlib\.h$"), "zlib"),
    (re.compile(r"pugixml\.hpp$"), "pugixml"),
    (re.compile(r"nlohmann/"), "nlohmann"),
    (re.compile(r"(spdlog|fmt)/"), "spdlog"),
    (re.compile(r"mspack\.h$"), "mspack"),
    (re.compile(r"CLI/"), "CLI11"),
    (re.compile(r"(gtest|gmock)/"), "gtest"),
    (re.compile(r"benchmark/"), "benchmark"),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
ROW = re.compile(r"^\|\s*`([a-z_/]+)/`\s*\|([^|]*)\|([^|]*)\|([^|]*)\|\s*$")
DEPARTURE = re.compile(r"^- `([^`]+)` (?:→|->) `([^`]+)`")
TEST_PATTERNS = ["*_test.cc", "*_test.h", "test_*.cc", "test_*.h", "*fixture*.h", "*fixture*.cc"]


def names(cell):
    return [n.strip(" `/") for n in cell.split(",") if n.strip(" `/—-")]


class Table:
    def __init__(self, text):
        self.deps = {}  # layer -> direct deps
        self.third = {}  # layer -> third-party libraries
        self.departures = []  # (file glob, layer or <library>)
        if SECTION not in text:
            raise ValueError(f"{NOTES} has no '{SECTION}' section")
        body = text.split(SECTION, 1)[1]
        body = re.split(r"^## ", body, flags=re.M)[0]
        for line in body.splitlines():
            row = ROW.match(line)
            if row:
                layer = row.group(1)
                self.deps[layer] = names(row.group(3))
                self.third[layer] = names(row.group(4))
                continue
            departure = DEPARTURE.match(line)
            if departure:
                self.departures.append((departure.group(1), departure.group(2)))
        if not self.deps:
            raise ValueError(f"no layer rows in '{SECTION}' of {NOTES}")
        for layer, deps in self.deps.items():
            for dep in deps:
                if dep not in self.deps:
                    raise ValueError(f"layer {layer} depends on {dep}, which is not in the table")
        self.allowed = {layer: self.closure(layer) for layer in self.deps}

    def closure(self, layer):
        seen, todo = set(), list(self.deps[layer])
        while todo:
            dep = todo.pop()
            if dep not in seen:
                seen.add(dep)
                todo.extend(self.deps[dep])
        return seen

    def layer_of(self, path):
        """The layer of a path relative to src/: the longest folder prefix."""
        best = None
        for layer in self.deps:
            if path.startswith(layer + "/") and (best is None or len(layer) > len(best)):
                best = layer
        return best

    def departs(self, path, target):
        return any(fnmatch.fnmatch(path, glob) and target == allowed for glob, allowed in self.departures)


def is_test(path):
    base = os.path.basename(path)
    return path.startswith("testing/") or any(fnmatch.fnmatch(base, p) for p in TEST_PATTERNS)


def library_of(header):
    for pattern, library in THIRD_PARTY:
        if pattern.search(header):
            return library
    return None


def check_file(table, path, lines):
    layer = table.layer_of(path)
    if layer is None:
        return [f"src/{path}:1: folder is in no layer of {NOTES}"]
    test = is_test(path)
    problems = []
    for number, line in enumerate(lines, 1):
        match = INCLUDE.match(line)
        if not match:
            continue
        kind, header = match.groups()
        where = f"src/{path}:{number}"
        if kind == '"':
            target = table.layer_of(header)
            if target is None:
                problems.append(f"{where}: includes \"{header}\", which is in no layer")
            elif not test and is_test(header):
                problems.append(f"{where}: production code includes test support \"{header}\"")
            elif not test and target != layer and target not in table.allowed[layer] \
                    and not table.departs(path, target):
                problems.append(f"{where}: {layer}/ may not include {target}/ (\"{header}\")")
        else:
            library = library_of(header)
            if library is None or test:
                continue
            if library not in table.third[layer] and not table.departs(path, "<" + library + ">"):
                problems.append(f"{where}: <{header}> ({library}) is not for {layer}/")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    with open(os.path.join(root, NOTES), encoding="utf-8") as notes:
        try:
            table = Table(notes.read())
        except ValueError as error:
            print(f"layer check: {error}", file=sys.stderr)
            return 2
    src = os.path.join(root, "src")
    problems, files = [], 0
    for folder, _, entries in sorted(os.walk(src)):
        for entry in sorted(entries):
            if not entry.endswith((".h", ".cc")):
                continue
            full = os.path.join(folder, entry)
            path = os.path.relpath(full, src).replace(os.sep, "/")
            with open(full, encoding="utf-8") as source:
                problems += check_file(table, path, source.read().splitlines())
            files += 1
    for problem in problems:
        print(problem)
    print(f"layer check: {files} files, {len(table.deps)} layers, {len(problems)} wrong includes",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
